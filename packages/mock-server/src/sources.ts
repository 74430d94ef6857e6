/**
 * One way to reach a source, as `/security/resources` lists it.
 *
 * @example
 * ```ts
 * const relay: MockConnection | undefined = MOCK_SOURCES.sharedServer.connections.find((connection) => connection.relay);
 * ```
 */
export interface MockConnection {
  readonly protocol: "http" | "https";
  readonly address: string;
  readonly port: number;
  readonly uri: string;
  readonly local: boolean;
  readonly relay: boolean;
}

/**
 * A server or provider the mock Plex Media Server knows about.
 *
 * @example
 * ```ts
 * const source: MockSource = MOCK_SOURCES.vodProvider;
 * await plex.authentication.getSourceConnectionInformation({ source: source.source });
 * ```
 */
export interface MockSource {
  /** The `source` query value: `server://<client identifier>` or `provider://<provider identifier>`. */
  readonly source: string;
  readonly name: string;
  readonly clientIdentifier: string;
  readonly connections: readonly MockConnection[];
}

/**
 * The mock Plex Media Server itself: its name and client identifier. It is owned by `MOCK_ACCOUNTS.twoFactor`.
 *
 * @example
 * ```ts
 * const identity: MockServerIdentity = MOCK_SERVER;
 * console.log(`server://${identity.clientIdentifier}`);
 * ```
 */
export interface MockServerIdentity {
  readonly name: string;
  readonly clientIdentifier: string;
}

/**
 * The mock Plex Media Server's identity.
 *
 * @example
 * ```ts
 * import { MOCK_SERVER } from "@plex-auth/mock-server";
 * console.log(MOCK_SERVER.name); // "Alex's Mock Server"
 * ```
 */
export const MOCK_SERVER: MockServerIdentity = Object.freeze({
  name: "Alex's Mock Server",
  clientIdentifier: "0123456789abcdef0123456789abcdef",
});

/**
 * The seeded sources, by key.
 *
 * @example
 * ```ts
 * const sources: MockSources = MOCK_SOURCES;
 * for (const [key, source] of Object.entries(sources)) console.log(key, source.source);
 * ```
 */
export interface MockSources {
  /** The mock server itself. */
  readonly ownServer: MockSource;
  /** A friend's server shared with the owner. */
  readonly sharedServer: MockSource;
  /** Plex's movies and TV on demand provider. */
  readonly vodProvider: MockSource;
  /** Plex's live TV guide provider. */
  readonly epgProvider: MockSource;
}

function plexDirect(address: string, identifier: string, port: number): string {
  return `https://${address.replace(/[.:]/g, "-")}.${identifier}.plex.direct:${port}`;
}

const SHARED_SERVER_ID = "4f2c1a9e8b7d6c5a4f3e2d1c0b9a8f7e";

/**
 * The `server://…` and `provider://…` sources the mock Plex Media Server knows, for
 * `getSourceConnectionInformation`. Any other source is answered with 400, like a wrong query value.
 *
 * @example
 * ```ts
 * import { MOCK_SOURCES } from "@plex-auth/mock-server";
 * const device = await plex.authentication.getSourceConnectionInformation({ source: MOCK_SOURCES.sharedServer.source });
 * ```
 */
export const MOCK_SOURCES: MockSources = Object.freeze({
  ownServer: Object.freeze({
    source: `server://${MOCK_SERVER.clientIdentifier}`,
    name: MOCK_SERVER.name,
    clientIdentifier: MOCK_SERVER.clientIdentifier,
    connections: Object.freeze([
      Object.freeze({
        protocol: "https",
        address: "192.168.1.10",
        port: 32400,
        uri: plexDirect("192.168.1.10", MOCK_SERVER.clientIdentifier, 32400),
        local: true,
        relay: false,
      }),
      Object.freeze({
        protocol: "http",
        address: "192.168.1.10",
        port: 32400,
        uri: "http://192.168.1.10:32400",
        local: true,
        relay: false,
      }),
    ]),
  }),
  sharedServer: Object.freeze({
    source: `server://${SHARED_SERVER_ID}`,
    name: "Casey's Server",
    clientIdentifier: SHARED_SERVER_ID,
    connections: Object.freeze([
      Object.freeze({
        protocol: "https",
        address: "203.0.113.24",
        port: 32400,
        uri: plexDirect("203.0.113.24", SHARED_SERVER_ID, 32400),
        local: false,
        relay: false,
      }),
      Object.freeze({
        protocol: "https",
        address: "198.51.100.7",
        port: 8443,
        uri: plexDirect("198.51.100.7", SHARED_SERVER_ID, 8443),
        local: false,
        relay: true,
      }),
    ]),
  }),
  vodProvider: Object.freeze({
    source: "provider://tv.plex.provider.vod",
    name: "Plex Movies & TV",
    clientIdentifier: "tv.plex.provider.vod",
    connections: Object.freeze([
      Object.freeze({
        protocol: "https",
        address: "vod.provider.plex.tv",
        port: 443,
        uri: "https://vod.provider.plex.tv",
        local: false,
        relay: false,
      }),
    ]),
  }),
  epgProvider: Object.freeze({
    source: "provider://tv.plex.provider.epg",
    name: "Plex Live TV",
    clientIdentifier: "tv.plex.provider.epg",
    connections: Object.freeze([
      Object.freeze({
        protocol: "https",
        address: "epg.provider.plex.tv",
        port: 443,
        uri: "https://epg.provider.plex.tv",
        local: false,
        relay: false,
      }),
    ]),
  }),
} satisfies MockSources);

/** Finds a known source by its `source` value (exact match, as PMS compares identifiers). */
export function findSource(source: string): MockSource | undefined {
  return Object.values(MOCK_SOURCES).find((known: MockSource) => known.source === source);
}
