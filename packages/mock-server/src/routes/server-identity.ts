import { pmsData } from "../render/data.ts";
import { identityContainer } from "../render/server-payload.ts";
import { mockServerIdentity } from "../servers/identity.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /identity` on the mock's own Plex Media Server, without a token, as every PMS answers it: which
 * machine this is (`machineIdentifier`). Not an operation of core's table: the connection picker's check.
 */
export const serverIdentityRoute: RouteHandler = ({ request, state, successStatus }) =>
  pmsData(request, successStatus, identityContainer(mockServerIdentity(state)));
