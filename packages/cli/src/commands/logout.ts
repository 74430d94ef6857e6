import { InvalidTokenError } from "@plex-auth/core";
import { profileLabel } from "../context.ts";
import { CliError } from "../errors.ts";
import { terminalSafe } from "../ui/safe-text.ts";
import type { CommandDefinition } from "./command.ts";

/** `plex-auth logout`: kills the stored token on plex.tv, then forgets it. */
export const logoutCommand: CommandDefinition = {
  name: "logout",
  summary: "Sign out on plex.tv (the token stops working) and delete the stored token",
  async run(context) {
    const { profile } = context.options;
    const store = await context.tokenStore();
    const stored = await store.read(profile);
    if (!stored) {
      if (context.io.env.PLEX_TOKEN?.trim()) {
        throw new CliError(
          "token_from_environment",
          "The token in use comes from PLEX_TOKEN, and none is stored: unset PLEX_TOKEN, or revoke that token on plex.tv (Settings, Authorized Devices).",
        );
      }
      throw new CliError("not_signed_in", `No token is stored${profileLabel(profile)}: there is nothing to sign out.`);
    }
    context.secrets.push(stored.token);
    let alreadyDead = false;
    try {
      await context.plex().withToken(stored.token).authentication.signOut(undefined, { signal: context.signal });
    } catch (error) {
      // A token that no longer works is signed out already: forget it all the same.
      if (!(error instanceof InvalidTokenError)) throw error;
      alreadyDead = true;
    }
    const where = store.describe(profile);
    await store.delete(profile);
    const who = terminalSafe(stored.username) || "the account";
    return {
      json: { profile, username: stored.username, signedOut: true, alreadySignedOut: alreadyDead, deletedFrom: where },
      lines: [
        `${context.style.green("✓")} Signed out ${who}${profileLabel(profile)}: ${alreadyDead ? "the token had already stopped working" : "the token no longer works on plex.tv"}, and it is deleted from ${where}.`,
        // One machine is one Plex device, so profiles of the same account hold the same token.
        ...(alreadyDead ? [] : ["  Other profiles of the same account on this machine are signed out with it."]),
      ],
    };
  },
};
