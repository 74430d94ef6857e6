/**
 * Part 5, real sockets: hand-written TCP servers on 127.0.0.1 that fail the way networks and broken
 * servers do. Each call must end in the right typed error within its bound (attempts × timeout + backoff),
 * be retried only as the policy allows (a read once more, a sign-in never), and leave no connection open:
 * the server must see the client close every socket, a 50 MB body included (cancelled, not drained).
 */
import type net from "node:net";
import {
  ConnectionError,
  createPlexAuth,
  DEFAULT_MAX_RESPONSE_BYTES,
  type PlexAuth,
  type RetryOptions,
  TimeoutError,
} from "@plex-auth/core";
import { afterAll, describe, expect, it } from "vitest";
import { settle } from "../src/outcome.ts";
import { exactly, failures, info, type Metric, recordSection } from "../src/report/figures.ts";
import { type Behaviour, type RawServer, startRawServer, streamBody, writeHead } from "../src/sockets/raw-server.ts";

const TIMEOUT_MS = 1_500;
const RETRY: Required<RetryOptions> = { maxRetries: 1, initialDelayMs: 20, maxDelayMs: 20, maxRetryAfterMs: 1_000 };
/** Timers fire late on a loaded machine; every bound gets this much on top. */
const ALLOWANCE_MS = 1_000;
/** How long after the call the server may take to see the socket closed. */
const CLOSE_WITHIN_MS = 2_000;
/**
 * After an aborted request, undici (Node's fetch) opens one spare connection that carries no request and
 * closes it after its 4 s keep-alive timeout. Not the client's socket to close, but it must go away too.
 */
const IDLE_CLOSE_WITHIN_MS = 8_000;
const FIFTY_MB = 50 * 1024 * 1024;
const JSON_HEADERS = { "Content-Type": "application/json" };

type Kind = "read" | "sign-in";

interface Scenario {
  readonly name: string;
  readonly behaviour: Behaviour;
  readonly expected: string;
  /** Attempts for a read and for a sign-in. */
  readonly attempts: Readonly<Record<Kind, number>>;
  /** Whether each attempt waits out the timeout (for the bound). */
  readonly waitsForTimeout: boolean;
  /** An upper bound on the bytes the server may have written per connection, when it streams a body. */
  readonly maxBytesPerConnection?: number;
}

const RETRIED = { read: RETRY.maxRetries + 1, "sign-in": 1 } as const;
const ONCE = { read: 1, "sign-in": 1 } as const;

function drip(socket: net.Socket): void {
  writeHead(socket, "200 OK", { ...JSON_HEADERS, "Content-Length": "1000" });
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write("x");
  }, 500);
  socket.once("close", () => clearInterval(timer));
}

