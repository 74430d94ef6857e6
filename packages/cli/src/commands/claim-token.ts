import type { CommandDefinition } from "./command.ts";

// plex.tv's claim tokens live about four minutes (getClaimToken's documentation).
const CLAIM_LIFETIME_MS = 4 * 60_000;

/** `plex-auth claim-token`: a claim token for setting up a new server, and how long it lasts. */
export const claimTokenCommand: CommandDefinition = {
  name: "claim-token",
  summary: "Get a claim token for setting up a new server (PLEX_CLAIM)",
  async run(context) {
    const { plex } = await context.signedIn();
    const claim = await plex.authentication.getClaimToken(undefined, { signal: context.signal });
    context.secrets.push(claim);
    const expiresAt = new Date(Date.now() + CLAIM_LIFETIME_MS);
    context.note(
      context.style.dim(
        `Valid for about 4 minutes (until ${expiresAt.toLocaleTimeString()}): use it now, e.g. as PLEX_CLAIM for the official Docker image.`,
      ),
    );
    return {
      json: { claimToken: claim, expiresAt: expiresAt.toISOString(), expiresInSeconds: CLAIM_LIFETIME_MS / 1000 },
      lines: [claim],
    };
  },
};
