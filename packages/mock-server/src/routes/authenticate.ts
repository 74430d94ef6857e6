import type { MockAccount } from "../accounts.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { RouteContext } from "./context.ts";

/** The outcome of {@link authenticate}: the account and device behind the token, or the error plex.tv answers. */
export type Authenticated =
  | {
      readonly account: MockAccount;
      readonly token: string;
      /** The client identifier of the token's device (the one it was issued to, whatever the header says). */
      readonly clientIdentifier: string;
      /** A legacy 20-character account token, or a Plex JWT. */
      readonly kind: "legacy" | "jwt";
      readonly error?: undefined;
    }
  | { readonly error: Response };

function refusal(request: Request, status: "revoked" | "expired" | "unknown"): { readonly error: Response } {
  if (status === "revoked") return { error: plexTvError(request, PLEX_TV_ERRORS.invalidToken) };
  if (status === "expired") return { error: plexTvError(request, PLEX_TV_ERRORS.jwtExpired) };
  return { error: plexTvError(request, PLEX_TV_ERRORS.unauthenticated) };
}

/**
 * The account behind a plex.tv request's token: a live account token (marked as seen) or a live Plex JWT
 * the mock issued. 401/1001 for a missing or unknown token (a signed-out one, a transient one, which
 * belongs to a server, and a JWT whose signing key was rotated out included); 422 "Invalid token" for a
 * revoked one; 498 for an expired Plex JWT.
 */
export function authenticate({ request, token, state }: RouteContext): Authenticated {
  if (token === undefined) return refusal(request, "unknown");
  const now = state.clock.now();
  const legacy = state.accountTokens.lookup(token, now);
  if (legacy.status === "valid") {
    return { account: legacy.account, clientIdentifier: legacy.clientIdentifier, token, kind: "legacy" };
  }
  if (legacy.status === "revoked") return refusal(request, "revoked");
  const jwt = state.plexJwts.lookup(token, now);
  if (jwt.status !== "valid") return refusal(request, jwt.status);
  return { account: jwt.account, clientIdentifier: jwt.clientIdentifier, token, kind: "jwt" };
}
