/**
 * Part 2, load: 1,000 concurrent calls through one client (over a real socket and through mock.fetch),
 * each result checked against its own caller's token or login; 50 concurrent MCP sessions over Streamable
 * HTTP, each signing in as a different account and listing its servers (each account has its own access
 * token for the same server) and pinging; heap growth after 100,000 sequential calls (a child with
 * --expose-gc); and a child that makes every kind of call and must then exit on its own (no leaked socket
 * or timer).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createPlexAuth, fingerprint, type PlexAuth, PlexAuthError, UnauthorizedError } from "@plex-auth/core";
import { createLogger, startHttpServer } from "@plex-auth/mcp-server";
import {
  createMockPlex,
  MOCK_ADMIN_TOKEN,
  MOCK_MEDIA_SERVERS,
  MOCK_SOURCES,
  type MockAccountInit,
  type MockMediaServerInit,
} from "@plex-auth/mock-server";
import { startMockServer } from "@plex-auth/mock-server/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callTool, connectHttp, structured } from "../src/mcp/clients.ts";
import { atMost, exactly, failures, info, type Metric, recordSection } from "../src/report/figures.ts";
import { entry, percentile } from "../src/stats.ts";

const CONCURRENT = 1_000;
const MCP_SESSIONS = 50;
const ACCOUNTS = 100;
const HEAP_CALLS = 100_000;
const HEAP_LIMIT_BYTES = 5 * 1024 * 1024;
/** The heap child runs ~40 s alone on two busy cores; this bounds a hang, not the speed. */
const HEAP_CHILD_BOUND_MS = 240_000;
/** How long after its last line the exit child may take to exit: its leaked timers would be 60-120 s. */
const EXIT_BOUND_MS = 10_000;

const ACCOUNT_INITS: readonly MockAccountInit[] = Array.from({ length: ACCOUNTS }, (_, index) => ({
  key: `load${index}`,
  username: `load${index}`,
  email: `load${index}@example.com`,
  password: `load${index}-Pa55word!`,
  // Half own the server (their transient tokens may read /security/resources), half are friends.
  serverAccess: index % 2 === 0 ? "owner" : "shared",
}));
const SOURCES = Object.values(MOCK_SOURCES);
const MCP_TOOL_CALLS = 5;

/**
 * The mock's own server, shared with every load account (each gets its own access token for it), reachable
 * at the mock's socket only: its simulated addresses are `.invalid` names a real fetch would try to resolve.
 */
const LOAD_SERVER: MockMediaServerInit = {
  ...MOCK_MEDIA_SERVERS.ownServer,
  sharedWith: [...(MOCK_MEDIA_SERVERS.ownServer.sharedWith ?? []), ...ACCOUNT_INITS.map((account) => account.key)],
  // Not local: a shared server's local addresses are its owner's, and are never probed.
  connections: [{ behaviour: "live", atMockOrigin: true, local: false }],
};

interface ServerView {
  accessToken?: { fingerprint?: string } | null;
  bestConnection?: { connection?: { uri?: string } | null };
}

const figures: { metrics: Metric[]; totals: Record<string, number> } = { metrics: [], totals: { calls: 0, leaks: 0 } };
const started = Date.now();

