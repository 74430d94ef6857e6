import type { MockAccount } from "../accounts.ts";
import { MOCK_SERVER } from "../sources.ts";
import { DEFAULT_SERVER_DETAILS, DEFAULT_SLOW_CONNECTION_MS, MOCK_MEDIA_SERVER_LIST } from "./defaults.ts";
import { simulatedConnectionUri } from "./simulated-uri.ts";
import type { MockConnectionBehaviour, MockConnectionInit, MockMediaServerInit } from "./types.ts";

/** A connection after validation, with its defaults applied. */
export interface ResolvedConnection {
  readonly behaviour: MockConnectionBehaviour;
  /** The mock itself: address, port, protocol and URI come from the request's origin. */
  readonly atMockOrigin: boolean;
  readonly protocol: "http" | "https";
  readonly address: string;
  readonly port: number;
  readonly local: boolean;
  readonly relay: boolean;
  readonly IPv6: boolean;
  /** For `slow`: real milliseconds before it answers. */
  readonly delayMs: number;
  /** The simulated URI (under `.invalid`); `undefined` for a connection at the mock's origin. */
  readonly uri: string | undefined;
}

/** A server after validation: its accounts looked up, its defaults applied. */
export interface ResolvedMediaServer {
  readonly key: string;
  readonly name: string;
  readonly clientIdentifier: string;
  readonly owner: MockAccount;
  readonly sharedWith: readonly MockAccount[];
  readonly presence: boolean;
  readonly product: string;
  readonly productVersion: string;
  readonly platform: string;
  readonly platformVersion: string;
  readonly device: string;
  readonly connections: readonly ResolvedConnection[];
  /** Whether it is the mock's own Plex Media Server (`MOCK_SERVER`), the one at the mock's origin. */
  readonly isMockServer: boolean;
}

const BEHAVIOURS: readonly MockConnectionBehaviour[] = ["live", "slow", "refused", "blackhole", "tls-error", "foreign"];
// IPv4 dotted quads and IPv6 literals: the characters an IP address is made of.
const ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*)$/;

function fail(where: string, message: string): never {
  throw new TypeError(`createMockPlex: ${where} ${message}`);
}

function nonEmptyString(value: unknown, where: string): string {
  if (typeof value !== "string" || value.trim() === "") fail(where, "must be a non-empty string");
  return value;
}

function optionalString(value: unknown, where: string, fallback: string): string {
  return value === undefined ? fallback : nonEmptyString(value, where);
}

function optionalBoolean(value: unknown, where: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") fail(where, "must be true or false");
  return value;
}

function resolveConnection(init: MockConnectionInit, where: string, server: MockMediaServerInit): ResolvedConnection {
  if (typeof init !== "object" || init === null) fail(where, "must be an object");
  if (!BEHAVIOURS.includes(init.behaviour)) fail(`${where}.behaviour`, `must be one of ${BEHAVIOURS.join(", ")}`);
  const atMockOrigin = optionalBoolean(init.atMockOrigin, `${where}.atMockOrigin`, false);
  const delayMs = init.delayMs ?? DEFAULT_SLOW_CONNECTION_MS;
  if (!(Number.isFinite(delayMs) && delayMs >= 0)) fail(`${where}.delayMs`, "must be a non-negative number");
  const common = { behaviour: init.behaviour, relay: optionalBoolean(init.relay, `${where}.relay`, false), delayMs };
  if (atMockOrigin) {
    if (server.clientIdentifier !== MOCK_SERVER.clientIdentifier) {
      fail(
        `${where}.atMockOrigin`,
        "is only for the mock's own server (client identifier MOCK_SERVER.clientIdentifier)",
      );
    }
    if (init.behaviour !== "live") fail(`${where}.atMockOrigin`, 'needs behaviour "live": the mock answers there');
    const local = optionalBoolean(init.local, `${where}.local`, true);
    return { ...common, atMockOrigin, protocol: "http", address: "", port: 0, local, IPv6: false, uri: undefined };
  }
  const protocol = init.protocol ?? "https";
  if (protocol !== "http" && protocol !== "https") fail(`${where}.protocol`, 'must be "http" or "https"');
  const address = nonEmptyString(init.address, `${where}.address`);
  if (!ADDRESS.test(address)) fail(`${where}.address`, "must be an IPv4 or IPv6 address");
  const port = init.port ?? 32400;
  if (!(Number.isInteger(port) && port >= 1 && port <= 65_535)) fail(`${where}.port`, "must be a port from 1 to 65535");
  return {
    ...common,
    atMockOrigin,
    protocol,
    address,
    port,
    local: optionalBoolean(init.local, `${where}.local`, false),
    IPv6: address.includes(":"),
    uri: simulatedConnectionUri(protocol, address, port, server.clientIdentifier),
  };
}

