import { connect } from "node:net";
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { afterEach, describe, expect, test } from "vitest";
import { createLogger } from "../src/log/logger.ts";
import { SecretRegistry } from "../src/log/secrets.ts";
import {
  type HttpServerOptions,
  type RunningHttpServer,
  startHttpServer,
  UnsafeHttpSettingsError,
} from "../src/transports/http/server.ts";
import { TOOL_NAMES, testConfig } from "./helpers/in-memory.ts";
import { createPlexStub, LOGIN, type PlexStub, SENTINELS } from "./helpers/plex-stub.ts";
import { structured, toolError } from "./helpers/results.ts";

const BEARER = "test-bearer-token-4c1f9a7e2b";
const INITIALIZE = {
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
};

let running: RunningHttpServer | undefined;
const clients: Client[] = [];
let logLines: string[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await running?.close();
  running = undefined;
});

async function start(
  stub: PlexStub,
  options: {
    authToken?: HttpServerOptions["authToken"];
    token?: string | undefined;
    allowedOrigins?: string[];
    sessionLimits?: { maxSessions: number; idleMs: number };
    maxConnections?: number;
    headersTimeoutMs?: number;
    requestTimeoutMs?: number;
    tls?: HttpServerOptions["tls"];
    host?: string;
    allowedHosts?: string[];
  } = {},
) {
  logLines = [];
  const secrets = new SecretRegistry();
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line), secrets });
  running = await startHttpServer(
    testConfig(stub, { token: "token" in options ? options.token : SENTINELS.envToken }),
    {
      port: 0,
      authToken: options.authToken ?? BEARER,
      allowedOrigins: options.allowedOrigins ?? [],
      sessionLimits: options.sessionLimits,
      maxConnections: options.maxConnections,
      headersTimeoutMs: options.headersTimeoutMs,
      requestTimeoutMs: options.requestTimeoutMs,
      tls: options.tls,
      host: options.host,
      allowedHosts: options.allowedHosts,
    },
    { logger, secrets },
  );
  return running;
}

async function client(
  url: string,
  bearer: string | undefined = BEARER,
  era: "legacy" | "modern" = "legacy",
): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : {},
  });
  const connected = new Client(
    { name: "http-test", version: "1.0.0" },
    { versionNegotiation: { mode: era === "modern" ? { pin: "2026-07-28" } : "legacy" } },
  );
  await connected.connect(transport);
  clients.push(connected);
  return connected;
}

