import { json, type RouteContext, SENTINELS, type StubCall, signedIn, unauthenticated } from "./stub-shared.ts";

/** What a server's address does when probed: answer as the server, refuse, or be another machine. */
type ProbeAnswer = "answers" | "refused" | "another-server";

interface StubConnection {
  readonly protocol: "http" | "https";
  readonly address: string;
  readonly port: number;
  readonly uri: string;
  readonly local: boolean;
  readonly relay: boolean;
  readonly IPv6: boolean;
  readonly probe: ProbeAnswer;
}

const connection = (
  uri: string,
  place: { local?: boolean; relay?: boolean; IPv6?: boolean },
  probe: ProbeAnswer,
): StubConnection => {
  const url = new URL(uri);
  return {
    protocol: url.protocol === "https:" ? "https" : "http",
    address: url.hostname.replace(/^\[|\]$/g, ""),
    port: Number(url.port),
    uri,
    local: place.local ?? false,
    relay: place.relay ?? false,
    IPv6: place.IPv6 ?? false,
    probe,
  };
};

const OWNED_ID = "8276c3fa6bc24e44b347e19c71fbb98b9287c1e9";
const SHARED_ID = "f76e7b49cd981f44e37f3128b6e9fca2db32bca1";

/** The account's resources, after FLOWS §3.3: an owned and a shared server online, one offline, a phone. */
export const SERVERS = {
  owned: {
    name: "StreamMaster",
    clientIdentifier: OWNED_ID,
    owned: true,
    presence: true,
    accessToken: SENTINELS.resourceAccessToken,
    connections: [
      connection(
        "https://192-168-1-150.fc6b48db927de7394036856ade1760b9.plex.direct:32400",
        { local: true },
        "answers",
      ),
      connection("https://54-231-109-34.fc6b48db927de7394036856ade1760b9.plex.direct:45678", {}, "answers"),
      connection(
        "https://162-243-175-222.fc6b48db927de7394036856ade1760b9.plex.direct:8443",
        { relay: true },
        "answers",
      ),
      connection("http://[fd00::150]:32400", { local: true, IPv6: true }, "answers"),
    ],
  },
  shared: {
    name: "PirateBay",
    clientIdentifier: SHARED_ID,
    owned: false,
    presence: true,
    accessToken: SENTINELS.sharedServerToken,
    connections: [
      // On its owner's network: never a candidate for a server the account does not own.
      connection("https://10-1-1-45.d5e7f86fcace84ce8e19c7fa25347ce.plex.direct:32400", { local: true }, "answers"),
      connection("https://23-145-67-54.d5e7f86fcace84ce8e19c7fa25347ce.plex.direct:32400", {}, "refused"),
      connection(
        "https://162-243-175-99.d5e7f86fcace84ce8e19c7fa25347ce.plex.direct:8443",
        { relay: true },
        "another-server",
      ),
    ],
  },
  offline: {
    name: "OldBox",
    clientIdentifier: "0b1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d",
    owned: true,
    presence: false,
    accessToken: SENTINELS.resourceAccessToken,
    connections: [connection("http://192.168.1.99:32400", { local: true }, "refused")],
  },
} as const;

type StubServer = (typeof SERVERS)[keyof typeof SERVERS];

// Fields the presenter must not pass on, so that leaving them out is visible.
function resourceBody(server: StubServer, connections: readonly StubConnection[]) {
  return {
    name: server.name,
    product: "Plex Media Server",
    productVersion: "1.50.7.9541-913b34e21",
    platform: "Linux",
    platformVersion: "5.15.12-Unraid",
    device: "Docker Container",
    clientIdentifier: server.clientIdentifier,
    createdAt: "2020-01-12T15:30:18Z",
    lastSeenAt: "2024-09-05T03:15:45Z",
    provides: "server",
    ownerId: server.owned ? null : 2639453,
    sourceTitle: server.owned ? null : "kingpirate123",
    publicAddress: "54.231.109.34",
    accessToken: server.accessToken,
    owned: server.owned,
    home: false,
    synced: false,
    relay: true,
    presence: server.presence,
    httpsRequired: false,
    publicAddressMatches: false,
    dnsRebindingProtection: true,
    natLoopbackSupported: false,
    connections: connections.map(({ probe: _probe, ...listed }) => listed),
  };
}

const PHONE = {
  name: "iPhone",
  product: "Plex for iOS",
  productVersion: "8.30",
  platform: "iOS",
  clientIdentifier: "phone-0123456789",
  provides: "client,player,pubsub-player",
  owned: true,
  presence: false,
  accessToken: SENTINELS.deviceAccessToken,
  connections: [],
};

// The include flags are 0/1 and default to 0 (FLOWS §3.3): without one, that kind of connection is left out.
function included(connection: StubConnection, query: URLSearchParams): boolean {
  if (connection.protocol === "https" && query.get("includeHttps") !== "1") return false;
  if (connection.relay && query.get("includeRelay") !== "1") return false;
  return !(connection.IPv6 && query.get("includeIPv6") !== "1");
}

/** `GET /resources` (on clients.plex.tv, which the stub serves at plex.tv's address). */
export function resourcesRoute(context: RouteContext): Response | undefined {
  if (context.path !== "/api/v2/resources" || context.call.method !== "GET") return undefined;
  if (!signedIn(context)) return unauthenticated();
  const query = context.call.url.searchParams;
  const servers = Object.values(SERVERS).map((server) =>
    resourceBody(
      server,
      server.connections.filter((candidate) => included(candidate, query)),
    ),
  );
  return json(200, [...servers, PHONE]);
}

function findConnection(url: URL): { server: StubServer; connection: StubConnection } | undefined {
  for (const server of Object.values(SERVERS)) {
    const found = server.connections.find((candidate) => new URL(candidate.uri).origin === url.origin);
    if (found) return { server, connection: found };
  }
  return undefined;
}

/** Whether a request goes to one of the servers' listed addresses. */
export function isProbe(call: StubCall): boolean {
  return findConnection(call.url) !== undefined;
}

/**
 * A probe of a server's address (`GET {uri}/`): the server's root, which needs the server's own token and
 * names the server. A refused address throws as fetch does; another machine answers with its own name.
 */
export function probeRoute(call: StubCall): Response {
  const found = findConnection(call.url);
  if (!found || found.connection.probe === "refused") {
    throw Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error(`connect ECONNREFUSED ${call.url.host}`), { code: "ECONNREFUSED" }),
    });
  }
  if (call.headers.get("x-plex-token") !== found.server.accessToken) {
    return new Response("<html><head><title>Unauthorized</title></head></html>", { status: 401 });
  }
  const machineIdentifier =
    found.connection.probe === "another-server"
      ? "ffffffffffffffffffffffffffffffffffffffff"
      : found.server.clientIdentifier;
  return json(200, { MediaContainer: { size: 0, machineIdentifier, friendlyName: found.server.name } });
}
