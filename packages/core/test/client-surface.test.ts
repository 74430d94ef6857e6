/**
 * Guards the shape generated from the operations table: `authentication` has exactly one method per
 * operation, every operation has a standalone function, the table's data is consistent, and a client
 * shows no token however it is printed.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import * as core from "../src/index.ts";
import { createPlexAuth, createPlexAuthCore, operations, PlexAuth, PlexAuthCore } from "../src/index.ts";
import { IDENTITY, TOKEN } from "./helpers/client.ts";
import { json, mockFetch } from "./helpers/fetch.ts";
import { ACCOUNT, example } from "./helpers/fixtures.ts";

// What each operation must declare: the wire contract of CONTRACT.md and FLOWS.md, as one table.
const EXPECTED: Record<
  string,
  [method: string, host: string, path: string, token: boolean, retry: string, status: number, tool: string | undefined]
> = {
  createOAuthPin: ["POST", "plexTv", "/pins", false, "non-idempotent", 201, undefined],
  exchangeJWTToken: ["POST", "clientsPlexTv", "/auth/token", false, "non-idempotent", 200, undefined],
  getAuthKeys: ["GET", "clientsPlexTv", "/auth/keys", false, "idempotent", 200, undefined],
  getAuthNonce: ["GET", "clientsPlexTv", "/auth/nonce", false, "idempotent", 200, undefined],
  registerDeviceJWK: ["POST", "clientsPlexTv", "/auth/jwk", true, "non-idempotent", 201, undefined],
  getClaimToken: ["GET", "plexTvV1", "/claim/token.json", true, "idempotent", 200, "get_claim_token"],
  getHomeUsers: ["GET", "plexTv", "/home/users", true, "idempotent", 200, "get_home_users"],
  getOAuthPin: ["GET", "plexTv", "/pins/{pinId}", false, "idempotent", 200, undefined],
  getServerResources: ["GET", "clientsPlexTv", "/resources", true, "idempotent", 200, "get_server_resources"],
  getSourceConnectionInformation: [
    "GET",
    "pms",
    "/security/resources",
    true,
    "idempotent",
    200,
    "get_source_connection_information",
  ],
  getTokenDetails: ["GET", "plexTv", "/user", true, "idempotent", 200, "get_token_details"],
  getTransientToken: ["GET", "pms", "/security/token", true, "idempotent", 200, "get_transient_token"],
  linkOAuthPin: ["PUT", "plexTv", "/pins/link", true, "non-idempotent", 204, undefined],
  ping: ["GET", "plexTv", "/ping", true, "idempotent", 200, "ping"],
  postUsersSignInData: ["POST", "plexTv", "/users/signin", false, "non-idempotent", 201, "post_users_sign_in_data"],
  signOut: ["DELETE", "plexTv", "/users/signout", true, "non-idempotent", 204, "sign_out"],
  switchHomeUser: ["POST", "plexTv", "/home/users/{uuid}/switch", true, "non-idempotent", 201, "switch_home_user"],
};

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

describe("the operations table", () => {
  it("holds the seed operations, ping, the Authentication group and the JWT operations", () => {
    expect(Object.keys(operations).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(operations))("%s declares itself consistently", (key, operation) => {
    const [method, host, path, token, retry, status, tool] = EXPECTED[key] ?? [];
    expect(operation.name).toBe(key);
    expect([operation.method, operation.host, operation.path]).toEqual([method, host, path]);
    expect([operation.requiresToken, operation.retry, operation.successStatus]).toEqual([token, retry, status]);
    expect(operation.tool?.name).toBe(tool);
    if (operation.tool) expect(operation.tool.name).toBe(snakeCase(key).replace("o_auth", "oauth"));
    expect(operation.path.startsWith("/")).toBe(true);
    expect(operation.path.endsWith("/")).toBe(false);
    expect(operation.title.length).toBeGreaterThan(0);
    expect(operation.description.length).toBeGreaterThan(40);
  });

  it("is frozen, so nothing can add or swap an operation at runtime", () => {
    expect(Object.isFrozen(operations)).toBe(true);
  });
});

describe("the client", () => {
  it("authentication has exactly one method per operation of the table, and is frozen", () => {
    const plex = createPlexAuth({ ...IDENTITY });
    expect(Object.keys(plex.authentication).sort()).toEqual(Object.keys(operations).sort());
    for (const method of Object.values(plex.authentication)) expect(typeof method).toBe("function");
    expect(Object.isFrozen(plex.authentication)).toBe(true);
  });

  it("each operation also exists as a standalone function", () => {
    const exports = core as unknown as Record<string, unknown>;
    for (const name of Object.keys(operations)) expect(typeof exports[name]).toBe("function");
  });

  it("a PlexAuth client works with the standalone functions too", async () => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    const plex = new PlexAuth({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
    expect(plex).toBeInstanceOf(PlexAuthCore);
    await expect(core.getTokenDetails(plex)).resolves.toMatchObject({ username: "Username" });
    await expect(
      core.getTokenDetails(createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: mock.fetch })),
    ).resolves.toBeTruthy();
  });

  it("util.inspect, JSON.stringify and a spread of a client show no token", () => {
    for (const client of [
      createPlexAuth({ ...IDENTITY, token: TOKEN }),
      createPlexAuthCore({ ...IDENTITY, token: TOKEN }),
      createPlexAuth({ ...IDENTITY, token: () => TOKEN }),
    ]) {
      const views = [
        inspect(client),
        inspect(client, { depth: 10 }),
        inspect(client, { depth: 10, showHidden: true }),
        JSON.stringify(client),
        JSON.stringify({ ...client }),
      ];
      for (const view of views) expect(view).not.toContain(TOKEN);
    }
  });

  it("two clients do not share options", async () => {
    const first = mockFetch(json(200, example(ACCOUNT)));
    const second = mockFetch(json(200, example(ACCOUNT)));
    const a = createPlexAuth({ ...IDENTITY, token: "token-a-123456", fetch: first.fetch });
    const b = createPlexAuth({
      ...IDENTITY,
      clientIdentifier: "other-id",
      token: "token-b-123456",
      fetch: second.fetch,
    });
    await a.authentication.getTokenDetails();
    await b.authentication.getTokenDetails();
    expect(first.calls[0]?.headers["x-plex-token"]).toBe("token-a-123456");
    expect(second.calls[0]?.headers["x-plex-token"]).toBe("token-b-123456");
    expect(second.calls[0]?.headers["x-plex-client-identifier"]).toBe("other-id");
  });
});
