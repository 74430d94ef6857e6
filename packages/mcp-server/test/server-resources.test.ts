import { afterEach, describe, expect, test } from "vitest";
import { PROBE_TIMEOUT_MS } from "../src/tools/presenters/best-connection.ts";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { createPlexStub, isProbe, PLEX_TV_URL, SENTINELS, SERVERS } from "./helpers/plex-stub.ts";
import { structured, textOf, toolError } from "./helpers/results.ts";
import { waitFor } from "./helpers/wait.ts";

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

interface ServerResult {
  name: string;
  accessToken: { fingerprint: string; value?: string } | null;
  connections: { uri: string; relay: boolean | null }[];
  bestConnection: {
    connection: { uri: string; local: boolean; relay: boolean; latencyMs: number } | null;
    attempts: { uri: string; outcome: string }[];
    reason: string | null;
  };
}

const listServers = async (session: Connected, args: Record<string, unknown> = {}) => {
  const result = await session.client.callTool({ name: "get_server_resources", arguments: args });
  const content = structured(result) as { servers: ServerResult[]; clientDevices: number };
  const byName = Object.fromEntries(content.servers.map((server) => [server.name, server]));
  return { result, content, byName };
};

const uriOf = (server: keyof typeof SERVERS, index: number) => SERVERS[server].connections[index]?.uri ?? "";

