import * as v from "valibot";
import { TOKEN_ORIGINS, type TokenOrigin } from "../../session/issued-token.ts";
import type { Presenter } from "./types.ts";

const outputSchema = v.object({
  origin: v.pipe(
    v.nullable(v.picklist(TOKEN_ORIGINS)),
    v.description(
      "Where the signed-out token came from: environment (PLEX_TOKEN, now dead: the user must replace it), " +
        "sign-in or home-switch (earlier in this session).",
    ),
  ),
});

// What the user still has to do depends on where the dead token lives: only PLEX_TOKEN outlives the session.
function aftermath(origin: TokenOrigin | undefined): string {
  return origin === "environment"
    ? " It was the configured PLEX_TOKEN: tell the user to remove or replace it in this MCP server's configuration."
    : "";
}

/**
 * Says the session's token was signed out of plex.tv and is dead; the session forgets it.
 *
 * @example
 * ```ts
 * (await signedOutPresenter.present(undefined, context)).structured; // { origin: "environment" }
 * ```
 */
export const signedOutPresenter: Presenter<void> = {
  outputSchema,
  tokenNote: "Then this session forgets it (PLEX_TOKEN included). Only when the user asked to sign out.",
  present(_nothing, context) {
    return {
      structured: { origin: context.tokenOrigin ?? null } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        "Signed out: plex.tv revoked this session's token, which is now dead everywhere. This session has no " +
        "token any more: the token tools answer not_signed_in until someone signs in again." +
        aftermath(context.tokenOrigin),
    };
  },
  revokesToken: true,
};
