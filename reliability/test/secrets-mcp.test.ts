/**
 * Part 4, secrets (MCP): the planted token (PLEX_TOKEN), password (PLEX_PASSWORD or an argument),
 * verification code, Home PIN and the tokens a server mints (account, server, profile and claim tokens),
 * through every tool the server lists against every hostile server behaviour, in process (every JSON-RPC
 * message the server sent: results and notifications, and every log line) and as the real stdio bin (its
 * stdout and stderr). None may appear, and get_server_resources probes a server with its own token only.
 */
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import type { FetchLike } from "@plex-auth/core";
import type { PlexMcpConfig } from "@plex-auth/mcp-server";
import { afterAll, describe, expect, it } from "vitest";
import { connectInMemory } from "../src/mcp/clients.ts";
import { exactly, info, recordSection } from "../src/report/figures.ts";
import { BEHAVIOURS, type Behaviour, ECHO } from "../src/secrets/hostile-plex.ts";
import { plantedAnswer } from "../src/secrets/planted-bodies.ts";
import { ISSUED, leakedIn, SENTINELS, type SentinelName } from "../src/secrets/sentinels.ts";

const S = SENTINELS;
const { token: T, password: P, verificationCode: C, authToken: A } = SENTINELS;
const SERVER_URL = "http://pms.test:32400";
const PLEX_TV_URL = "http://plextv.test/api/v2";

/** Every success answer with its secrets planted; a server's connections are `origins`. */
function planted(origins: readonly string[]): Behaviour {
  return {
    name: "success, every secret in the bodies planted",
    fetch: async (url, init) => {
      const { status, body } = plantedAnswer(init.method ?? "GET", url, origins);
      return new Response(body, { status, headers: { "content-type": "application/json" } });
    },
  };
}

const SUCCESS = planted([SERVER_URL, "https://pms-remote.test:32400"]);

/** What no result may hold: the configured token and password, and whatever a server mints. */
const ALWAYS: readonly SentinelName[] = ["token", "password", ...ISSUED];

/**
 * Each tool with the arguments a model would send (sign-in both with configured credentials and explicit
 * ones), and the secrets its result must not hold: the argument secrets it was given on top of ALWAYS.
 * sign_out comes last: the session forgets its token after it.
 */
const TOOL_CALLS: readonly [string, Record<string, unknown>, readonly SentinelName[]][] = [
  ["get_transient_token", {}, ALWAYS],
  ["get_source_connection_information", { source: "server://0123456789abcdef" }, ALWAYS],
  ["get_token_details", {}, ALWAYS],
  ["ping", {}, ALWAYS],
  ["get_server_resources", {}, ALWAYS],
  ["get_home_users", {}, ALWAYS],
  ["get_claim_token", {}, ALWAYS],
  ["post_users_sign_in_data", { verificationCode: C }, [...ALWAYS, "verificationCode"]],
  [
    "post_users_sign_in_data",
    { login: "me@example.com", password: P, verificationCode: C },
    [...ALWAYS, "verificationCode"],
  ],
  ["switch_home_user", { uuid: "19860c4bdfbf24d5", pin: S.homePin }, [...ALWAYS, "homePin"]],
  // Late, so that the tools above run with the configured token rather than the one a sign-in adopts. The
  // PIN's id (which collects the token on plex.tv) must reach no result once the PIN exists; before that
  // (a refused creation whose error text echoes a number) the server has no id to know.
  ["sign_in_with_plex", {}, ALWAYS],
  // With the handle sign_in_with_plex just returned (see the loop), for one second of polling.
  ["wait_for_plex_sign_in", { waitSeconds: 1 }, [...ALWAYS, "pinId"]],
  ["sign_out", {}, ALWAYS],
];

const findings: { where: string; leaked: string[] }[] = [];
let checks = 0;
let toolCalls = 0;
const started = Date.now();

function check(where: string, text: string, names: readonly SentinelName[]): void {
  checks++;
  const leaked = leakedIn(text, names);
  if (leaked.length) findings.push({ where, leaked });
}

