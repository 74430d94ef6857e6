import { pmsData } from "../render/data.ts";
import { pmsErrorPage } from "../render/responses.ts";
import { rootContainer } from "../render/server-payload.ts";
import { mockServerIdentity } from "../servers/identity.ts";
import { serverPrincipal } from "../state/mock-state.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /` on the mock's own Plex Media Server: its root (`machineIdentifier`, `friendlyName`, `version`, …)
 * for a token valid on this server: an access token of it from `/api/v2/resources` (any account it is
 * shared with), the owner's account token, or a transient token made from one of those. 401 HTML for
 * anything else, a shared account's own plex.tv token included (a PMS wants its access token). Not an
 * operation of core's table: the request a connection picker probes with.
 */
export const serverRootRoute: RouteHandler = ({ request, token, state, successStatus }) => {
  const principal = serverPrincipal(state, token);
  if (!principal || !(principal.viaServerToken || principal.account.serverAccess === "owner")) {
    return pmsErrorPage(401);
  }
  return pmsData(request, successStatus, rootContainer(mockServerIdentity(state)));
};