const SCENARIOS: readonly Scenario[] = [
  {
    name: "reset after headers",
    behaviour: (socket) => {
      writeHead(socket, "200 OK", { ...JSON_HEADERS, "Content-Length": "2000" });
      socket.write('{"id":1,"uuid":"');
      setTimeout(() => socket.resetAndDestroy(), 20);
    },
    expected: "ConnectionError",
    attempts: RETRIED,
    waitsForTimeout: false,
  },
  {
    name: "reset before headers",
    behaviour: (socket) => socket.resetAndDestroy(),
    expected: "ConnectionError",
    attempts: RETRIED,
    waitsForTimeout: false,
  },
  {
    name: "half-open: request read, then silence (no answer, no FIN)",
    behaviour: () => {},
    expected: "TimeoutError",
    attempts: RETRIED,
    waitsForTimeout: true,
  },
  {
    name: "half-closed: FIN without an answer",
    behaviour: (socket) => socket.end(),
    expected: "ConnectionError",
    attempts: RETRIED,
    waitsForTimeout: false,
  },
  {
    name: "1 byte every 500 ms",
    behaviour: drip,
    expected: "TimeoutError",
    attempts: RETRIED,
    waitsForTimeout: true,
    maxBytesPerConnection: 1_000,
  },
  {
    name: "Content-Length larger than the body, then FIN",
    behaviour: (socket) => {
      writeHead(socket, "200 OK", { ...JSON_HEADERS, "Content-Length": "5000" });
      socket.end('{"id":1}');
    },
    expected: "ConnectionError",
    attempts: RETRIED,
    waitsForTimeout: false,
  },
  {
    name: "Content-Length larger than the body, then silence",
    behaviour: (socket) => {
      writeHead(socket, "200 OK", { ...JSON_HEADERS, "Content-Length": "5000" });
      socket.write('{"id":1}');
    },
    expected: "TimeoutError",
    attempts: RETRIED,
    waitsForTimeout: true,
  },
  {
    name: "50 MB body with Content-Length",
    behaviour: (socket) => {
      writeHead(socket, "200 OK", { ...JSON_HEADERS, "Content-Length": String(FIFTY_MB) });
      void streamBody(socket, FIFTY_MB, false);
    },
    expected: "ResponseTooLargeError",
    attempts: ONCE,
    waitsForTimeout: false,
    maxBytesPerConnection: FIFTY_MB / 2,
  },
  {
    name: "50 MB chunked body (no Content-Length)",
    behaviour: (socket) => {
      writeHead(socket, "200 OK", { ...JSON_HEADERS, "Transfer-Encoding": "chunked" });
      void streamBody(socket, FIFTY_MB, true);
    },
    expected: "ResponseTooLargeError",
    attempts: ONCE,
    waitsForTimeout: false,
    maxBytesPerConnection: FIFTY_MB / 2,
  },
  {
    name: "HTTP 500 with a 50 MB chunked error page",
    behaviour: (socket) => {
      writeHead(socket, "500 Internal Server Error", { "Content-Type": "text/html", "Transfer-Encoding": "chunked" });
      void streamBody(socket, FIFTY_MB, true);
    },
    expected: "ServerError",
    attempts: RETRIED,
    waitsForTimeout: false,
    maxBytesPerConnection: FIFTY_MB / 2,
  },
];

function call(plex: PlexAuth, kind: Kind): Promise<unknown> {
  return kind === "read"
    ? plex.authentication.getTokenDetails()
    : plex.authentication.postUsersSignInData({ login: "casey@example.com", password: "not-a-real-password" });
}

interface Row {
  readonly scenario: Scenario;
  readonly kind: Kind;
  readonly outcome: string;
  readonly error: unknown;
  readonly wallMs: number;
  readonly boundMs: number;
  readonly attempts: number;
  readonly closed: boolean;
  readonly maxBytes: number;
  readonly server: RawServer;
}

async function runScenario(scenario: Scenario, kind: Kind, servers: RawServer[]): Promise<Row> {
  const server = await startRawServer(scenario.behaviour);
  servers.push(server);
  const plex = createPlexAuth({
    clientIdentifier: "reliability-sockets",
    token: "socket-test-token-0001",
    plexTvUrl: server.url,
    timeoutMs: TIMEOUT_MS,
    retry: RETRY,
  });
  const attempts = scenario.attempts[kind];
  const boundMs =
    (scenario.waitsForTimeout ? attempts * TIMEOUT_MS : 0) + (attempts - 1) * RETRY.maxDelayMs + ALLOWANCE_MS;
  // A call that outlives its bound by far is a hang; it is reported as one instead of stalling the run.
  const { outcome, error, wallMs } = await settle(() => call(plex, kind), boundMs + 10_000);
  const closed = await server.allClosed(CLOSE_WITHIN_MS);
  return {
    scenario,
    kind,
    outcome,
    error,
    wallMs,
    boundMs,
    attempts: server.requests(),
    closed,
    maxBytes: Math.max(0, ...server.connections.map((connection) => connection.bytesWritten)),
    server,
  };
}