describe("get_server_resources", () => {
  test("lists the servers with their details and connections; client devices are only counted", async () => {
    connected = await connect({ validateOutput: true });
    const { content, byName } = await listServers(connected);
    expect(content.clientDevices).toBe(1);
    expect(content.servers.map((server) => server.name)).toEqual(["StreamMaster", "PirateBay", "OldBox"]);
    expect(byName.StreamMaster).toMatchObject({
      clientIdentifier: SERVERS.owned.clientIdentifier,
      owned: true,
      presence: true,
      product: "Plex Media Server",
      productVersion: "1.50.7.9541-913b34e21",
      platform: "Linux",
      accessToken: { fingerprint: `…${SENTINELS.resourceAccessToken.slice(-4)}`, expiresAt: null },
    });
    expect(byName.StreamMaster?.connections[0]).toEqual({
      uri: uriOf("owned", 0),
      local: true,
      relay: false,
      protocol: "https",
      IPv6: false,
    });
    expect(byName.StreamMaster?.connections).toHaveLength(SERVERS.owned.connections.length);
    expect(byName.StreamMaster?.accessToken).not.toHaveProperty("value");
    // An allow-list: what plex.tv says about the owner and the public address stays out.
    expect(Object.keys(byName.PirateBay ?? {}).sort()).toEqual(
      [
        "accessToken",
        "bestConnection",
        "clientIdentifier",
        "connections",
        "name",
        "owned",
        "platform",
        "presence",
        "product",
        "productVersion",
      ].sort(),
    );
    const request = connected.stub.calls[0];
    expect(request?.url.href).toBe(`${PLEX_TV_URL}/resources?includeHttps=1&includeRelay=1&includeIPv6=1`);
    expect(request?.headers.get("x-plex-token")).toBe(SENTINELS.envToken);
  });

  test("the include flags go to plex.tv as 0/1 and shape the connections listed", async () => {
    connected = await connect({ validateOutput: true });
    const { byName } = await listServers(connected, { includeRelay: false, includeIPv6: false });
    expect(connected.stub.calls[0]?.url.search).toBe("?includeHttps=1&includeRelay=0&includeIPv6=0");
    expect(byName.StreamMaster?.connections.map((connection) => connection.uri)).toEqual([
      uriOf("owned", 0),
      uriOf("owned", 1),
    ]);
  });

  test("each online server's connection is picked by probing it with its own token, never the account's", async () => {
    connected = await connect({ validateOutput: true });
    const { result, byName } = await listServers(connected);
    const owned = byName.StreamMaster?.bestConnection;
    expect(owned?.connection).toMatchObject({ uri: uriOf("owned", 0), local: true, relay: false });
    expect(owned?.connection?.latencyMs).toBeGreaterThanOrEqual(0);
    expect(owned).toMatchObject({ attempts: [], reason: null });

    expect(byName.PirateBay?.bestConnection).toEqual({
      connection: null,
      attempts: [
        { uri: uriOf("shared", 1), outcome: "refused" },
        { uri: uriOf("shared", 2), outcome: "another server answered (its machine identifier differs or is missing)" },
      ],
      reason: "no connection worked",
    });
    expect(byName.OldBox?.bestConnection).toEqual({
      connection: null,
      attempts: [],
      reason: "not probed: plex.tv lists the server as offline",
    });
    expect(textOf(result)).toMatch(/"StreamMaster" \(owned; best connection https:\/\/192-168-1-150\S+ \(local\)/);
    expect(textOf(result)).toMatch(/"PirateBay" \(shared; no connection: no connection worked\)/);
    expect(textOf(result)).toMatch(/Access tokens are shown as fingerprints; the tokens themselves are withheld/);

    const probes = connected.stub.calls.filter(isProbe);
    const probed = probes.map((call) => call.url.origin);
    // Not the shared server's addresses on its owner's network, nor the offline server's.
    expect(probed).not.toContain(new URL(uriOf("shared", 0)).origin);
    expect(probed).not.toContain(new URL(uriOf("offline", 0)).origin);
    for (const call of probes) {
      const server = Object.values(SERVERS).find((candidate) =>
        candidate.connections.some((connection) => new URL(connection.uri).origin === call.url.origin),
      );
      expect(call.headers.get("x-plex-token")).toBe(server?.accessToken);
    }
    expect(probes.length).toBeGreaterThanOrEqual(3);
  });

  test("servers that cannot be reached: the tool still answers within a few seconds, saying why", async () => {
    connected = await connect({ stub: createPlexStub({ probesHang: true }), validateOutput: true });
    const started = Date.now();
    const { byName } = await listServers(connected);
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS);
    expect(took).toBeLessThan(PROBE_TIMEOUT_MS + 3_000);
    const owned = byName.StreamMaster?.bestConnection;
    expect(owned?.connection).toBeNull();
    expect(owned?.attempts.map((attempt) => attempt.outcome)).toEqual(SERVERS.owned.connections.map(() => "timed out"));
    expect(JSON.stringify(owned)).not.toContain("SENTINEL");
  });

  test("cancelling the call aborts the probes", async () => {
    connected = await connect({ stub: createPlexStub({ probesHang: true }) });
    const controller = new AbortController();
    const pending = connected.client.callTool(
      { name: "get_server_resources", arguments: {} },
      {
        signal: controller.signal,
      },
    );
    await waitFor(() => connected?.stub.calls.some(isProbe) === true, "a probe to start");
    controller.abort("the user changed their mind");
    await expect(pending).rejects.toThrow();
    await waitFor(() => (connected?.stub.aborted.length ?? 0) > 0, "the probes to be aborted");
    await waitFor(
      () => /tool call failed tool=get_server_resources code=aborted/.test(connected?.logLines.join("") ?? ""),
      "the log line",
    );
  });

  test("with token exposure on, the servers' tokens are in the result; a client device's never is", async () => {
    connected = await connect({ config: { exposeTokens: true }, validateOutput: true });
    const { result, byName } = await listServers(connected);
    expect(byName.StreamMaster?.accessToken?.value).toBe(SENTINELS.resourceAccessToken);
    expect(byName.PirateBay?.accessToken?.value).toBe(SENTINELS.sharedServerToken);
    expect(textOf(result)).toMatch(/full access token is in servers\[\]\.accessToken\.value/);
    expect(JSON.stringify(result)).not.toContain(SENTINELS.deviceAccessToken);
  });

  test("without a token: not_signed_in, nothing sent", async () => {
    connected = await connect({ config: { token: undefined } });
    const result = await connected.client.callTool({ name: "get_server_resources", arguments: {} });
    expect(toolError(result)).toMatchObject({ code: "not_signed_in", status: null });
    expect(connected.stub.calls).toHaveLength(0);
  });
});
