import { plexTvData } from "../render/data.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/ping`: `{"pong": true}` for a live account token, which it also marks as seen (plex.tv
 * keeps pinged tokens alive). 401/1001 for a missing, unknown, signed-out or transient token; 422 for a
 * revoked one.
 */
export const pingRoute: RouteHandler = (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  return plexTvData(context.request, context.successStatus, { pong: true }, "pong");
};
