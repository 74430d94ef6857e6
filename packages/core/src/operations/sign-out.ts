import { type OperationFunction, operationFunction } from "../client-core.ts";
import { defineOperation, EMPTY_BODY, NO_INPUT, type NoInput, type OperationDefinition } from "../operation.ts";

/** Input of {@link signOut}: nothing; the token signed out is the client's (or the call's `token` option). */
export type SignOutInput = NoInput;

/**
 * `plex.authentication.signOut()`: `DELETE {plexTvUrl}/users/signout` with the token. The token is dead
 * afterwards, everywhere. Never retried once it may have reached plex.tv: a second try would answer 401
 * for the token the first one already killed.
 *
 * @example
 * ```ts
 * await signedIn.authentication.signOut();
 * ```
 */
export const signOutOperation: OperationDefinition<SignOutInput, undefined, void> = /* @__PURE__ */ defineOperation({
  name: "signOut",
  title: "Sign out",
  description: "Signs the token out of plex.tv: it stops working everywhere, at once. Sign in again for a new one.",
  host: "plexTv",
  method: "DELETE",
  path: "/users/signout",
  input: NO_INPUT,
  response: EMPTY_BODY,
  successStatus: 204,
  retry: "non-idempotent",
  tool: {
    name: "sign_out",
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    presenter: "signedOut",
  },
  toResult: () => undefined,
});

/**
 * Signs a token out of plex.tv (`DELETE /api/v2/users/signout`); it is dead afterwards.
 *
 * @example
 * ```ts
 * import { signOut } from "@plex-auth/core";
 * await signOut(core);
 * ```
 */
export const signOut: OperationFunction<SignOutInput, void> = /* @__PURE__ */ operationFunction(signOutOperation);
