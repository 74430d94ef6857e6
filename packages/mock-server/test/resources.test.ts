import { isServer } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import {
  createMockPlex,
  MOCK_ACCOUNTS,
  MOCK_MEDIA_SERVER_LIST,
  MOCK_MEDIA_SERVERS,
  MOCK_SERVER,
  type MockMediaServerInit,
} from "../src/index.ts";
import { TRANSPORTS } from "./support/harness.ts";
import { jsonOf, plexTv, type ResourceBody, resources } from "./support/requests.ts";

const { plain, twoFactor, managed } = MOCK_ACCOUNTS;
const { ownServer, sharedServer } = MOCK_MEDIA_SERVERS;

const named = (list: readonly ResourceBody[], name: string) => list.find((resource) => resource.name === name);

describe.each(TRANSPORTS)("GET /api/v2/resources over $name", (transport) => {
  it("lists the owner's server and the one shared with it, each with its own access token, and a client device", async () => {
    const harness = await transport.start();
    const list = await resources(harness, twoFactor.token);
    expect(list.map((resource) => [resource.name, resource.provides, resource.owned])).toEqual([
      [ownServer.name, "server", true],
      [sharedServer.name, "server", false],
      ["Alex's iPhone", "client,player,pubsub-player", true],
    ]);
    expect(named(list, ownServer.name)).toMatchObject({
      clientIdentifier: MOCK_SERVER.clientIdentifier,
      ownerId: null,
      sourceTitle: null,
      presence: true,
      accessToken: harness.mock.serverAccessToken("ownServer", "twoFactor"),
    });
    expect(named(list, sharedServer.name)).toMatchObject({
      ownerId: plain.id,
      sourceTitle: plain.username,
      accessToken: harness.mock.serverAccessToken("sharedServer", "twoFactor"),
    });
    expect(named(list, "Alex's iPhone")?.accessToken).toBeNull();
  });

  it("lists each account's own view: casey owns Casey's Server, robin sees the Home server, an added account none", async () => {
    const harness = await transport.start({
      accounts: [{ key: "loner", username: "loner", email: "loner@example.com", password: "loner-Pa55word!" }],
    });
    const casey = await resources(harness, plain.token);
    expect(casey.filter(isServer).map((resource) => [resource.name, resource.owned])).toEqual([
      [ownServer.name, false],
      [sharedServer.name, true],
    ]);
    const robin = (await resources(harness, managed.token)).filter(isServer);
    expect(robin).toHaveLength(1);
    expect(robin[0]).toMatchObject({ name: ownServer.name, owned: false, home: true, ownerId: twoFactor.id });
    const loner = await resources(harness, "mock-token-loner");
    expect(loner.map((resource) => resource.provides)).toEqual(["client,player,pubsub-player"]);
  });

  it("gives every account a different token for every server, stable for the mock's life and in issuedTokens()", async () => {
    const harness = await transport.start();
    const pairs: [string, string][] = [
      ["ownServer", "twoFactor"],
      ["ownServer", "plain"],
      ["ownServer", "managed"],
      ["ownServer", "kid"],
      ["sharedServer", "plain"],
      ["sharedServer", "twoFactor"],
    ];
    const tokens = pairs.map(([server, account]) => harness.mock.serverAccessToken(server, account));
    expect(new Set(tokens).size).toBe(pairs.length);
    for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(harness.mock.serverAccessToken("sharedServer", "managed")).toBeUndefined();
    expect(() => harness.mock.serverAccessToken("nope", "plain")).toThrow(TypeError);
    const again = await resources(harness, plain.token);
    expect(named(again, ownServer.name)?.accessToken).toBe(harness.mock.serverAccessToken("ownServer", "plain"));
    expect(harness.mock.issuedTokens()).toEqual(expect.arrayContaining(tokens));
  });

  it("lists the mock's own server with a live connection at the origin the request arrived on", async () => {
    const harness = await transport.start();
    const own = named(await resources(harness, twoFactor.token), ownServer.name);
    const origin = new URL(harness.serverUrl);
    expect(own?.connections[0]).toEqual({
      protocol: "http",
      address: origin.hostname,
      port: origin.port === "" ? 80 : Number(origin.port),
      uri: harness.serverUrl,
      local: true,
      relay: false,
      IPv6: false,
    });
    // The others are simulated, under .invalid: nothing can reach a real host through them.
    for (const connection of own?.connections.slice(1) ?? []) {
      expect(new URL(connection.uri).hostname).toMatch(/\.connections\.plex\.invalid$/);
    }
  });

  it("honours includeHttps, includeRelay and includeIPv6, each 0 unless given", async () => {
    const harness = await transport.start();
    const connectionsOf = async (query: string) => {
      const list = await resources(harness, twoFactor.token, query);
      return named(list, sharedServer.name)?.connections.map(({ local, relay, IPv6 }) => ({ local, relay, IPv6 }));
    };
    const local = { local: true, relay: false, IPv6: false };
    const remote = { local: false, relay: false, IPv6: false };
    const relay = { local: false, relay: true, IPv6: false };
    const ipv6 = { local: false, relay: false, IPv6: true };
    expect(await connectionsOf("")).toEqual([]); // every connection of Casey's Server is https
    expect(await connectionsOf("includeHttps=1")).toEqual([local, remote]);
    expect(await connectionsOf("includeHttps=1&includeRelay=1")).toEqual([local, remote, relay]);
    expect(await connectionsOf("includeHttps=1&includeIPv6=1")).toEqual([local, remote, ipv6]);
    expect(await connectionsOf("includeRelay=1&includeIPv6=1")).toEqual([]);
    expect(await connectionsOf("includeHttps=1&includeRelay=1&includeIPv6=1")).toEqual([local, remote, relay, ipv6]);
    expect(await connectionsOf("includeHttps=0&includeRelay=1&includeIPv6=1")).toEqual([]);
    // The http connection at the mock's origin survives includeHttps=0.
    const own = named(await resources(harness, twoFactor.token, "includeHttps=0"), ownServer.name);
    expect(own?.connections.map((connection) => connection.uri)).toEqual([harness.serverUrl]);
  });

  it("answers 401/1001 without a token, for an unknown token and for a transient token", async () => {
    const harness = await transport.start();
    const transient = await harness.client({ token: twoFactor.token }).authentication.getTransientToken();
    const attempts: Record<string, string>[] = [
      {},
      { "X-Plex-Token": "NotARealToken1234567" },
      { "X-Plex-Token": transient },
    ];
    for (const headers of attempts) {
      const response = await plexTv(harness, "/resources?includeHttps=1", { headers });
      expect(response.status).toBe(401);
      expect(await jsonOf(response)).toEqual({
        errors: [{ code: 1001, message: "User could not be authenticated", status: 401 }],
      });
    }
  });

  it("core's client: getServerResources, filtered to the servers", async () => {
    const harness = await transport.start();
    const all = await harness.client({ token: twoFactor.token }).authentication.getServerResources();
    expect(all.filter(isServer).map((resource) => resource.name)).toEqual([ownServer.name, sharedServer.name]);
    expect(all.filter((resource) => !isServer(resource))).toHaveLength(1);
    const shared = all.find((resource) => resource.name === sharedServer.name);
    expect(shared?.connections).toHaveLength(4); // core asks for https, relay and IPv6
  });
});

