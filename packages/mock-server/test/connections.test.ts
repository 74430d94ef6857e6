import { describe, expect, it } from "vitest";
import {
  createMockPlex,
  MOCK_ACCOUNTS,
  MOCK_ADMIN_TOKEN,
  MOCK_MEDIA_SERVERS,
  MOCK_SERVER,
  type MockConnectionBehaviour,
  type MockMediaServerInit,
  type MockPlex,
} from "../src/index.ts";
import { FIXED_NOW, plexHeaders, rejectionOf, TRANSPORTS } from "./support/harness.ts";

const { plain, twoFactor } = MOCK_ACCOUNTS;

// One server with a connection of every behaviour, owned by casey and shared with alex.
const LAB: MockMediaServerInit = {
  key: "lab",
  name: "Lab",
  clientIdentifier: "1ab00000000000000000000000000001",
  owner: "plain",
  sharedWith: ["twoFactor"],
  connections: [
    { behaviour: "live", address: "203.0.113.1" },
    { behaviour: "slow", address: "203.0.113.2", delayMs: 200 },
    { behaviour: "refused", address: "203.0.113.3" },
    { behaviour: "blackhole", address: "203.0.113.4" },
    { behaviour: "tls-error", address: "203.0.113.5" },
    { behaviour: "foreign", address: "203.0.113.6" },
  ],
};

function labMock(): MockPlex {
  return createMockPlex({ servers: [MOCK_MEDIA_SERVERS.ownServer, LAB], now: () => FIXED_NOW });
}

function uriOf(behaviour: MockConnectionBehaviour): string {
  const index = LAB.connections.findIndex((connection) => connection.behaviour === behaviour);
  return `https://203-0-113-${index + 1}.1ab00000.connections.plex.invalid:32400`;
}

function get(mock: MockPlex, url: string, token?: string, signal?: AbortSignal): Promise<Response> {
  const headers = plexHeaders(token === undefined ? {} : { "X-Plex-Token": token });
  return mock.fetch(url, { headers, ...(signal ? { signal } : {}) });
}

function causeCode(error: unknown): unknown {
  return (error as { cause?: { code?: unknown } }).cause?.code;
}

async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void promise.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, ms));
  return settled;
}

describe("simulated connections through mock.fetch", () => {
  it("a live connection answers /identity without a token and / only with a token valid on that server", async () => {
    const mock = labMock();
    const identity = await get(mock, `${uriOf("live")}/identity`);
    expect(identity.status).toBe(200);
    expect(JSON.parse(await identity.text())).toEqual({
      MediaContainer: {
        size: 0,
        claimed: true,
        machineIdentifier: LAB.clientIdentifier,
        version: "1.41.3.9314-a0bfb8370",
      },
    });

    const withoutToken = await get(mock, `${uriOf("live")}/`);
    expect(withoutToken.status).toBe(401);
    expect(withoutToken.headers.get("content-type")).toBe("text/html");
    await withoutToken.body?.cancel();

    const sharedToken = mock.serverAccessToken("lab", "twoFactor") as string;
    for (const token of [sharedToken, mock.serverAccessToken("lab", "plain") as string, plain.token]) {
      const root = await get(mock, `${uriOf("live")}/`, token);
      expect(root.status).toBe(200);
      expect(JSON.parse(await root.text()).MediaContainer).toMatchObject({
        machineIdentifier: LAB.clientIdentifier,
        friendlyName: "Lab",
        version: "1.41.3.9314-a0bfb8370",
      });
    }
    // Not the shared account's own plex.tv token, nor another server's access token.
    for (const token of [twoFactor.token, mock.serverAccessToken("ownServer", "twoFactor") as string]) {
      const refused = await get(mock, `${uriOf("live")}/`, token);
      expect(refused.status).toBe(401);
      await refused.body?.cancel();
    }
  });

  it("a slow connection answers the same, after its delay", async () => {
    const mock = labMock();
    const started = performance.now();
    const root = await get(mock, `${uriOf("slow")}/`, mock.serverAccessToken("lab", "twoFactor"));
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(root.status).toBe(200);
    await root.body?.cancel();
  });

  it("a slow connection's wait ends with the caller's abort", async () => {
    const mock = labMock();
    const reason = new Error("gave up");
    const controller = new AbortController();
    const pending = get(mock, `${uriOf("slow")}/identity`, undefined, controller.signal);
    controller.abort(reason);
    expect(await rejectionOf(pending)).toBe(reason);
  });

  it("a refused connection rejects at once like undici: TypeError, cause ECONNREFUSED", async () => {
    const error = await rejectionOf(get(labMock(), `${uriOf("refused")}/identity`));
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe("fetch failed");
    expect(causeCode(error)).toBe("ECONNREFUSED");
  });

  it("a tls-error connection rejects with cause ERR_TLS_CERT_ALTNAME_INVALID", async () => {
    const error = await rejectionOf(get(labMock(), `${uriOf("tls-error")}/`, plain.token));
    expect(error).toBeInstanceOf(TypeError);
    expect(causeCode(error)).toBe("ERR_TLS_CERT_ALTNAME_INVALID");
  });

  it("a blackhole never answers, and rejects with the signal's reason once the request is aborted", async () => {
    const controller = new AbortController();
    const pending = get(labMock(), `${uriOf("blackhole")}/identity`, undefined, controller.signal);
    expect(await settledWithin(pending, 150)).toBe(false);
    const reason = new DOMException("probe timed out", "TimeoutError");
    controller.abort(reason);
    expect(await rejectionOf(pending)).toBe(reason);
  });

  it("a foreign connection is another machine: another machineIdentifier, and 401 for every token", async () => {
    const mock = labMock();
    const identity = await get(mock, `${uriOf("foreign")}/identity`);
    const machine = JSON.parse(await identity.text()).MediaContainer.machineIdentifier as string;
    expect(machine).toMatch(/^[0-9a-f]{32}$/);
    expect(machine).not.toBe(LAB.clientIdentifier);
    for (const token of [mock.serverAccessToken("lab", "twoFactor") as string, plain.token]) {
      const root = await get(mock, `${uriOf("foreign")}/`, token);
      expect(root.status).toBe(401);
      await root.body?.cancel();
    }
  });

  it("the seeded Casey's Server: local blackhole, remote live, slow relay, refused IPv6", async () => {
    const mock = createMockPlex();
    const token = mock.serverAccessToken("sharedServer", "twoFactor") as string;
    const base = "4f2c1a9e.connections.plex.invalid";
    const remote = await get(mock, `https://203-0-113-24.${base}:32400/`, token);
    expect(JSON.parse(await remote.text()).MediaContainer.friendlyName).toBe("Casey's Server");
    const relay = await get(mock, `https://198-51-100-7.${base}:8443/identity`);
    expect(relay.status).toBe(200);
    await relay.body?.cancel();
    expect(causeCode(await rejectionOf(get(mock, `https://2001-db8--24.${base}:32400/`)))).toBe("ECONNREFUSED");
    const controller = new AbortController();
    const local = get(mock, `https://10-0-0-5.${base}:32400/`, token, controller.signal);
    expect(await settledWithin(local, 50)).toBe(false);
    controller.abort();
    await expect(local).rejects.toBeDefined();
  });

  it("any other origin fails like an unknown host, and the requests that reached a machine are logged, redacted", async () => {
    const mock = labMock();
    const unknown = await rejectionOf(get(mock, "https://203-0-113-99.1ab00000.connections.plex.invalid:32400/"));
    expect(causeCode(unknown)).toBe("ENOTFOUND");
    const token = mock.serverAccessToken("lab", "twoFactor") as string;
    await (await get(mock, `${uriOf("live")}/`, token)).body?.cancel();
    await rejectionOf(get(mock, `${uriOf("refused")}/`, token));
    expect(mock.requests.map((entry) => [entry.url, entry.status])).toEqual([[`${uriOf("live")}/`, 200]]);
    expect(JSON.stringify(mock.requests)).not.toContain(token);
  });
});