describe("part 4: secrets in MCP tool results, notifications and log lines", () => {
  it("in process: no message the server sends and no log line holds a planted secret", async () => {
    const lister = await connectInMemory({ clientIdentifier: "reliability-mcp-secrets", exposeTokens: false });
    const listed = (await lister.client.listTools()).tools.map((tool) => tool.name);
    await lister.close();
    // Every tool the server lists is driven here: a new tool fails this until it is added to TOOL_CALLS.
    expect(listed.filter((name) => !TOOL_CALLS.some(([tool]) => tool === name))).toEqual([]);
    for (const behaviour of [SUCCESS, ...BEHAVIOURS]) {
      const fetch: FetchLike = behaviour.fetch;
      const config: PlexMcpConfig = {
        clientIdentifier: "reliability-mcp-secrets",
        token: T,
        credentials: { login: "me@example.com", password: P },
        serverUrl: SERVER_URL,
        plexTvUrl: PLEX_TV_URL,
        fetch,
        exposeTokens: false,
        timeoutMs: behaviour.needs === "short-timeout" ? 50 : 5_000,
        maxResponseBytes: behaviour.needs === "small-cap" ? 1_024 : undefined,
        retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
        // Enough attempts for every call here: the limit is not what this part tests.
        signInLimit: { maxAttempts: 1_000, windowMs: 60_000, throttledBlockMs: 1 },
      };
      const session = await connectInMemory(config);
      try {
        let handle = "A".repeat(24);
        for (const [tool, given, names] of TOOL_CALLS) {
          const args = tool === "wait_for_plex_sign_in" ? { ...given, handle } : given;
          const before = session.wire.length;
          const controller = new AbortController();
          if (behaviour.needs === "abort") setTimeout(() => controller.abort(new Error(ECHO)), 5);
          const result = await session.client
            .callTool({ name: tool, arguments: args }, { signal: controller.signal })
            .catch((error: unknown) => ({ rejected: String(error) }));
          toolCalls++;
          const started = (result as { structuredContent?: { handle?: unknown } }).structuredContent?.handle;
          if (typeof started === "string") handle = started;
          const sent = session.wire.slice(before).join("\n");
          // A call the client itself aborted rejects with the client's own reason: not something the server said.
          if (!("rejected" in result)) check(`${behaviour.name} / ${tool}: result`, JSON.stringify(result), names);
          check(`${behaviour.name} / ${tool}: messages sent`, sent, names);
        }
        check(`${behaviour.name}: log lines`, session.logLines.join("\n"), [...ALWAYS, "homePin", "pinId"]);
        expect(session.logLines.length).toBeGreaterThan(0);
      } finally {
        await session.close();
      }
    }
    expect(findings).toEqual([]);
  });

  it("the stdio bin against a hostile server: stdout and stderr hold no planted secret", async () => {
    const hostile = await startHostileHttp();
    const require = createRequire(import.meta.url);
    // The command as npx runs it: the package's `bin` entry.
    const manifest = require.resolve("@plex-auth/mcp-server/package.json");
    const { bin: commands } = require(manifest) as { bin: Record<string, string> };
    const bin = join(dirname(manifest), commands["plex-auth-mcp"] ?? "");
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [bin],
      env: {
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        PLEX_CLIENT_IDENTIFIER: "reliability-stdio",
        PLEX_TOKEN: T,
        PLEX_LOGIN: "me@example.com",
        PLEX_PASSWORD: P,
        PLEX_SERVER_URL: hostile.url,
        PLEX_TV_URL: `${hostile.url}/api/v2`,
        PLEX_MAX_RETRIES: "1",
        PLEX_MCP_LOG_LEVEL: "debug",
        // The hostile server's PIN must not open a browser on the machine running the tests.
        BROWSER: "none",
      },
      stderr: "pipe",
    });
    let stderr = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    const stdout: string[] = [];
    const client = new Client({ name: "reliability-stdio", version: "1.0.0" });
    client.fallbackNotificationHandler = async (notification) => {
      stdout.push(JSON.stringify(notification));
    };
    // sign_out once, at the end: the session forgets its token after it.
    const calls = [
      ...Array.from({ length: hostile.answers }, (_, round) =>
        TOOL_CALLS.filter(([tool]) => tool !== "sign_out").map((call) => [round + 1, ...call] as const),
      ).flat(),
      [hostile.answers + 1, ...(TOOL_CALLS.at(-1) as (typeof TOOL_CALLS)[number])] as const,
    ];
    try {
      await client.connect(transport);
      for (const [round, tool, args, names] of calls) {
        const result = JSON.stringify(await client.callTool({ name: tool, arguments: args }));
        check(`stdio bin: ${tool} result (round ${round})`, result, names);
        toolCalls++;
      }
    } finally {
      // Ends the child (its stdin closes; the transport kills it if it lingers).
      await client.close();
      await hostile.close();
    }
    check("stdio bin: notifications (stdout)", stdout.join("\n"), [...ALWAYS, "verificationCode", "homePin"]);
    check("stdio bin: stderr", stderr, [...ALWAYS, "verificationCode", "homePin"]);
    expect(stderr).toContain("plex-auth-mcp");
    expect(hostile.requests()).toBeGreaterThan(0);
    // get_server_resources probed the listed server with its own token, never PLEX_TOKEN.
    expect(hostile.probeTokens.length).toBeGreaterThan(0);
    expect(hostile.probeTokens.filter((token) => token !== S.resourceToken)).toEqual([]);
    expect(findings).toEqual([]);
  });
});

