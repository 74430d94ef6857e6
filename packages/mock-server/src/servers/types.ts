import type { MockAccountKey } from "../accounts.ts";

/**
 * How a connection of a server (as `GET /api/v2/resources` lists it) behaves when `mock.fetch` reaches its
 * URI:
 * - `live`: the server answers (`/identity`, `/` with a valid token);
 * - `slow`: the same, after a delay (`delayMs`, real time; the caller's abort ends the wait);
 * - `refused`: rejects at once, like undici on a closed port (cause code `ECONNREFUSED`);
 * - `blackhole`: never answers; settles only when the request is aborted, with the signal's reason;
 * - `tls-error`: rejects like a certificate for another name (cause code `ERR_TLS_CERT_ALTNAME_INVALID`);
 * - `foreign`: another machine at that address: `/identity` names a different machine, and everything
 *   that needs a token answers 401.
 *
 * @example
 * ```ts
 * const behaviour: MockConnectionBehaviour = "blackhole";
 * ```
 */
export type MockConnectionBehaviour = "live" | "slow" | "refused" | "blackhole" | "tls-error" | "foreign";

/**
 * One connection of a server, as the `servers` option takes it. Its URI is made up from the address and
 * port under the `.invalid` top-level domain, which never resolves, so nothing can reach a real host:
 * `https://192-168-1-10.01234567.connections.plex.invalid:32400` (dashed address, first 8 characters of
 * the server's client identifier).
 *
 * @example
 * ```ts
 * const relay: MockConnectionInit = { behaviour: "slow", delayMs: 150, address: "198.51.100.7", port: 8443, relay: true };
 * ```
 */
export interface MockConnectionInit {
  readonly behaviour: MockConnectionBehaviour;
  /**
   * This connection is the mock itself: its URI is the origin the resources request arrived on (the
   * `mock.fetch` origin, or `startMockServer`'s `http://127.0.0.1:<port>`). Only on the mock's own server
   * (client identifier `MOCK_SERVER.clientIdentifier`), only `live`; `address`, `port` and `protocol` then
   * come from that origin.
   */
  readonly atMockOrigin?: boolean | undefined;
  /** Default `"https"`. */
  readonly protocol?: "http" | "https" | undefined;
  /** An IPv4 or IPv6 address; an IPv6 one (with `:`) makes it an `IPv6` connection. Required unless `atMockOrigin`. */
  readonly address?: string | undefined;
  /** Default 32400. */
  readonly port?: number | undefined;
  /** On the server's network. Default `false` (`true` for `atMockOrigin`). */
  readonly local?: boolean | undefined;
  /** Through Plex's relay. Default `false`. */
  readonly relay?: boolean | undefined;
  /** For `slow`: the delay before it answers, in real milliseconds. Default 150. */
  readonly delayMs?: number | undefined;
}

/**
 * A Plex Media Server on the mock's plex.tv, as the `servers` option takes it: who owns it, who it is shared
 * with, and how each of its connections behaves. `GET /api/v2/resources` lists it for the owner and every
 * account it is shared with, each with its own access token for it.
 *
 * @example
 * ```ts
 * const server: MockMediaServerInit = {
 *   key: "attic", name: "Attic", clientIdentifier: "a77c0000000000000000000000000000", owner: "plain",
 *   connections: [{ behaviour: "live", address: "203.0.113.50" }],
 * };
 * const mock = createMockPlex({ servers: [...MOCK_MEDIA_SERVER_LIST, server] });
 * ```
 */
export interface MockMediaServerInit {
  /** How `mock.serverAccessToken` names it. Unique. */
  readonly key: string;
  readonly name: string;
  /** Its machine identifier (`/identity`'s `machineIdentifier`). Unique. */
  readonly clientIdentifier: string;
  /** The account that owns it. */
  readonly owner: MockAccountKey;
  /** The accounts it is shared with. Default none. */
  readonly sharedWith?: readonly MockAccountKey[] | undefined;
  /** Whether plex.tv sees it online. Default `true`. */
  readonly presence?: boolean | undefined;
  /** Default `"Plex Media Server"`. */
  readonly product?: string | undefined;
  /** Default `"1.41.3.9314-a0bfb8370"`. */
  readonly productVersion?: string | undefined;
  /** Default `"Linux"`. */
  readonly platform?: string | undefined;
  /** Default `"6.1.0"`. */
  readonly platformVersion?: string | undefined;
  /** Default `"PC"`. */
  readonly device?: string | undefined;
  readonly connections: readonly MockConnectionInit[];
}