/** Spawns a Node child and collects its output; `exited` resolves with its code, or "killed" past `boundMs`. */
function runChild(args: readonly string[], boundMs: number) {
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let lastLineAt = 0;
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk;
    lastLineAt = performance.now();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null | "killed"; afterLastLineMs: number }>((resolve) => {
    const timer = setTimeout(() => {
      // Killed by its own pid, never by name.
      child.kill("SIGKILL");
      resolve({ code: "killed", afterLastLineMs: performance.now() - lastLineAt });
    }, boundMs);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, afterLastLineMs: performance.now() - lastLineAt });
    });
  });
  return {
    exited,
    output: () => ({ stdout, stderr }),
    /** Kills it (by its pid) if it is still running. */
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

/** One concurrent call and the check of its result against its caller's own token or login. */
interface Caller {
  readonly describe: string;
  run(plex: PlexAuth): Promise<string | undefined>;
}

function callers(signInTokens: Map<string, Set<string>>): Caller[] {
  const list: Caller[] = [];
  for (let index = 0; index < CONCURRENT; index++) {
    // Each kind of call covers every account (two or three times).
    const account = ACCOUNT_INITS[Math.floor(index / 4) % ACCOUNTS] as MockAccountInit;
    const token = `mock-token-${account.key}`;
    const kind = index % 4;
    if (kind === 0) {
      list.push({
        describe: `getTokenDetails as ${account.key}`,
        run: async (plex) => {
          const got = await plex.authentication.getTokenDetails(undefined, { token });
          return got.username === account.username && got.authToken === token ? undefined : `got ${got.username}`;
        },
      });
    } else if (kind === 1) {
      list.push({
        describe: `sign-in as ${account.key}`,
        run: async (plex) => {
          const login = index % 8 === 1 ? account.email.toUpperCase() : account.username;
          const got = await plex.authentication.postUsersSignInData({ login, password: account.password });
          entry(signInTokens, account.key, () => new Set<string>()).add(got.authToken);
          return got.username === account.username ? undefined : `got ${got.username}`;
        },
      });
    } else if (kind === 2) {
      list.push({
        describe: `transient token of ${account.key} (${account.serverAccess})`,
        run: async (plex) => {
          const transient = await plex.authentication.getTransientToken(undefined, { token });
          // A transient token has its maker's access: only an owner's may read /security/resources.
          const access = await plex.authentication
            .getSourceConnectionInformation({ source: MOCK_SOURCES.ownServer.source }, { token: transient })
            .then(
              () => "owner",
              (error: unknown) => (error instanceof UnauthorizedError ? "shared" : String(error)),
            );
          return access === account.serverAccess ? undefined : `a transient token with ${access} access`;
        },
      });
    } else {
      const source = SOURCES[index % SOURCES.length] as (typeof SOURCES)[number];
      list.push({
        describe: `connection information of ${source.source}`,
        run: async (plex) => {
          const got = await plex.authentication.getSourceConnectionInformation(
            { source: source.source },
            { token: MOCK_ADMIN_TOKEN },
          );
          return got.clientIdentifier === source.clientIdentifier ? undefined : `got ${got.clientIdentifier}`;
        },
      });
    }
  }
  return list;
}

describe("part 2: load", () => {
  let heap: ReturnType<typeof runChild> | undefined;
  beforeAll(() => {
    // The memory run needs minutes of CPU and no timing: it runs beside the other load tests.
    heap = runChild(["--expose-gc", "children/heap-child.mjs", String(HEAP_CALLS)], HEAP_CHILD_BOUND_MS);
  });
  afterAll(() => {
    // A run filtered to some tests (or failed early) must not leave the memory child running.
    heap?.stop();
    recordSection({
      part: 2,
      key: "load",
      title: "Concurrency, memory and leaks",
      promise:
        `${CONCURRENT.toLocaleString("en-US")} concurrent calls through one client each get their own caller's result; ` +
        `${MCP_SESSIONS} concurrent MCP sessions (sign-in, token details, transient token, server resources with the best ` +
        "connection, ping) each see only their own account and their own server token; " +
        `heap growth after ${HEAP_CALLS.toLocaleString("en-US")} sequential calls stays under 5 MB; a process that made ` +
        "every kind of call (timeouts, aborts mid-body and mid-backoff, resets) exits on its own",
      metrics: figures.metrics,
      totals: figures.totals,
      durationMs: Date.now() - started,
    });
  });

  for (const transport of ["socket", "mock.fetch"] as const) {
    it(`${CONCURRENT.toLocaleString("en-US")} concurrent calls through one client (${transport}): every result is its caller's`, async () => {
      const mock = createMockPlex({ seed: 2, rateLimit: false, accounts: ACCOUNT_INITS });
      const server = transport === "socket" ? await startMockServer({ mock }) : undefined;
      try {
        const plex = createPlexAuth({
          clientIdentifier: `reliability-load-${transport}`,
          serverUrl: server?.url ?? mock.serverUrl,
          plexTvUrl: server?.plexTvUrl ?? mock.plexTvUrl,
          fetch: server ? undefined : mock.fetch,
          timeoutMs: 60_000,
        });
        const signInTokens = new Map<string, Set<string>>();
        const list = callers(signInTokens);
        const begun = performance.now();
        const results = await Promise.all(
          list.map(async (caller) => {
            const callStarted = performance.now();
            try {
              const wrong = await caller.run(plex);
              return { caller, problem: wrong, ms: performance.now() - callStarted };
            } catch (error) {
              const name = error instanceof PlexAuthError ? error.name : `untyped ${String(error)}`;
              return { caller, problem: `failed: ${name}`, ms: performance.now() - callStarted };
            }
          }),
        );
        const wallMs = performance.now() - begun;
        const problems = results.filter((result) => result.problem).map((r) => `${r.caller.describe}: ${r.problem}`);
        // One device per account and client: every sign-in of an account got the same token, and no two
        // accounts share one.
        const devices = mock.devices().filter((device) => device.clientIdentifier === `reliability-load-${transport}`);
        const perAccount = [...signInTokens.values()];
        const allTokens = new Set(perAccount.flatMap((tokens) => [...tokens]));
        const metrics = [
          exactly(
            `${transport}: accounts whose sign-ins got differing tokens, or shared one with another account`,
            perAccount.filter((tokens) => tokens.size !== 1).length + (perAccount.length - allTokens.size),
            0,
          ),
          exactly(`${transport}: concurrent calls whose result was not their caller's, or failed`, problems.length, 0),
          exactly(`${transport}: devices registered (one per account signed in)`, devices.length, ACCOUNTS),
          info(
            `${transport}: wall time for all ${CONCURRENT} (p99 of one call)`,
            `${Math.round(wallMs)} ms (${Math.round(
              percentile(
                results.map((r) => r.ms),
                99,
              ),
            )} ms)`,
          ),
        ];
        figures.metrics.push(...metrics);
        figures.totals.calls = (figures.totals.calls ?? 0) + CONCURRENT;
        expect(problems.slice(0, 10)).toEqual([]);
        expect(failures(metrics)).toEqual([]);
      } finally {
        await server?.close();
      }
    });
  }

  it(`${MCP_SESSIONS} concurrent MCP sessions over Streamable HTTP, each signed in as a different account, each seeing its own server token`, async () => {
    const server = await startMockServer({
      seed: 3,
      rateLimit: false,
      accounts: ACCOUNT_INITS,
      servers: [LOAD_SERVER],
    });
    const lines: string[] = [];
    // One principal per person, each with a bearer of its own: the Plex state is the principal's.
    const bearerOf = (key: string) => `reliability-bearer-${key}-0123456789abcdef`;
    const principals = new Map(ACCOUNT_INITS.map((account) => [bearerOf(account.key), account.key]));
    const http = await startHttpServer(
      {
        clientIdentifier: "reliability-mcp",
        serverUrl: server.url,
        plexTvUrl: server.plexTvUrl,
        exposeTokens: false,
        // Every person signs in once: the process-wide budget is raised to let them all.
        signInLimit: { maxAttempts: 5, windowMs: 600_000, throttledBlockMs: 1_800_000, processMaxAttempts: 10_000 },
      },
      { port: 0, authToken: (bearer) => principals.get(bearer) },
      { logger: createLogger({ level: "debug", write: (line) => lines.push(line) }) },
    );
    try {
      const begun = performance.now();
      const openedDuring: number[] = [];
      const results = await Promise.all(
        ACCOUNT_INITS.slice(0, MCP_SESSIONS).map(async (account, index) => {
          // Half the clients speak 2026-07-28 (no session), half 2025-11-25.
          const era = index % 2 === 0 ? "modern" : "legacy";
          const session = await connectHttp(http.url, bearerOf(account.key), `reliability-${account.key}`, era);
          try {
            const signIn = await callTool(session.client, "post_users_sign_in_data", {
              login: account.username,
              password: account.password,
            });
            openedDuring.push(http.sessionCount());
            const details = await callTool(session.client, "get_token_details", {});
            const transient = await callTool(session.client, "get_transient_token", {});
            const resources = await callTool(session.client, "get_server_resources", {});
            const ping = await callTool(session.client, "ping", {});
            const [listed] = (structured(resources).servers ?? []) as ServerView[];
            const ownAccess = fingerprint(server.mock.serverAccessToken(LOAD_SERVER.key, account.key) ?? "");
            const signedInAs = (structured(signIn).account as { username?: string } | undefined)?.username;
            const detailsOf = (structured(details).account as { username?: string } | undefined)?.username;
            const signInPrint = (structured(signIn).token as { fingerprint?: string } | undefined)?.fingerprint;
            const detailsPrint = (structured(details).token as { fingerprint?: string } | undefined)?.fingerprint;
            const problems = [
              signIn.isError ? `sign-in failed: ${JSON.stringify(structured(signIn))}` : "",
              signedInAs === account.username ? "" : `signed in as ${signedInAs}`,
              detailsOf === account.username ? "" : `token details of ${detailsOf}`,
              signInPrint && signInPrint === detailsPrint ? "" : "the session used another token",
              transient.isError ? "transient token failed" : "",
              // The server as this account sees it: its own access token for it, and the socket it answers on.
              listed?.accessToken?.fingerprint === ownAccess ? "" : "the server listed with another account's token",
              listed?.bestConnection?.connection?.uri === server.url ? "" : "no best connection at the mock's socket",
              structured(ping).alive === true ? "" : `ping: ${JSON.stringify(structured(ping))}`,
            ].filter(Boolean);
            return {
              account: account.key,
              problems,
              texts: [signIn, details, transient, resources, ping].map((r) => JSON.stringify(r)),
            };
          } finally {
            await session.close();
          }
        }),
      );
      const wallMs = performance.now() - begun;
      const problems = results.flatMap((result) => result.problems.map((problem) => `${result.account}: ${problem}`));
      // Every token the mock handed out, and every password: none may be in a tool result or a log line.
      const secrets = [
        ...server.mock.issuedTokens(),
        ...ACCOUNT_INITS.map((account) => account.password),
        ...principals.keys(),
      ];
      const exposed = [...results.flatMap((result) => result.texts), ...lines].join("\n");
      const leaked = secrets.filter((secret) => exposed.includes(secret)).length;
      // Sessions close on DELETE; give the last ones a moment.
      for (let wait = 0; wait < 50 && http.sessionCount() > 0; wait++) await new Promise((r) => setTimeout(r, 20));
      const metrics = [
        exactly("MCP sessions whose results were not their own account's", problems.length, 0),
        info("MCP sessions open at once (max seen)", Math.max(...openedDuring)),
        exactly("MCP sessions left open after the clients closed", http.sessionCount(), 0),
        exactly("principals with a Plex state of their own", http.principalCount(), MCP_SESSIONS),
        exactly("tokens, passwords or the bearer in MCP results or log lines", leaked, 0),
        info(`MCP: ${MCP_SESSIONS} sessions × ${MCP_TOOL_CALLS} tool calls, wall time`, `${Math.round(wallMs)} ms`),
      ];
      figures.metrics.push(...metrics);
      figures.totals.calls = (figures.totals.calls ?? 0) + MCP_SESSIONS * MCP_TOOL_CALLS;
      figures.totals.leaks = (figures.totals.leaks ?? 0) + leaked;
      expect(problems.slice(0, 10)).toEqual([]);
      expect(failures(metrics)).toEqual([]);
    } finally {
      await http.close();
      await server.close();
    }
  });

  it("no leaked sockets or timers: a child that made every kind of call exits on its own", async () => {
    const server = await startMockServer({ rateLimit: false, seed: 9 });
    try {
      // One fault per step of the child, in its order.
      const faults = server.mock.faults;
      faults.stallNext(2);
      faults.failNext(1, 503, { retryAfterSeconds: 30 });
      faults.failNext(1, 503);
      faults.inject({ kind: "slow-drip", chunkBytes: 16, intervalMs: 500 });
      faults.delayNext(1, 60_000);
      faults.resetNext(1);
      faults.inject({ kind: "oversized-body", bytes: 8 * 1024 * 1024 });
      const child = runChild(["children/exit-child.mjs", server.url, server.plexTvUrl], 60_000);
      const { code, afterLastLineMs } = await child.exited;
      const { stdout, stderr } = child.output();
      const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
        outcomes?: { name: string; outcome: string }[];
        successes?: number;
      };
      const leaked = code === "killed" || afterLastLineMs > EXIT_BOUND_MS ? 1 : 0;
      const metrics = [
        exactly("leak child: exit code", code === "killed" ? -1 : (code ?? -1), 0),
        atMost("leak child: exited after its last call", afterLastLineMs, EXIT_BOUND_MS, "ms"),
        exactly("leaked sockets or timers (process held open)", leaked, 0),
      ];
      figures.metrics.push(...metrics);
      figures.totals.leaks = (figures.totals.leaks ?? 0) + leaked;
      figures.totals.calls = (figures.totals.calls ?? 0) + (report.successes ?? 0) + (report.outcomes?.length ?? 0);
      expect(stderr).toBe("");
      expect(report.outcomes?.map((step) => step.outcome)).toEqual([
        "TimeoutError",
        "RequestAbortedError",
        "RequestAbortedError",
        "RequestAbortedError",
        "RequestAbortedError",
        "RequestAbortedError",
        "ConnectionError",
        "ResponseTooLargeError",
      ]);
      expect(report.successes).toBe(100);
      expect(failures(metrics)).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it(
    `memory returns to baseline: heap growth under 5 MB after ${HEAP_CALLS.toLocaleString("en-US")} sequential calls`,
    async () => {
      const child = heap as NonNullable<typeof heap>;
      const { code } = await child.exited;
      const { stdout, stderr } = child.output();
      expect(code, stderr).toBe(0);
      const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as {
        growth: number;
        baseline: number;
        after: number;
        durationMs: number;
        outcomes: Record<string, number>;
      };
      const calls = Object.values(result.outcomes).reduce((sum, count) => sum + count, 0);
      const metrics = [
        // Fewer when a checkpoint already found the heap over the limit.
        exactly("heap run: calls completed", calls, HEAP_CALLS),
        atMost(
          "heap growth after the calls (after full GC)",
          result.growth / 1024 / 1024,
          HEAP_LIMIT_BYTES / 1024 / 1024,
          "MB",
        ),
        info(
          "heap run: baseline → after",
          `${(result.baseline / 1024 / 1024).toFixed(1)} MB → ${(result.after / 1024 / 1024).toFixed(1)} MB`,
        ),
        info(
          "heap run: outcomes",
          Object.entries(result.outcomes)
            .map(([name, count]) => `${name} ${count}`)
            .join(", "),
        ),
      ];
      figures.metrics.push(...metrics);
      figures.totals.calls = (figures.totals.calls ?? 0) + calls;
      figures.totals.heapGrowthBytes = result.growth;
      expect(failures(metrics)).toEqual([]);
    },
    HEAP_CHILD_BOUND_MS + 10_000,
  );
});