function post(url: string, headers: Record<string, string>, body: unknown = INITIALIZE): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("Streamable HTTP: who gets in", () => {
  test("listens on 127.0.0.1 by default, at /mcp", async () => {
    const server = await start(createPlexStub());
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  test("a client with the bearer token lists and calls the tools", async () => {
    const server = await start(createPlexStub());
    const connected = await client(server.url);
    expect((await connected.listTools()).tools).toHaveLength(TOOL_NAMES.length);
    const result = await connected.callTool({ name: "get_token_details", arguments: {} });
    expect(structured(result)).toMatchObject({ account: { username: "Username" } });
  });

  test.each([
    ["no Authorization header", {}],
    ["a wrong bearer token", { authorization: "Bearer wrong-token" }],
    ["a different scheme", { authorization: `Basic ${BEARER}` }],
  ])("%s: 401 with WWW-Authenticate, and no session is opened", async (_, headers) => {
    const server = await start(createPlexStub());
    const response = await post(server.url, headers);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(server.sessionCount()).toBe(0);
  });

  test.each([
    ["a foreign Host", { host: "evil.example.com" }],
    ["a foreign Host on the right port", { host: "evil.example.com:3000" }],
  ])("%s is refused with 403 (DNS-rebinding protection), even with the bearer token", async (_, headers) => {
    const server = await start(createPlexStub());
    // fetch will not set Host; a raw request can.
    const { request } = await import("node:http");
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(server.url);
      const outgoing = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: "POST",
          headers: { ...headers, authorization: `Bearer ${BEARER}`, "content-type": "application/json" },
        },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      outgoing.on("error", reject);
      outgoing.end(JSON.stringify(INITIALIZE));
    });
    expect(status).toBe(403);
    expect(server.sessionCount()).toBe(0);
  });

  test.each([
    ["a foreign Origin", () => "http://evil.example.com", 403],
    ["an opaque null Origin", () => "null", 403],
    ["a page on another port of localhost", () => "http://localhost:6274", 403],
    ["this server's host and port over https", (port: string) => `https://127.0.0.1:${port}`, 403],
    ["this server's own origin", (port: string) => `http://127.0.0.1:${port}`, 200],
    ["this server's port under another loopback name", (port: string) => `http://localhost:${port}`, 200],
  ])("%s: %i", async (_, originFor, expected) => {
    const server = await start(createPlexStub());
    const response = await post(server.url, {
      origin: originFor(new URL(server.url).port),
      authorization: `Bearer ${BEARER}`,
    });
    await response.body?.cancel();
    expect(response.status).toBe(expected);
  });

  test("--no-auth: a page on another localhost port cannot drive the tools; an --allowed-origin one can", async () => {
    const server = await start(createPlexStub(), { authToken: false, allowedOrigins: ["http://localhost:6274/"] });
    const refused = await post(server.url, { origin: "http://localhost:8080" });
    await refused.body?.cancel();
    expect(refused.status).toBe(403);
    expect(server.sessionCount()).toBe(0);
    const allowed = await post(server.url, { origin: "http://LOCALHOST:6274" });
    await allowed.body?.cancel();
    expect(allowed.status).toBe(200);
  });

  test("an --allowed-origin that is not an origin is refused before listening", async () => {
    await expect(
      startHttpServer(testConfig(createPlexStub()), { port: 0, authToken: BEARER, allowedOrigins: ["localhost:6274"] }),
    ).rejects.toThrow(UnsafeHttpSettingsError);
  });

  test("other paths are 404, unknown sessions 404, requests without a session 400", async () => {
    const server = await start(createPlexStub());
    const auth = { authorization: `Bearer ${BEARER}` };
    expect((await post(server.url.replace("/mcp", "/other"), auth)).status).toBe(404);
    expect(
      (
        await post(
          server.url,
          { ...auth, "mcp-session-id": "no-such-session" },
          { jsonrpc: "2.0", id: 2, method: "ping" },
        )
      ).status,
    ).toBe(404);
    expect((await post(server.url, auth, { jsonrpc: "2.0", id: 2, method: "ping" })).status).toBe(400);
    expect((await post(server.url, auth, "{not json")).status).toBe(400);
  });

  test("a body over the size limit is refused with 413 before it is parsed", async () => {
    const server = await start(createPlexStub());
    const response = await post(server.url, { authorization: `Bearer ${BEARER}` }, "x".repeat(1024 * 1024 + 1));
    expect(response.status).toBe(413);
  });

  test("--no-auth on loopback lets a client in without a token, and says so loudly", async () => {
    const server = await start(createPlexStub(), { authToken: false });
    const connected = await client(server.url, undefined);
    expect((await connected.listTools()).tools).toHaveLength(TOOL_NAMES.length);
    expect(logLines.join("")).toMatch(/warn: AUTHENTICATION IS OFF/);
  });

  test("no authentication on a non-loopback address is refused before listening", async () => {
    const stub = createPlexStub();
    await expect(startHttpServer(testConfig(stub), { host: "0.0.0.0", port: 0, authToken: false })).rejects.toThrow(
      UnsafeHttpSettingsError,
    );
    await expect(startHttpServer(testConfig(stub), { host: "192.0.2.10", port: 0, authToken: false })).rejects.toThrow(
      /without authentication/,
    );
  });

  test("a wildcard bind needs the host names clients use", async () => {
    // A bearer long enough for a non-loopback bind, so the host-name rule is the one that refuses.
    const remoteBearer = `${BEARER}-${"r".repeat(40)}`;
    await expect(
      startHttpServer(testConfig(createPlexStub()), { host: "0.0.0.0", port: 0, authToken: remoteBearer }),
    ).rejects.toThrow(/--allowed-host/);
  });

  test("library use: only false turns authentication off; an empty or missing token throws", async () => {
    for (const authToken of ["", "   ", undefined, null, 0]) {
      await expect(
        startHttpServer(testConfig(createPlexStub()), { port: 0, authToken: authToken as unknown as string }),
        String(authToken),
      ).rejects.toThrow(/authToken must be the bearer token clients send/);
    }
  });

  test("off loopback the bearer must be at least 32 characters", async () => {
    const options = { host: "0.0.0.0", port: 0, allowedHosts: ["plex-mcp.lan"] };
    await expect(
      startHttpServer(testConfig(createPlexStub()), { ...options, authToken: "x".repeat(31) }),
    ).rejects.toThrow(/31 characters long, too short to serve 0\.0\.0\.0: use at least 32/);
    const server = await startHttpServer(testConfig(createPlexStub()), { ...options, authToken: "y".repeat(32) });
    await server.close();
  });

  test("the bearer token never appears in the log", async () => {
    const server = await start(createPlexStub());
    await post(server.url, { authorization: "Bearer wrong" });
    const connected = await client(server.url);
    await connected.listTools();
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join("")).not.toContain(BEARER);
  });
});

