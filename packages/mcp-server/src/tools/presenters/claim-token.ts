import * as v from "valibot";
import { tokenViewSchema } from "../result-schemas.ts";
import { viewToken } from "./token-view.ts";
import type { Presenter } from "./types.ts";

// A claim token lives about 4 minutes (core's getClaimToken, and the pms-docker README, say so).
const LIFETIME_MS = 4 * 60 * 1000;

const HOW_TO_USE =
  "The user claims a new Plex Media Server with it: as PLEX_CLAIM when first starting the official Docker image " +
  "(plexinc/pms-docker), or where a new server's setup page asks for a claim token.";

const outputSchema = v.object({
  claimToken: v.pipe(
    tokenViewSchema,
    v.description("The new claim token (claim-…); expiresAt is about 4 minutes from now: use it at once."),
  ),
});

// Without exposure the assistant cannot hand the token over, so it must say how the user gets to see it.
function whereToSeeIt(exposeTokens: boolean): string {
  return exposeTokens
    ? "The full token is in claimToken.value: give it to the user now."
    : "The token itself is withheld from this conversation (token exposure is off): to see it, the user must " +
        "run this MCP server with token exposure on (PLEX_MCP_EXPOSE_TOKENS=1 or plex-auth-mcp --expose-tokens), " +
        "or get a claim token themselves at https://plex.tv/claim.";
}

/**
 * Shows a minted claim token as a fingerprint and its short expiry, with how the user uses it.
 *
 * @example
 * ```ts
 * (await claimTokenPresenter.present("claim-…", context)).structured; // { claimToken: { fingerprint, expiresAt } }
 * ```
 */
export const claimTokenPresenter: Presenter<string> = {
  outputSchema,
  tokenNote: "",
  present(token, context) {
    const expiresAt = new Date(context.now + LIFETIME_MS).toISOString();
    const claimToken = viewToken(token, context.exposeTokens, expiresAt);
    return {
      structured: { claimToken } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        `Minted claim token ${claimToken.fingerprint}, valid until about ${expiresAt} (4 minutes). ${HOW_TO_USE} ` +
        whereToSeeIt(context.exposeTokens),
    };
  },
};
