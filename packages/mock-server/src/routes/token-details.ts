import { accountPayload } from "../render/account-payload.ts";
import { plexTvData } from "../render/data.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/user`: the account behind a live account token. 401/1001 for a missing, unknown or
 * transient token (transient tokens belong to a server, not to plex.tv); 422 "Invalid token" for a revoked one.
 */
export const tokenDetailsRoute: RouteHandler = ({ request, token, state, successStatus }) => {
  if (token === undefined) return plexTvError(request, PLEX_TV_ERRORS.unauthenticated);
  const now = state.clock.now();
  const found = state.accountTokens.lookup(token, now);
  if (found.status === "revoked") return plexTvError(request, PLEX_TV_ERRORS.invalidToken);
  if (found.status !== "valid") return plexTvError(request, PLEX_TV_ERRORS.unauthenticated);
  return plexTvData(request, successStatus, accountPayload(found.account, token, now), "user");
};