describe.each(TRANSPORTS)("the mock's own Plex Media Server over $name", (transport) => {
  it("answers /identity without a token", async () => {
    const { fetch, serverUrl } = await transport.start();
    const response = await fetch(`${serverUrl}/identity`, { headers: plexHeaders() });
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text()).MediaContainer).toEqual({
      size: 0,
      claimed: true,
      machineIdentifier: MOCK_SERVER.clientIdentifier,
      version: "1.41.3.9314-a0bfb8370",
    });
  });

  it("answers / for its access tokens, the owner's token and transient tokens made from them; 401 HTML otherwise", async () => {
    const { mock, fetch, serverUrl, client } = await transport.start();
    const root = (token?: string) =>
      fetch(`${serverUrl}/`, { headers: plexHeaders(token === undefined ? {} : { "X-Plex-Token": token }) });
    const shared = mock.serverAccessToken("ownServer", "plain") as string;
    const transient = await client({ token: shared }).authentication.getTransientToken();
    for (const token of [shared, MOCK_ADMIN_TOKEN, transient, mock.serverAccessToken("ownServer", "kid") as string]) {
      const response = await root(token);
      expect(response.status).toBe(200);
      expect(JSON.parse(await response.text()).MediaContainer).toMatchObject({
        machineIdentifier: MOCK_SERVER.clientIdentifier,
        friendlyName: MOCK_SERVER.name,
        version: "1.41.3.9314-a0bfb8370",
      });
    }
    for (const token of [
      undefined,
      plain.token,
      "NotARealToken1234567",
      mock.serverAccessToken("sharedServer", "plain"),
    ]) {
      const response = await root(token);
      expect(response.status, String(token)).toBe(401);
      expect(await response.text()).toContain("<title>Unauthorized</title>");
    }
  });

  it("is reachable at the URI its live connection lists, with the access token resources gave", async () => {
    const { fetch, plexTvUrl } = await transport.start();
    const listed = await fetch(`${plexTvUrl}/resources?includeHttps=1`, {
      headers: plexHeaders({ "X-Plex-Token": plain.token }),
    });
    const own = (
      JSON.parse(await listed.text()) as { name: string; accessToken: string; connections: { uri: string }[] }[]
    ).find((resource) => resource.name === MOCK_SERVER.name);
    const response = await fetch(`${own?.connections[0]?.uri}/`, {
      headers: plexHeaders({ "X-Plex-Token": own?.accessToken as string }),
    });
    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text()).MediaContainer.machineIdentifier).toBe(MOCK_SERVER.clientIdentifier);
  });
});
