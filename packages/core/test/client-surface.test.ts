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

const NAMES = ["getSourceConnectionInformation", "getTokenDetails", "getTransientToken", "ping", "postUsersSignInData"];

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

describe("the operations table", () => {
  it("holds the four seed operations and ping", () => {
    expect(Object.keys(operations).sort()).toEqual(NAMES);
  });

  it.each(Object.entries(operations))("%s declares itself consistently", (key, operation) => {
    expect(operation.name).toBe(key);
    expect(operation.tool?.name).toBe(snakeCase(key));
    expect(operation.path.startsWith("/")).toBe(true);
    expect(operation.path.endsWith("/")).toBe(false);
    expect(operation.title.length).toBeGreaterThan(0);
    expect(operation.description.length).toBeGreaterThan(40);
    // Sign-in is the one plex.tv call without a token, the one POST, and the one not idempotent.
    const signIn = key === "postUsersSignInData";
    expect(operation.requiresToken).toBe(!signIn);
    expect(operation.method).toBe(signIn ? "POST" : "GET");
    expect(operation.retry).toBe(signIn ? "non-idempotent" : "idempotent");
    expect(operation.successStatus).toBe(signIn ? 201 : 200);
    expect(operation.host).toBe(
      key === "getTransientToken" || key === "getSourceConnectionInformation" ? "pms" : "plexTv",
    );
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
