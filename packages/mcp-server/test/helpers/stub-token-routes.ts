import { json, type RouteContext, SENTINELS, signedIn, unauthenticated } from "./stub-shared.ts";

/**
 * The token helpers of FLOWS §3 and the claim token: `GET /ping`, `DELETE /users/signout` (204, after which
 * the token is refused everywhere) and the v1 `GET /api/claim/token.json`.
 */
export function tokenRoute(context: RouteContext): Response | undefined {
  const { call, path } = context;
  const route = `${call.method} ${path}`;
  if (
    route !== "GET /api/v2/ping" &&
    route !== "DELETE /api/v2/users/signout" &&
    route !== "GET /api/claim/token.json"
  ) {
    return undefined;
  }
  if (!signedIn(context)) return unauthenticated();
  if (route === "GET /api/v2/ping") return json(200, { pong: true });
  if (route === "GET /api/claim/token.json") return json(200, { token: SENTINELS.claimToken });
  context.validTokens.delete(context.token as string);
  return new Response(null, { status: 204 });
}
