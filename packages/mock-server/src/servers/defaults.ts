import { MOCK_SERVER, MOCK_SOURCES } from "../sources.ts";
import type { MockMediaServerInit } from "./types.ts";

/**
 * How long a `slow` connection waits before it answers when its `delayMs` is not given: 150 ms.
 *
 * @example
 * ```ts
 * const relay: MockConnectionInit = { behaviour: "slow", delayMs: DEFAULT_SLOW_CONNECTION_MS * 2, address: "198.51.100.7" };
 * ```
 */
export const DEFAULT_SLOW_CONNECTION_MS: number = 150;

/** What a server says about itself when its `servers` entry does not say otherwise. */
export const DEFAULT_SERVER_DETAILS: Readonly<{
  product: string;
  productVersion: string;
  platform: string;
  platformVersion: string;
  device: string;
}> = Object.freeze({
  product: "Plex Media Server",
  productVersion: "1.41.3.9314-a0bfb8370",
  platform: "Linux",
  platformVersion: "6.1.0",
  device: "PC",
});

/**
 * The seeded servers, by key.
 *
 * @example
 * ```ts
 * const servers: MockMediaServers = MOCK_MEDIA_SERVERS;
 * console.log(servers.sharedServer.name); // "Casey's Server"
 * ```
 */
export interface MockMediaServers {
  /**
   * The mock's own Plex Media Server (`MOCK_SERVER`, owned by `twoFactor`, shared with `plain` and the Home's
   * managed profiles): a `live` connection at the mock's origin, a local `blackhole` and a remote `refused`.
   */
  readonly ownServer: MockMediaServerInit;
  /**
   * "Casey's Server" (owned by `plain`, shared with `twoFactor`): a local `blackhole`, a remote `live`
   * https one, a relay that is `slow` (150 ms) and an IPv6 one that is `refused`.
   */
  readonly sharedServer: MockMediaServerInit;
}

/**
 * The servers every mock starts with (the `servers` option replaces them). Their connections cover the
 * ways a connection fails, so a connection picker meets each of them.
 *
 * @example
 * ```ts
 * import { MOCK_MEDIA_SERVERS } from "@plex-auth/mock-server";
 * const token = mock.serverAccessToken(MOCK_MEDIA_SERVERS.sharedServer.key, "twoFactor");
 * ```
 */
export const MOCK_MEDIA_SERVERS: MockMediaServers = Object.freeze({
  ownServer: Object.freeze({
    key: "ownServer",
    name: MOCK_SERVER.name,
    clientIdentifier: MOCK_SERVER.clientIdentifier,
    owner: "twoFactor",
    sharedWith: Object.freeze(["plain", "managed", "kid"]),
    connections: Object.freeze([
      Object.freeze({ behaviour: "live", atMockOrigin: true }),
      Object.freeze({ behaviour: "blackhole", address: "192.168.1.10", local: true }),
      Object.freeze({ behaviour: "refused", address: "203.0.113.10" }),
    ]),
  }),
  sharedServer: Object.freeze({
    key: "sharedServer",
    name: MOCK_SOURCES.sharedServer.name,
    clientIdentifier: MOCK_SOURCES.sharedServer.clientIdentifier,
    owner: "plain",
    sharedWith: Object.freeze(["twoFactor"]),
    connections: Object.freeze([
      Object.freeze({ behaviour: "blackhole", address: "10.0.0.5", local: true }),
      Object.freeze({ behaviour: "live", address: "203.0.113.24" }),
      Object.freeze({
        behaviour: "slow",
        delayMs: DEFAULT_SLOW_CONNECTION_MS,
        address: "198.51.100.7",
        port: 8443,
        relay: true,
      }),
      Object.freeze({ behaviour: "refused", address: "2001:db8::24" }),
    ]),
  }),
} satisfies MockMediaServers);

/**
 * The seeded servers in a stable order: the default of the `servers` option.
 *
 * @example
 * ```ts
 * const mock = createMockPlex({ servers: MOCK_MEDIA_SERVER_LIST.filter((server) => server.key !== "sharedServer") });
 * ```
 */
export const MOCK_MEDIA_SERVER_LIST: readonly MockMediaServerInit[] = Object.freeze([
  MOCK_MEDIA_SERVERS.ownServer,
  MOCK_MEDIA_SERVERS.sharedServer,
]);