/**
 * An HTTP server that answers request n with the n-th of a rotation of hostile answers: error documents
 * echoing the secrets, an HTML page, a redirect carrying them, a success whose tokens are planted.
 */
async function startHostileHttp(): Promise<{
  url: string;
  answers: number;
  requests: () => number;
  /** The X-Plex-Token of every probe of the planted server (`GET /`, its one connection being this server). */
  probeTokens: (string | undefined)[];
  close: () => Promise<void>;
}> {
  let url = "";
  const probeTokens: (string | undefined)[] = [];
  const success = (method: string, path: string) => {
    const { status, body } = plantedAnswer(method, `${url}${path}`, [url]);
    return { status, headers: { "content-type": "application/json" }, body: body ?? "" };
  };
  const answers: ((
    method: string,
    path: string,
  ) => { status: number; headers: Record<string, string>; body: string })[] = [
    () => ({
      status: 401,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ errors: [{ code: 1029, message: ECHO }], authToken: A }),
    }),
    () => ({
      status: 500,
      headers: { "content-type": "text/html", "x-debug": ECHO },
      body: `<html><p>${ECHO}</p></html>`,
    }),
    () => ({
      status: 302,
      headers: { location: `http://collector.invalid/?X-Plex-Token=${T}&password=${P}` },
      body: ECHO,
    }),
    () => ({
      status: 422,
      headers: { "content-type": "application/xml" },
      body: `<errors><error code="1001" message="${ECHO}" authToken="${A}"/></errors>`,
    }),
    success,
  ];
  let count = 0;
  const server: Server = createServer((request, response) => {
    request.resume();
    if (request.url === "/") probeTokens.push(request.headers["x-plex-token"] as string | undefined);
    const answer = (answers[count++ % answers.length] as (typeof answers)[number])(
      request.method ?? "GET",
      request.url ?? "/",
    );
    response.writeHead(answer.status, answer.headers).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    url,
    answers: answers.length,
    requests: () => count,
    probeTokens,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

afterAll(() => {
  recordSection({
    part: 4,
    key: "2-mcp",
    title: "MCP tool results, notifications, log lines (in process and the stdio bin)",
    promise:
      "With token exposure off, no planted secret appears in any tool result, any JSON-RPC message the server sends, any " +
      `log line, or the stdio bin's stdout and stderr, across ${BEHAVIOURS.length + 1} server behaviours × every tool`,
    metrics: [
      info("tool calls", toolCalls),
      info("exposure checks", checks),
      exactly("secrets found", findings.length, 0),
    ],
    tables: findings.length
      ? [{ title: "Leaks", columns: ["where", "secrets"], rows: findings.map((f) => [f.where, f.leaked.join(", ")]) }]
      : [],
    totals: { calls: toolCalls, leaks: findings.length },
    durationMs: Date.now() - started,
  });
});
