import { noContent } from "../render/data.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `DELETE /api/v2/users/signout`: the token (an account token or a Plex JWT) is signed out. 204, and from
 * then on the token is unknown everywhere (401/1001 on plex.tv, 401 on the PMS, transient tokens made from
 * it too), unlike a revoked one (422). 401/1001 for a missing or unknown token, 422 for a revoked one, 498
 * for an expired Plex JWT.
 */
export const signOutRoute: RouteHandler = (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  if (caller.kind === "jwt") context.state.plexJwts.signOut(caller.token);
  else context.state.accountTokens.signOut(caller.token);
  return noContent(context.successStatus);
};
