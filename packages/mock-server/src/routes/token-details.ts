import { accountPayload } from "../render/account-payload.ts";
import { plexTvData } from "../render/data.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/user`: the account behind a live account token. 401/1001 for a missing, unknown,
 * signed-out or transient token (transient tokens belong to a server, not to plex.tv); 422 "Invalid
 * token" for a revoked one.
 */
export const tokenDetailsRoute: RouteHandler = (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  const { request, state, successStatus } = context;
  return plexTvData(request, successStatus, accountPayload(caller.account, caller.token, state.clock.now()), "user");
};
