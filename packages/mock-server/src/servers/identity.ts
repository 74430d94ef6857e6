import type { ServerIdentity } from "../render/server-payload.ts";
import { MOCK_SERVER } from "../sources.ts";
import type { MockState } from "../state/mock-state.ts";
import { DEFAULT_SERVER_DETAILS } from "./defaults.ts";
import type { ResolvedMediaServer } from "./resolve.ts";

/** What a resolved server says about itself on `/identity` and `/`. */
export function identityOf(server: ResolvedMediaServer): ServerIdentity {
  return {
    machineIdentifier: server.clientIdentifier,
    friendlyName: server.name,
    version: server.productVersion,
    platform: server.platform,
    platformVersion: server.platformVersion,
    ownerUsername: server.owner.username,
  };
}

/**
 * The mock's own Plex Media Server (at the mock's origin): its entry of the `servers` list, or, when that
 * list leaves it out, `MOCK_SERVER` owned by the first account whose serverAccess is "owner".
 */
export function mockServerIdentity(state: MockState): ServerIdentity {
  const listed = state.servers.find((server) => server.isMockServer);
  if (listed) return identityOf(listed);
  const owner = state.accounts.find((account) => account.serverAccess === "owner");
  return {
    machineIdentifier: MOCK_SERVER.clientIdentifier,
    friendlyName: MOCK_SERVER.name,
    version: DEFAULT_SERVER_DETAILS.productVersion,
    platform: DEFAULT_SERVER_DETAILS.platform,
    platformVersion: DEFAULT_SERVER_DETAILS.platformVersion,
    ownerUsername: owner?.username ?? "",
  };
}