// Three people, each with a bearer of their own: the server keeps a Plex state per principal.
const PEOPLE: Readonly<Record<string, string>> = {
  "alice-bearer-1f0c8e2a9b7d6c5e4f3a": "alice",
  "bob-bearer-5e4d3c2b1a0f9e8d7c6b": "bob",
  "carol-bearer-9a8b7c6d5e4f3a2b1c0d": "carol",
};
const [ALICE, BOB, CAROL] = Object.keys(PEOPLE) as [string, string, string];
const byBearer = (bearer: string) => PEOPLE[bearer];

describe("Streamable HTTP: principals are isolated", () => {
  test("one principal's sign-in is never visible to another; the same principal sees it from any client and era", async () => {
    const stub = createPlexStub();
    const server = await start(stub, { token: undefined, authToken: byBearer });
    const alice = await client(server.url, ALICE);
    const alicesOtherClient = await client(server.url, ALICE, "modern");
    const bob = await client(server.url, BOB, "modern");
    const bobLegacy = await client(server.url, BOB);
    expect(alicesOtherClient.getProtocolEra()).toBe("modern");
    expect(server.sessionCount()).toBe(2); // the 2025-era clients; 2026-07-28 has no sessions

    const signIn = await alice.callTool({
      name: "post_users_sign_in_data",
      arguments: { login: LOGIN, password: SENTINELS.password },
    });
    expect(structured(signIn)).toMatchObject({ token: { fingerprint: `…${SENTINELS.signInToken.slice(-4)}` } });
    for (const who of [alice, alicesOtherClient]) {
      expect(structured(await who.callTool({ name: "get_token_details", arguments: {} }))).toMatchObject({
        token: { origin: "sign-in" },
      });
    }
    for (const who of [bob, bobLegacy]) {
      expect(toolError(await who.callTool({ name: "get_token_details", arguments: {} })).code).toBe("not_signed_in");
    }
    expect(server.principalCount()).toBe(2);
    // Only Alice's calls carried the token.
    const tokensSent = stub.calls.map((call) => call.headers.get("x-plex-token")).filter(Boolean);
    expect(tokensSent).toEqual([SENTINELS.signInToken, SENTINELS.signInToken]);
  });

  test("a principal cannot use another principal's 2025-era session: its id is as unknown as a made-up one", async () => {
    const server = await start(createPlexStub(), { authToken: byBearer });
    const opened = await post(server.url, { authorization: `Bearer ${ALICE}` });
    const sessionId = opened.headers.get("mcp-session-id") as string;
    await opened.body?.cancel();
    expect(sessionId).toBeTruthy();
    const list = { jsonrpc: "2.0", id: 2, method: "tools/list", params: {} };
    const headers = { "mcp-session-id": sessionId, "mcp-protocol-version": "2025-11-25" };
    const asBob = await post(server.url, { ...headers, authorization: `Bearer ${BOB}` }, list);
    expect(asBob.status).toBe(404);
    await asBob.body?.cancel();
    const asAlice = await post(server.url, { ...headers, authorization: `Bearer ${ALICE}` }, list);
    expect(asAlice.status).toBe(200);
    await asAlice.body?.cancel();
  });

  test("after plex.tv throttles one principal's sign-in (1031), no one signs in until the pause ends", async () => {
    const stub = createPlexStub({ throttled: true });
    const server = await start(stub, { token: undefined, authToken: byBearer });
    const alice = await client(server.url, ALICE);
    const bob = await client(server.url, BOB, "modern");
    const signIn = (who: Client) =>
      who.callTool({ name: "post_users_sign_in_data", arguments: { login: LOGIN, password: SENTINELS.password } });

    expect(toolError(await signIn(alice)).code).toBe("sign_in_throttled");
    const bobs = toolError(await signIn(bob));
    expect(bobs).toMatchObject({ code: "sign_in_rate_limited", retryable: true });
    expect(bobs.retryAfterMs).toBeGreaterThan(29 * 60_000);
    // A principal first seen after the throttle waits too.
    const carol = await client(server.url, CAROL);
    expect(toolError(await signIn(carol)).code).toBe("sign_in_rate_limited");
    // Only Alice's attempt reached plex.tv.
    expect(stub.calls.filter((call) => call.url.pathname.endsWith("/users/signin"))).toHaveLength(1);
  });

  test("closing a session frees it; the others go on", async () => {
    const server = await start(createPlexStub());
    const first = await client(server.url);
    const second = await client(server.url);
    expect(server.sessionCount()).toBe(2);
    await (first.transport as StreamableHTTPClientTransport).terminateSession();
    await first.close();
    expect(server.sessionCount()).toBe(1);
    expect((await second.listTools()).tools).toHaveLength(TOOL_NAMES.length);
  });
});

