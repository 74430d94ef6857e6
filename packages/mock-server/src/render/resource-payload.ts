import type { MockAccount } from "../accounts.ts";
import { homeMemberOf } from "../home.ts";
import type { ResolvedConnection, ResolvedMediaServer } from "../servers/resolve.ts";
import { isoSeconds } from "./timestamps.ts";

/** Which connections `/api/v2/resources` lists: its `includeHttps`, `includeRelay` and `includeIPv6` flags. */
export interface ConnectionFilter {
  readonly https: boolean;
  readonly relay: boolean;
  readonly ipv6: boolean;
}

/** A connection as `/api/v2/resources` lists it. */
interface ConnectionPayload {
  readonly protocol: "http" | "https";
  readonly address: string;
  readonly port: number;
  readonly uri: string;
  readonly local: boolean;
  readonly relay: boolean;
  readonly IPv6: boolean;
}

const SEEN_CREATED_AT = "2020-01-12T15:30:18Z";

// Each flag, when off, drops its kind of connection (a relay is https too: it needs both flags).
function wanted(connection: ConnectionPayload, filter: ConnectionFilter): boolean {
  return (
    (filter.https || connection.protocol !== "https") &&
    (filter.relay || !connection.relay) &&
    (filter.ipv6 || !connection.IPv6)
  );
}

/** A connection as plex.tv lists it; one at the mock's origin takes the origin the request arrived on. */
function connectionPayload(connection: ResolvedConnection, arrivedOn: URL): ConnectionPayload {
  if (!connection.atMockOrigin) {
    const { protocol, address, port, local, relay, IPv6 } = connection;
    // Every connection not at the mock's origin was given its simulated URI when it was resolved.
    return { protocol, address, port, uri: connection.uri as string, local, relay, IPv6 };
  }
  const protocol = arrivedOn.protocol === "https:" ? "https" : "http";
  const address = arrivedOn.hostname.replace(/^\[(.*)\]$/, "$1");
  const port = arrivedOn.port === "" ? (protocol === "https" ? 443 : 80) : Number(arrivedOn.port);
  return {
    protocol,
    address,
    port,
    uri: arrivedOn.origin,
    local: connection.local,
    relay: false,
    IPv6: address.includes(":"),
  };
}

function publicAddress(server: ResolvedMediaServer): string {
  const remote = server.connections.find(
    (connection) => !connection.local && !connection.relay && !connection.atMockOrigin,
  );
  return remote?.address ?? "203.0.113.1";
}

/** One server as `/api/v2/resources` shows it to `viewer` (FLOWS.md §3.3). */
export function serverResource(
  server: ResolvedMediaServer,
  viewer: MockAccount,
  accessToken: string,
  arrivedOn: URL,
  filter: ConnectionFilter,
  nowMs: number,
): Record<string, unknown> {
  const owned = server.owner.key === viewer.key;
  // A server of the viewer's own Home's admin shows as a Home server.
  const ownersHome = homeMemberOf(server.owner.key) !== undefined && homeMemberOf(viewer.key) !== undefined;
  const connections = server.connections.map((connection) => connectionPayload(connection, arrivedOn));
  return {
    name: server.name,
    product: server.product,
    productVersion: server.productVersion,
    platform: server.platform,
    platformVersion: server.platformVersion,
    device: server.device,
    clientIdentifier: server.clientIdentifier,
    createdAt: SEEN_CREATED_AT,
    lastSeenAt: isoSeconds(nowMs),
    provides: "server",
    ownerId: owned ? null : server.owner.id,
    sourceTitle: owned ? null : server.owner.username || server.owner.title,
    publicAddress: publicAddress(server),
    accessToken,
    owned,
    home: !owned && ownersHome,
    synced: false,
    relay: server.connections.some((connection) => connection.relay),
    presence: server.presence,
    httpsRequired: false,
    publicAddressMatches: false,
    dnsRebindingProtection: false,
    natLoopbackSupported: false,
    connections: connections.filter((connection) => wanted(connection, filter)),
  };
}

/**
 * The viewer's phone, a client device, which `/api/v2/resources` lists among the servers (so callers must
 * filter on `provides`). Its `accessToken` is `null`, as plex.tv sends for some client devices.
 */
export function playerResource(viewer: MockAccount, nowMs: number): Record<string, unknown> {
  return {
    name: `${viewer.friendlyName}'s iPhone`,
    product: "Plex for iOS",
    productVersion: "8.40",
    platform: "iOS",
    platformVersion: "17.5",
    device: "iPhone",
    clientIdentifier: `mock-player-${viewer.uuid}`,
    createdAt: SEEN_CREATED_AT,
    lastSeenAt: isoSeconds(nowMs),
    provides: "client,player,pubsub-player",
    ownerId: null,
    sourceTitle: null,
    publicAddress: "203.0.113.99",
    accessToken: null,
    owned: true,
    home: false,
    synced: false,
    relay: false,
    presence: false,
    httpsRequired: false,
    publicAddressMatches: false,
    dnsRebindingProtection: false,
    natLoopbackSupported: false,
    connections: [],
  };
}