describe("part 5: real sockets", () => {
  const servers: RawServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it("each broken server ends in the right typed error within its bound, and every socket is closed", async () => {
    const started = Date.now();
    const rows = await Promise.all(
      SCENARIOS.flatMap((scenario) =>
        (["read", "sign-in"] as const).map((kind) => runScenario(scenario, kind, servers)),
      ),
    );
    const problems: string[] = [];
    for (const row of rows) {
      const where = `${row.scenario.name} (${row.kind})`;
      if (row.outcome !== row.scenario.expected)
        problems.push(`${where}: ${row.outcome}, want ${row.scenario.expected}`);
      if (row.attempts !== row.scenario.attempts[row.kind]) {
        problems.push(`${where}: ${row.attempts} requests, want ${row.scenario.attempts[row.kind]}`);
      }
      if (row.wallMs > row.boundMs)
        problems.push(`${where}: took ${Math.round(row.wallMs)} ms, bound ${row.boundMs} ms`);
      if (!row.closed) problems.push(`${where}: a connection was still open ${CLOSE_WITHIN_MS} ms after the call`);
      const maxBytes = row.scenario.maxBytesPerConnection;
      if (maxBytes !== undefined && row.maxBytes > maxBytes) {
        problems.push(`${where}: the server wrote ${row.maxBytes} bytes on one connection (not cancelled)`);
      }
      // A connection failure after the request went out may have reached the server: never "neverReached".
      if (row.error instanceof ConnectionError && row.error.neverReached) problems.push(`${where}: neverReached`);
      if (row.error instanceof TimeoutError && row.error.timeoutMs !== TIMEOUT_MS) problems.push(`${where}: timeoutMs`);
    }
    const idleClosed = await Promise.all(rows.map((row) => row.server.allClosed(IDLE_CLOSE_WITHIN_MS, true)));
    const spare = rows.reduce((sum, row) => sum + row.server.connections.filter((c) => c.requests === 0).length, 0);
    const metrics: Metric[] = [
      exactly("calls", rows.length, SCENARIOS.length * 2),
      exactly("calls ending in the wrong outcome, attempt count, or over their bound", problems.length, 0),
      exactly("request connections still open 2 s after their call", rows.filter((row) => !row.closed).length, 0),
      info("spare idle connections undici opened after an abort", spare),
      exactly(
        `connections of any kind still open ${IDLE_CLOSE_WITHIN_MS / 1000} s later`,
        idleClosed.filter((closed) => !closed).length,
        0,
      ),
      info(
        "largest body the server got to write before the client hung up (50 MB cases)",
        `${(Math.max(...rows.filter((row) => row.scenario.maxBytesPerConnection === FIFTY_MB / 2).map((row) => row.maxBytes)) / 1024 / 1024).toFixed(1)} MB (cap ${DEFAULT_MAX_RESPONSE_BYTES / 1024 / 1024} MiB)`,
      ),
    ];
    recordSection({
      part: 5,
      key: "sockets",
      title: "Broken servers on real 127.0.0.1 sockets",
      promise:
        `Each case ends in its typed error within attempts × timeoutMs (${TIMEOUT_MS} ms) + backoff + ${ALLOWANCE_MS} ms, ` +
        "a read is retried once (maxRetries 1), a sign-in never, and the server sees every socket closed by the client " +
        `within ${CLOSE_WITHIN_MS} ms of the call's end (bodies cancelled, not drained)`,
      metrics,
      tables: [
        {
          title: "Cases",
          columns: ["case", "call", "outcome", "requests", "wall time", "bound", "socket closed", "bytes written"],
          rows: rows.map((row) => [
            row.scenario.name,
            row.kind,
            row.outcome,
            row.attempts,
            `${Math.round(row.wallMs)} ms`,
            `${row.boundMs} ms`,
            row.closed ? "yes" : "NO",
            row.maxBytes,
          ]),
        },
        ...(problems.length ? [{ title: "Problems", columns: ["problem"], rows: problems.map((p) => [p]) }] : []),
      ],
      totals: {
        calls: rows.length,
        leaks: rows.filter((row) => !row.closed).length + idleClosed.filter((closed) => !closed).length,
      },
      durationMs: Date.now() - started,
    });
    expect(problems).toEqual([]);
    expect(failures(metrics)).toEqual([]);
  });
});
