import { createPlexAuth } from "@plex-auth/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { createMockPlex, MOCK_ACCOUNTS } from "../src/index.ts";
import { startMockServer } from "../src/node.ts";
import { plexHeaders } from "./support/harness.ts";

const { plain } = MOCK_ACCOUNTS;

describe("startMockServer's fetch", () => {
  it("reaches the server over the socket and its simulated connections in memory, and nothing else", async () => {
    const server = await startMockServer();
    onTestFinished(() => server.close());
    const plex = createPlexAuth({
      clientIdentifier: "node-adapter-fetch",
      plexTvUrl: server.plexTvUrl,
      token: MOCK_ACCOUNTS.twoFactor.token,
      fetch: server.fetch,
    });
    const own = (await plex.authentication.getServerResources()).find((resource) => resource.owned);
    expect(own?.connections.some((connection) => connection.uri === server.url)).toBe(true);
    // Every other connection is simulated: the picker tries them without a DNS lookup, and picks the live one.
    const found = await plex.findServerConnection(own as NonNullable<typeof own>, { probeTimeoutMs: 500 });
    expect(found.uri).toBe(server.url);
    await expect(server.fetch("https://example.com/", {})).rejects.toMatchObject({ cause: { code: "ENOTFOUND" } });
  });
});

describe("startMockServer (node:http)", () => {
  it("listens on 127.0.0.1 and an ephemeral port by default", async () => {
    const server = await startMockServer();
    onTestFinished(() => server.close());
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.plexTvUrl).toBe(`${server.url}/api/v2`);
    const other = await startMockServer();
    onTestFinished(() => other.close());
    expect(other.port).not.toBe(server.port);
  });

  it("serves a mock made with createMockPlex, sharing its state", async () => {
    const mock = createMockPlex({ seed: 3 });
    const server = await startMockServer({ mock });
    onTestFinished(() => server.close());
    expect(server.mock).toBe(mock);
    mock.revokeToken(plain.token);
    const plex = createPlexAuth({ clientIdentifier: "node", token: plain.token, plexTvUrl: server.plexTvUrl });
    await expect(plex.authentication.getTokenDetails()).rejects.toMatchObject({ status: 422 });
  });

  it("refuses a mock together with options for a new one", async () => {
    await expect(startMockServer({ mock: createMockPlex(), seed: 1 })).rejects.toThrow(TypeError);
  });

  it("drops the connection for a reset fault", async () => {
    const server = await startMockServer();
    onTestFinished(() => server.close());
    server.mock.faults.resetNext(1);
    const error = await fetch(`${server.plexTvUrl}/user`, {
      headers: plexHeaders({ "X-Plex-Token": plain.token }),
    }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(TypeError);
  });

  it("answers 413 for a request body over the cap", async () => {
    const server = await startMockServer();
    onTestFinished(() => server.close());
    const response = await fetch(`${server.plexTvUrl}/users/signin`, {
      method: "POST",
      headers: { ...plexHeaders(), "Content-Type": "application/x-www-form-urlencoded" },
      body: `login=${"a".repeat(200 * 1024)}`,
    });
    expect(response.status).toBe(413);
    await response.body?.cancel();
  });

  it("closes promptly with a stalled response still open, and frees the port", async () => {
    const server = await startMockServer();
    server.mock.faults.stallNext(1);
    const response = await fetch(`${server.plexTvUrl}/user`, { headers: plexHeaders({ "X-Plex-Token": plain.token }) });
    expect(response.status).toBe(200);
    const reading = response.text().then(
      () => "finished",
      () => "cut off",
    );
    await server.close();
    expect(await reading).toBe("cut off");
    const refused = await fetch(`${server.url}/security/token`).then(
      () => "answered",
      () => "refused",
    );
    expect(refused).toBe("refused");
    // close() is idempotent.
    await server.close();
  });
});
