import { isTruthyParam } from "../params.ts";
import { plexTvList } from "../render/data.ts";
import { playerResource, serverResource } from "../render/resource-payload.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1` with an account token: a top-level
 * array of the servers the account owns or has been shared, each with its own `accessToken` and its
 * connections, plus the account's phone (a client device, so callers must filter on `provides`). Each
 * flag is 0 unless given, as on plex.tv: without it, the https, relay or IPv6 connections are left out.
 * 401/1001 without a valid token (422 when revoked).
 */
export const serverResourcesRoute: RouteHandler = (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  const { request, params, state, successStatus } = context;
  const now = state.clock.now();
  const filter = {
    https: isTruthyParam(params.includeHttps),
    relay: isTruthyParam(params.includeRelay),
    ipv6: isTruthyParam(params.includeIPv6),
  };
  const arrivedOn = new URL(request.url);
  const servers = state.servers.flatMap((server) => {
    const accessToken = state.serverAccessTokens.tokenFor(server.key, caller.account.key);
    return accessToken === undefined
      ? []
      : [serverResource(server, caller.account, accessToken, arrivedOn, filter, now)];
  });
  return plexTvList(request, successStatus, [...servers, playerResource(caller.account, now)], "resources");
};
