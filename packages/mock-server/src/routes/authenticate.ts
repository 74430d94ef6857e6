import type { MockAccount } from "../accounts.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { RouteContext } from "./context.ts";

/** The outcome of {@link authenticate}: the account behind the token, or the error plex.tv answers. */
export type Authenticated =
  | { readonly account: MockAccount; readonly token: string; readonly error?: undefined }
  | { readonly error: Response };

/**
 * The account behind a plex.tv request's token, marking the token as seen. 401/1001 for a missing or
 * unknown token (a signed-out or transient one included: transient tokens belong to a server, not to
 * plex.tv); 422 "Invalid token" for a revoked one.
 */
export function authenticate({ request, token, state }: RouteContext): Authenticated {
  if (token === undefined) return { error: plexTvError(request, PLEX_TV_ERRORS.unauthenticated) };
  const found = state.accountTokens.lookup(token, state.clock.now());
  if (found.status === "revoked") return { error: plexTvError(request, PLEX_TV_ERRORS.invalidToken) };
  if (found.status !== "valid") return { error: plexTvError(request, PLEX_TV_ERRORS.unauthenticated) };
  return { account: found.account, token };
}
