import type { PlexSwitchedUser } from "@plex-auth/core";
import * as v from "valibot";
import { isoFromEpochSeconds, nullableBoolean, nullableString, tokenViewSchema } from "../result-schemas.ts";
import { viewToken, withheldNote } from "./token-view.ts";
import type { Presenter } from "./types.ts";

const outputSchema = v.object({
  profile: v.pipe(
    v.object({
      uuid: v.string(),
      title: v.string(),
      username: v.pipe(nullableString, v.description("The plex.tv username; null for a managed profile.")),
      admin: v.pipe(nullableBoolean, v.description("The Home's admin.")),
      restricted: v.pipe(nullableBoolean, v.description("A managed profile with a restriction profile.")),
      protected: v.pipe(nullableBoolean, v.description("Protected by a 4-digit PIN.")),
      guest: nullableBoolean,
    }),
    v.description("The Plex Home profile this session now acts as."),
  ),
  token: v.pipe(
    tokenViewSchema,
    v.description("The profile's own token, as a fingerprint. It is now this session's token for the other tools."),
  ),
});

// Field by field, as for a sign-in: no email, avatar, hashed PIN or any field Plex adds.
function viewProfile(user: PlexSwitchedUser): v.InferOutput<typeof outputSchema>["profile"] {
  return {
    uuid: user.uuid,
    title: user.title,
    username: user.username ?? null,
    admin: user.homeAdmin ?? null,
    restricted: user.restricted ?? null,
    protected: user.protected ?? null,
    guest: user.guest ?? null,
  };
}

/**
 * Shows which Home profile the session switched to; its token becomes the session's, as a fingerprint.
 *
 * @example
 * ```ts
 * switchedUserPresenter.issuedToken?.(user); // { token: user.authToken, expiresAt: "…", origin: "home-switch" }
 * ```
 */
export const switchedUserPresenter: Presenter<PlexSwitchedUser> = {
  outputSchema,
  tokenNote: "The PIN never appears in a result.",
  present(user, context) {
    const token = viewToken(user.authToken, context.exposeTokens, isoFromEpochSeconds(user.rememberExpiresAt));
    return {
      structured: { profile: viewProfile(user), token } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        `Switched to the Plex Home profile "${user.title}"${user.restricted ? " (managed)" : ""}. Its token ` +
        `${token.fingerprint} is now this session's token: the other tools act as this profile. ` +
        withheldNote(context.exposeTokens, "token"),
    };
  },
  issuedToken: (user) => ({
    token: user.authToken,
    expiresAt: isoFromEpochSeconds(user.rememberExpiresAt),
    origin: "home-switch",
  }),
};