/** One raw HTTP/1.1 request line and its answer's status line, for URLs no fetch would send. */
function rawRequest(url: string, requestLine: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`${requestLine}\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
    });
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("end", () => resolve(answer));
    socket.on("error", reject);
    socket.setTimeout(5_000, () => socket.destroy(new Error("no answer")));
  });
}

describe("Streamable HTTP: hardening", () => {
  test("after 10 wrong bearers from one address it is answered 429 unheard, even with the right one, for a minute", async () => {
    const server = await start(createPlexStub());
    for (let index = 0; index < 10; index++) {
      const wrong = await post(server.url, { authorization: `Bearer wrong-${index}` });
      expect(wrong.status).toBe(401);
      await wrong.body?.cancel();
    }
    const right = await post(server.url, { authorization: `Bearer ${BEARER}` });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(50);
    await right.body?.cancel();
  });

  // A raw request whose body is announced but never comes, and what came back before the socket closed.
  function slowBody(url: string, head: string): Promise<{ text: string; closed: boolean; ms: number }> {
    const { hostname, port } = new URL(url);
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(head));
      let text = "";
      socket.setEncoding("utf8");
      socket.on("data", (chunk: string) => {
        text += chunk;
      });
      socket.on("close", () => resolve({ text, closed: true, ms: performance.now() - started }));
      socket.on("error", reject);
      socket.setTimeout(5_000, () => socket.destroy(new Error("the server kept the connection open")));
    });
  }

  const headOf = (url: string, { line = "POST /mcp HTTP/1.1", headers = "", length = 1_000_000 } = {}) => {
    const { host } = new URL(url);
    return `${line}\r\nHost: ${host}\r\nContent-Type: application/json\r\n${headers}Content-Length: ${length}\r\n\r\n{`;
  };

  test.each([
    { status: 400, why: "a malformed URL", options: { line: "POST // HTTP/1.1" } },
    { status: 401, why: "no bearer", options: {} },
    {
      status: 403,
      why: "a foreign Origin",
      options: { headers: `Authorization: Bearer ${BEARER}\r\nOrigin: https://evil.example\r\n` },
    },
    {
      status: 404,
      why: "another path",
      options: { line: "POST /elsewhere HTTP/1.1", headers: `Authorization: Bearer ${BEARER}\r\n` },
    },
    {
      status: 413,
      why: "a body over 1 MB",
      options: { headers: `Authorization: Bearer ${BEARER}\r\n`, length: 2_000_000 },
    },
  ])(
    "a request refused $status ($why) closes the connection: the rest of a slow body is never read",
    async ({ status, options }) => {
      const server = await start(createPlexStub());
      const answer = await slowBody(server.url, headOf(server.url, options));
      expect(answer.text).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(answer.text.toLowerCase()).toContain("connection: close");
      expect(answer.closed).toBe(true);
    },
  );

  test("a request refused 429 (an address that sent 10 wrong bearers) closes the connection too", async () => {
    const server = await start(createPlexStub());
    for (let index = 0; index < 10; index++)
      await (await post(server.url, { authorization: `Bearer wrong-${index}` })).body?.cancel();
    const answer = await slowBody(server.url, headOf(server.url, { headers: `Authorization: Bearer ${BEARER}\r\n` }));
    expect(answer.text).toMatch(/^HTTP\/1\.1 429 /);
    expect(answer.closed).toBe(true);
  });

  test("headers that never finish get 408 and a closed socket once headersTimeoutMs is over", async () => {
    const server = await start(createPlexStub(), { headersTimeoutMs: 300, requestTimeoutMs: 2_000 });
    const { host } = new URL(server.url);
    const answer = await slowBody(server.url, `POST /mcp HTTP/1.1\r\nHost: ${host}\r\nX-Slow: `);
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.closed).toBe(true);
    // Well before the request bound: the headers' own bound closed it.
    expect(answer.ms).toBeLessThan(2_000);
  });

  test("an authorised request whose body never finishes gets 408 and a closed socket once requestTimeoutMs is over", async () => {
    const server = await start(createPlexStub(), { headersTimeoutMs: 200, requestTimeoutMs: 400 });
    const answer = await slowBody(
      server.url,
      headOf(server.url, { headers: `Authorization: Bearer ${BEARER}\r\n`, length: 1_000 }),
    );
    expect(answer.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(answer.closed).toBe(true);
  });

  test("bounds that would mean no bound are refused before anything listens", async () => {
    for (const bounds of [
      { maxConnections: 0 },
      { headersTimeoutMs: 0.5 },
      { requestTimeoutMs: -1 },
      { headersTimeoutMs: 5_000, requestTimeoutMs: 1_000 },
    ]) {
      await expect(
        startHttpServer(testConfig(createPlexStub()), { port: 0, authToken: BEARER, ...bounds }),
      ).rejects.toThrow(UnsafeHttpSettingsError);
    }
  });

  test("connections beyond the cap are refused at accept", async () => {
    const server = await start(createPlexStub(), { maxConnections: 2 });
    const { hostname, port } = new URL(server.url);
    const sockets = await Promise.all(
      [0, 1].map(
        () =>
          new Promise<ReturnType<typeof connect>>((resolve) => {
            const socket = connect(Number(port), hostname, () => resolve(socket));
          }),
      ),
    );
    try {
      const third = await new Promise<string>((resolve) => {
        const socket = connect(Number(port), hostname);
        socket.on("close", () => resolve("closed"));
        socket.on("error", () => resolve("closed"));
        socket.setTimeout(3_000, () => {
          socket.destroy();
          resolve("kept open");
        });
      });
      expect(third).toBe("closed");
    } finally {
      for (const socket of sockets) socket.destroy();
    }
  });

  test("a malformed request URL is a 400 before anything else (no bearer needed to learn that)", async () => {
    const server = await start(createPlexStub());
    const answer = await rawRequest(server.url, "GET // HTTP/1.1");
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain("malformed URL");
  });

  test("refused Host/Origin requests are logged grouped: one line for a burst, not one per request", async () => {
    const server = await start(createPlexStub());
    for (let index = 0; index < 20; index++) {
      const answer = await post(server.url, { origin: "https://evil.example", authorization: `Bearer ${BEARER}` });
      expect(answer.status).toBe(403);
      await answer.body?.cancel();
    }
    expect(logLines.filter((line) => line.includes("request refused"))).toHaveLength(1);
  });

  test("at the session cap the least recently used session makes way for a new client", async () => {
    const server = await start(createPlexStub(), { sessionLimits: { maxSessions: 2, idleMs: 3_600_000 } });
    const first = await client(server.url);
    const second = await client(server.url);
    await second.listTools();
    const third = await client(server.url);
    expect((await third.listTools()).tools.length).toBe(TOOL_NAMES.length);
    expect(server.sessionCount()).toBe(2);
    await expect(first.listTools()).rejects.toThrow();
    expect((await second.listTools()).tools.length).toBe(TOOL_NAMES.length);
  });
});