function accountByKey(accounts: readonly MockAccount[], key: unknown, where: string): MockAccount {
  const account = accounts.find((candidate) => candidate.key === key);
  if (!account) fail(where, `names no account of this mock (${String(key)})`);
  return account;
}

function resolveServer(
  init: MockMediaServerInit,
  index: number,
  accounts: readonly MockAccount[],
): ResolvedMediaServer {
  const where = `servers[${index}]`;
  if (typeof init !== "object" || init === null) fail(where, "must be an object");
  const clientIdentifier = nonEmptyString(init.clientIdentifier, `${where}.clientIdentifier`);
  const owner = accountByKey(accounts, init.owner, `${where}.owner`);
  const isMockServer = clientIdentifier === MOCK_SERVER.clientIdentifier;
  // The mock's own server answers /security/* for the accounts whose serverAccess is "owner".
  if (isMockServer && owner.serverAccess !== "owner") fail(`${where}.owner`, 'must have serverAccess "owner"');
  const sharedKeys = init.sharedWith ?? [];
  if (!Array.isArray(sharedKeys)) fail(`${where}.sharedWith`, "must be an array of account keys");
  const sharedWith = sharedKeys.map((key, at) => accountByKey(accounts, key, `${where}.sharedWith[${at}]`));
  if (sharedWith.includes(owner)) fail(`${where}.sharedWith`, "must not name the owner");
  if (new Set(sharedWith).size !== sharedWith.length) fail(`${where}.sharedWith`, "repeats an account");
  if (!Array.isArray(init.connections)) fail(`${where}.connections`, "must be an array");
  return {
    key: nonEmptyString(init.key, `${where}.key`),
    name: nonEmptyString(init.name, `${where}.name`),
    clientIdentifier,
    owner,
    sharedWith,
    presence: optionalBoolean(init.presence, `${where}.presence`, true),
    product: optionalString(init.product, `${where}.product`, DEFAULT_SERVER_DETAILS.product),
    productVersion: optionalString(
      init.productVersion,
      `${where}.productVersion`,
      DEFAULT_SERVER_DETAILS.productVersion,
    ),
    platform: optionalString(init.platform, `${where}.platform`, DEFAULT_SERVER_DETAILS.platform),
    platformVersion: optionalString(
      init.platformVersion,
      `${where}.platformVersion`,
      DEFAULT_SERVER_DETAILS.platformVersion,
    ),
    device: optionalString(init.device, `${where}.device`, DEFAULT_SERVER_DETAILS.device),
    connections: init.connections.map((connection, at) =>
      resolveConnection(connection, `${where}.connections[${at}]`, init),
    ),
    isMockServer,
  };
}

function requireUnique(values: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) throw new RangeError(`createMockPlex: servers repeat the ${what} ${value}`);
    seen.add(value);
  }
}

/**
 * The `servers` option validated (default: the seeded `MOCK_MEDIA_SERVER_LIST`): accounts must exist,
 * keys, client identifiers and connection addresses must be unique, so every simulated URI names exactly
 * one connection.
 */
export function resolveServers(
  servers: readonly MockMediaServerInit[] | undefined,
  accounts: readonly MockAccount[],
): readonly ResolvedMediaServer[] {
  const list = servers ?? MOCK_MEDIA_SERVER_LIST;
  if (!Array.isArray(list)) throw new TypeError("createMockPlex: servers must be an array");
  const resolved = list.map((server, index) => resolveServer(server, index, accounts));
  requireUnique(
    resolved.map((server) => server.key),
    "key",
  );
  requireUnique(
    resolved.map((server) => server.clientIdentifier),
    "client identifier",
  );
  const uris = resolved.flatMap((server) => server.connections.flatMap((connection) => connection.uri ?? []));
  requireUnique(
    uris.map((uri) => new URL(uri).origin),
    "connection",
  );
  return Object.freeze(resolved);
}