describe("the servers option", () => {
  const attic: MockMediaServerInit = {
    key: "attic",
    name: "Attic",
    clientIdentifier: "a77c0000000000000000000000000000",
    owner: "managed",
    sharedWith: ["plain"],
    presence: false,
    connections: [{ behaviour: "live", address: "203.0.113.50", protocol: "http", port: 32401 }],
  };

  it("replaces the seeded servers", async () => {
    const mock = createMockPlex({ servers: [attic] });
    const response = await mock.fetch(`${mock.plexTvUrl}/resources`, {
      headers: { Accept: "application/json", "X-Plex-Client-Identifier": "t", "X-Plex-Token": plain.token },
    });
    const list = (await jsonOf<ResourceBody[]>(response)).filter(isServer);
    expect(list).toMatchObject([
      {
        name: "Attic",
        owned: false,
        presence: false,
        connections: [{ uri: "http://203-0-113-50.a77c0000.connections.plex.invalid:32401", protocol: "http" }],
      },
    ]);
    expect(mock.serverAccessToken("attic", "plain")).toBe(list[0]?.accessToken);
    expect(() => mock.serverAccessToken("ownServer", "twoFactor")).toThrow(TypeError);
  });

  it.each<[string, readonly MockMediaServerInit[], RegExp]>([
    ["an owner that is no account", [{ ...attic, owner: "nobody" }], /owner/],
    ["a shared account that is no account", [{ ...attic, sharedWith: ["nobody"] }], /sharedWith\[0\]/],
    ["the owner among the shared", [{ ...attic, sharedWith: ["managed"] }], /sharedWith/],
    ["a repeated key", [attic, { ...attic, clientIdentifier: "b00" }], /key/],
    ["a repeated client identifier", [attic, { ...attic, key: "other" }], /client identifier/],
    [
      "two connections at one address",
      [{ ...attic, connections: [attic.connections[0], attic.connections[0]] } as MockMediaServerInit],
      /connection/,
    ],
    [
      "an unknown behaviour",
      [{ ...attic, connections: [{ behaviour: "flaky" as "live", address: "203.0.113.1" }] }],
      /behaviour/,
    ],
    [
      "an address that is a host name",
      [{ ...attic, connections: [{ behaviour: "live", address: "nas.lan" }] }],
      /address/,
    ],
    [
      "a port out of range",
      [{ ...attic, connections: [{ behaviour: "live", address: "10.0.0.1", port: 70_000 }] }],
      /port/,
    ],
    [
      "atMockOrigin on another server",
      [{ ...attic, connections: [{ behaviour: "live", atMockOrigin: true }] }],
      /atMockOrigin/,
    ],
    [
      "atMockOrigin that is not live",
      [{ ...MOCK_MEDIA_SERVERS.ownServer, connections: [{ behaviour: "slow", atMockOrigin: true }] }],
      /atMockOrigin/,
    ],
    [
      "a negative delay",
      [{ ...attic, connections: [{ behaviour: "slow", address: "10.0.0.1", delayMs: -1 }] }],
      /delayMs/,
    ],
  ])("refuses %s", (_what, servers, message) => {
    expect(() => createMockPlex({ servers })).toThrow(message);
  });

  it("accepts the seeded list spread with more servers", () => {
    expect(() => createMockPlex({ servers: [...MOCK_MEDIA_SERVER_LIST, attic] })).not.toThrow();
  });
});
