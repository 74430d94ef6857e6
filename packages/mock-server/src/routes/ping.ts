import { plexTvData } from "../render/data.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/ping`: `{"pong": true}` for a live account token, which it also marks as seen (plex.tv
 * keeps pinged tokens alive). 401/1001 for a missing, unknown or transient token; 422 for a revoked one.
 */
export const pingRoute: RouteHandler = ({ request, token, state, successStatus }) => {
  if (token === undefined) return plexTvError(request, PLEX_TV_ERRORS.unauthenticated);
  const found = state.accountTokens.lookup(token, state.clock.now());
  if (found.status === "revoked") return plexTvError(request, PLEX_TV_ERRORS.invalidToken);
  if (found.status !== "valid") return plexTvError(request, PLEX_TV_ERRORS.unauthenticated);
  return plexTvData(request, successStatus, { pong: true }, "pong");
};
