/**
 * Part 1, chaos: 5,000 calls over nine operations (the seed's four, PIN creation, ping, server resources,
 * Home users, claim tokens) through the real client, half through `mock.fetch` and half over real 127.0.0.1
 * sockets, with 20 % of requests hit by a seeded fault. Every call must end in a result or a typed
 * PlexAuthError within its bound, each attempt's fault must lead where the README's retry policy says, and
 * a sign-in or a PIN creation must never be sent again once it may have reached the server (the mock's log
 * shows no call that made two PINs). The polling flow has a file of its own (`chaos-polling.test.ts`).
 */
import { createPlexAuth, type FetchLike, type PlexAuth, type RetryOptions } from "@plex-auth/core";
import {
  createMockPlex,
  MOCK_ACCOUNTS,
  MOCK_ADMIN_TOKEN,
  MOCK_SOURCES,
  type MockPlex,
  type MockRequestLogEntry,
} from "@plex-auth/mock-server";
import { type MockServer, startMockServer } from "@plex-auth/mock-server/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Attempt,
  type CallClass,
  expectedOutcome,
  expectedRetryReason,
  FAULT_RATE,
  faultLabel,
  injectChaos,
  isEnvironmentTimeout,
  isRetryable,
} from "../src/chaos/faults.ts";
import { ATTEMPT_HEADER, recordingFetch, type Seen } from "../src/clients/recording-fetch.ts";
import { settle } from "../src/outcome.ts";
import { createRng } from "../src/random.ts";
import { atLeast, atMost, exactly, failures, info, recordSection } from "../src/report/figures.ts";
import { entry, percent, percentile, tally } from "../src/stats.ts";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
const CALLS = 5_000;
const TRANSPORTS = ["mock.fetch", "socket"] as const;
type Transport = (typeof TRANSPORTS)[number];
/** Calls run one after another within a lane (one mock per lane), lanes run side by side. */
const LANES_PER_TRANSPORT = 24;

const TIMEOUT_MS = 400;
const RETRY: Required<RetryOptions> = { maxRetries: 2, initialDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 200 };
const MAX_RESPONSE_BYTES = 256 * 1024;
/** The README's worst case for one call: every attempt times out, and every wait is the longest allowed. */
const BOUND_MS =
  TIMEOUT_MS * (RETRY.maxRetries + 1) + RETRY.maxRetries * Math.max(RETRY.maxDelayMs, RETRY.maxRetryAfterMs);
/** Timers fire late on a loaded machine; the bound is checked with this much allowance on top. */
const SCHEDULING_ALLOWANCE_MS = 1_000;
/** A call not settled after this long is a hang. */
const HANG_MS = 15_000;

/** The seed's four operations, PIN creation (never resent once it may have made a PIN) and four more reads. */
const OPERATIONS = [
  "getTransientToken",
  "getSourceConnectionInformation",
  "getTokenDetails",
  "postUsersSignInData",
  "createOAuthPin",
  "ping",
  "getServerResources",
  "getHomeUsers",
  "getClaimToken",
] as const;
type Operation = (typeof OPERATIONS)[number];

interface Call {
  readonly id: string;
  readonly transport: Transport;
  readonly operation: Operation;
  readonly callClass: CallClass;
  readonly run: (plex: PlexAuth) => Promise<unknown>;
}

interface Done {
  readonly call: Call;
  readonly outcome: string;
  readonly error: unknown;
  readonly wallMs: number;
  /** Core's retry reasons, one per retried attempt (`HTTP 503`, `timeout`, `connection_error`). */
  readonly retryReasons: readonly string[];
}

interface Lane {
  readonly mock: MockPlex;
  readonly server: MockServer | undefined;
  readonly fetch: FetchLike;
  readonly serverUrl: string;
  readonly plexTvUrl: string;
  readonly calls: Call[];
}

const SEEDED_TOKENS = [MOCK_ACCOUNTS.plain.token, MOCK_ACCOUNTS.twoFactor.token, MOCK_ACCOUNTS.managed.token];
/** Members of the mock's Plex Home: the others get a 404 from /home/users. */
const HOME_TOKENS = [MOCK_ACCOUNTS.twoFactor.token, MOCK_ACCOUNTS.managed.token];
const SOURCES = Object.values(MOCK_SOURCES).map((source) => source.source);

/** A read with an account token: it may be retried on any transient failure. */
function readCall(id: string, transport: Transport, operation: Operation, token: string, input?: unknown): Call {
  const method = (plex: PlexAuth) =>
    plex.authentication[operation] as (input: unknown, options: { token: string }) => Promise<unknown>;
  return { id, transport, operation, callClass: "read", run: (plex) => method(plex)(input, { token }) };
}

/** The seeded plan of call `index`: which operation, which account or source. */
function planCall(index: number, transport: Transport, mock: () => MockPlex): Call {
  const rng = createRng(SEED * 7919 + index);
  const id = `chaos-${transport}-${index}`;
  const operation = rng.pick(OPERATIONS);
  if (operation === "postUsersSignInData") {
    if (rng.next() < 0.5) {
      const { login, password } = MOCK_ACCOUNTS.plain;
      return {
        id,
        transport,
        operation,
        callClass: "sign-in",
        run: (plex) => plex.authentication.postUsersSignInData({ login, password, rememberMe: true }),
      };
    }
    const { login, password } = MOCK_ACCOUNTS.twoFactor;
    return {
      id,
      transport,
      operation,
      callClass: "sign-in-with-code",
      run: async (plex) =>
        plex.authentication.postUsersSignInData({ login, password, verificationCode: await mock().totp("twoFactor") }),
    };
  }
  if (operation === "createOAuthPin") {
    // Non-idempotent like a sign-in: a resend after it may have reached the mock would make a second PIN.
    const strong = rng.next() < 0.5;
    return {
      id,
      transport,
      operation,
      callClass: "sign-in",
      run: (plex) => plex.authentication.createOAuthPin({ strong }),
    };
  }
  if (operation === "getSourceConnectionInformation") {
    return readCall(id, transport, operation, MOCK_ADMIN_TOKEN, { source: rng.pick(SOURCES) });
  }
  if (operation === "getTransientToken") {
    return readCall(id, transport, operation, rng.pick(SEEDED_TOKENS), { type: "delegation", scope: "all" });
  }
  return readCall(id, transport, operation, rng.pick(operation === "getHomeUsers" ? HOME_TOKENS : SEEDED_TOKENS));
}

async function makeLane(transport: Transport, laneIndex: number, seen: Map<string, Seen[]>): Promise<Lane> {
  const seed = SEED + (transport === "socket" ? 1_000 : 0) + laneIndex;
  const mock = createMockPlex({ seed, rateLimit: false, rejectReusedCodes: false, maxLoggedRequests: 100_000 });
  const server = transport === "socket" ? await startMockServer({ mock }) : undefined;
  const lane: Lane = {
    mock,
    server,
    fetch: recordingFetch(server ? globalThis.fetch : mock.fetch, seen),
    serverUrl: server?.url ?? mock.serverUrl,
    plexTvUrl: server?.plexTvUrl ?? mock.plexTvUrl,
    calls: [],
  };
  // A few fault-free calls first: the first requests of a cold process (JIT, connection set-up) are slow
  // enough to time out, which would measure the test's start-up rather than the client.
  const warm = createPlexAuth({
    clientIdentifier: `warm-up-${transport}-${laneIndex}`,
    token: MOCK_ADMIN_TOKEN,
    serverUrl: lane.serverUrl,
    plexTvUrl: lane.plexTvUrl,
    fetch: lane.fetch,
  });
  const { login, password } = MOCK_ACCOUNTS.plain;
  for (let round = 0; round < 3; round++) {
    await warm.authentication.getTokenDetails();
    await warm.authentication.getTransientToken();
    await warm.authentication.getSourceConnectionInformation({ source: MOCK_SOURCES.sharedServer.source });
    await warm.authentication.postUsersSignInData({ login, password });
    await warm.authentication.createOAuthPin();
    await warm.authentication.ping();
    await warm.authentication.getServerResources();
    await warm.authentication.getHomeUsers();
    await warm.authentication.getClaimToken();
  }
  injectChaos(mock);
  return lane;
}

async function runLane(lane: Lane, done: Done[]): Promise<void> {
  for (const call of lane.calls) {
    const retryReasons: string[] = [];
    const plex = createPlexAuth({
      clientIdentifier: call.id,
      product: "plex-auth reliability",
      serverUrl: lane.serverUrl,
      plexTvUrl: lane.plexTvUrl,
      fetch: lane.fetch,
      timeoutMs: TIMEOUT_MS,
      retry: RETRY,
      maxResponseBytes: MAX_RESPONSE_BYTES,
      logger: { warn: (_message, details) => retryReasons.push(String(details?.reason)) },
    });
    const { outcome, error, wallMs } = await settle(() => call.run(plex), HANG_MS);
    done.push({ call, outcome, error, wallMs, retryReasons });
  }
}

/** PINs a call made: the mock answered its PIN creation 201 (a body fault may still have hidden it). */
function pinsMadeBy(entries: readonly MockRequestLogEntry[]): number {
  return entries.filter((entry) => entry.operation === "createOAuthPin" && entry.status === 201).length;
}

/** A PIN creation makes one PIN when it succeeds, and never two: a resend is allowed only where none was made. */
function pinViolations(done: Done, entries: readonly MockRequestLogEntry[], where: string): string[] {
  if (done.call.operation !== "createOAuthPin") return [];
  const made = pinsMadeBy(entries);
  if (made > 1) return [`${where}: MADE ${made} PINS`];
  return done.outcome === "success" && made !== 1 ? [`${where}: succeeded, but the mock made ${made} PINs`] : [];
}

/** Checks one call against the policy; returns what it broke, if anything. */
function violationsOf(done: Done, attempts: readonly Attempt[], entries: readonly MockRequestLogEntry[]): string[] {
  const logged = entries.length;
  const { call, outcome, wallMs } = done;
  const problems: string[] = [];
  const detail = done.error instanceof Error ? `: ${done.error.message.slice(0, 160)}` : "";
  const where = `${call.id} (${call.operation}, ${call.callClass}, ${outcome}${detail})`;
  if (outcome === "hang") return [`${where}: did not settle within ${HANG_MS} ms`];
  if (outcome.startsWith("untyped:")) problems.push(`${where}: rejected with ${outcome}, not a PlexAuthError`);
  problems.push(...pinViolations(done, entries, where));
  if (wallMs > BOUND_MS + SCHEDULING_ALLOWANCE_MS) problems.push(`${where}: took ${Math.round(wallMs)} ms`);
  // More requests received than the client sent would be a resend below core (the fetch retrying on its
  // own); fewer is a request aborted by its timeout before the server read it.
  if (logged > attempts.length) problems.push(`${where}: the client sent ${attempts.length}, the mock got ${logged}`);
  const last = attempts.at(-1);
  if (!last) return [...problems, `${where}: no request reached the mock`];
  if (attempts.length > RETRY.maxRetries + 1) problems.push(`${where}: ${attempts.length} attempts`);
  attempts.slice(0, -1).forEach((attempt, index) => {
    if (!isRetryable(attempt, call.callClass)) {
      const what =
        call.callClass === "read"
          ? "retried"
          : call.operation === "createOAuthPin"
            ? "PIN CREATION SENT AGAIN"
            : "SIGN-IN SENT AGAIN";
      problems.push(`${where}: ${what} after attempt ${index + 1} got "${faultLabel(attempt)}"`);
    } else if (expectedRetryReason(attempt) !== attempt.clientSaw) {
      problems.push(
        `${where}: attempt ${index + 1} got "${faultLabel(attempt)}" but the client saw ${attempt.clientSaw}`,
      );
    }
  });
  const expected = expectedOutcome(last);
  if (outcome !== expected) {
    problems.push(`${where}: last attempt got "${faultLabel(last)}", so ${expected} was due, got ${outcome}`);
  }
  if (outcome !== "success" && isRetryable(last, call.callClass) && attempts.length < RETRY.maxRetries + 1) {
    problems.push(`${where}: gave up after ${attempts.length} attempt(s) on "${faultLabel(last)}", a retryable fault`);
  }
  return problems;
}

/**
 * One attempt per request the client sent, joined with what the mock logged for it by the attempt number
 * the client sent in a header. A request the mock never logged was aborted by its timeout before the
 * server read it: it gets no fault.
 */
function joinAttempts(done: Done, entries: readonly MockRequestLogEntry[], sent: readonly Seen[]): Attempt[] {
  const clientSaw = [...done.retryReasons, done.outcome];
  const byAttempt = new Map(entries.map((logged) => [logged.headers[ATTEMPT_HEADER], logged]));
  return sent.map((seenAttempt, index) => {
    const logged = byAttempt.get(String(seenAttempt.attempt));
    const saw = clientSaw[index] ?? "unknown";
    return { fault: logged?.fault, status: logged?.status, retryAfter: seenAttempt.retryAfter, clientSaw: saw };
  });
}

describe("part 1: chaos", () => {
  const seen = new Map<string, Seen[]>();
  const lanes: Lane[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on("unhandledRejection", onUnhandled);
    for (const transport of TRANSPORTS) {
      for (let index = 0; index < LANES_PER_TRANSPORT; index++) lanes.push(await makeLane(transport, index, seen));
    }
  });

  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    await Promise.all(lanes.map((lane) => lane.server?.close()));
  });

  it("5,000 calls under 20 % faults: typed outcomes within the bound, retries only where safe", async () => {
    const started = Date.now();
    for (let index = 0; index < CALLS; index++) {
      const transport = TRANSPORTS[index % TRANSPORTS.length] as Transport;
      const laneIndex = Math.floor(index / TRANSPORTS.length) % LANES_PER_TRANSPORT;
      const lane = lanes[(transport === "socket" ? LANES_PER_TRANSPORT : 0) + laneIndex] as Lane;
      lane.calls.push(planCall(index, transport, () => lane.mock));
    }
    const done: Done[] = [];
    await Promise.all(lanes.map((lane) => runLane(lane, done)));
    // Let a late rejection, if any, surface before counting.
    await new Promise((resolve) => setTimeout(resolve, 50));

    const byId = new Map<string, MockRequestLogEntry[]>();
    for (const lane of lanes) {
      for (const logged of lane.mock.requests) entry(byId, logged.clientIdentifier ?? "", () => []).push(logged);
    }
    const violations: string[] = [];
    const attemptsPerCall: number[] = [];
    const faultLabels: string[] = [];
    let signInResends = 0;
    let pinResends = 0;
    let maxPinsPerCall = 0;
    let maxSignInAttempts = 0;
    let maxCodeSignInAttempts = 0;
    let environmentTimeouts = 0;
    for (const item of done) {
      const entries = byId.get(item.call.id) ?? [];
      const attempts = joinAttempts(item, entries, seen.get(item.call.id) ?? []);
      const found = violationsOf(item, attempts, entries);
      if (found.length && process.env.RELIABILITY_DEBUG) {
        console.log(JSON.stringify({ found, entries: entries.map((e) => [e.fault, e.status]), attempts }));
      }
      violations.push(...found);
      environmentTimeouts += attempts.filter(isEnvironmentTimeout).length;
      attemptsPerCall.push(attempts.length);
      for (const attempt of attempts) if (attempt.fault !== undefined) faultLabels.push(faultLabel(attempt));
      if (item.call.operation === "createOAuthPin") {
        pinResends += Math.max(0, attempts.length - 1);
        maxPinsPerCall = Math.max(maxPinsPerCall, pinsMadeBy(entries));
      } else if (item.call.callClass === "sign-in") {
        signInResends += Math.max(0, attempts.length - 1);
        maxSignInAttempts = Math.max(maxSignInAttempts, attempts.length);
      }
      if (item.call.callClass === "sign-in-with-code") {
        maxCodeSignInAttempts = Math.max(maxCodeSignInAttempts, attempts.length);
      }
    }

    const requests = attemptsPerCall.reduce((sum, count) => sum + count, 0);
    const outcomes = tally(done.map((item) => item.outcome));
    const successes = outcomes.success ?? 0;
    const wallTimes = done.map((item) => item.wallMs);
    const maxWall = Math.max(...wallTimes);
    const untyped = done.filter((item) => item.outcome.startsWith("untyped:")).length;
    const hangs = done.filter((item) => item.outcome === "hang").length;
    const viaSocket = done.filter((item) => item.call.transport === "socket").length;
    const faultRate = faultLabels.length / requests;
    const faultCounts = tally(faultLabels);
    const metrics = [
      exactly("calls settled", done.length, CALLS),
      info("calls over a real 127.0.0.1 socket / through mock.fetch", `${viaSocket} / ${done.length - viaSocket}`),
      info("requests sent (attempts)", requests),
      info("retries", requests - done.length),
      atLeast("share of requests faulted", 100 * faultRate, 100 * FAULT_RATE - 5, "%"),
      atMost("share of requests faulted (upper)", 100 * faultRate, 100 * FAULT_RATE + 5, "%"),
      atLeast("success", (100 * successes) / done.length, 85, "%"),
      exactly("untyped rejections (raw TypeError, ...)", untyped, 0),
      exactly("hangs", hangs, 0),
      exactly("unhandled rejections", unhandled.length, 0),
      info("p50 completion time", `${Math.round(percentile(wallTimes, 50))} ms`),
      atMost("p99 completion time", percentile(wallTimes, 99), BOUND_MS, "ms"),
      atMost("max completion time", maxWall, BOUND_MS + SCHEDULING_ALLOWANCE_MS, "ms"),
      atMost("max attempts of any call", Math.max(...attemptsPerCall), RETRY.maxRetries + 1),
      atMost("max attempts of a sign-in", maxSignInAttempts, RETRY.maxRetries + 1),
      exactly("max attempts of a sign-in with a two-factor code", maxCodeSignInAttempts, 1),
      info("sign-ins resent after a 429/503 with Retry-After (allowed)", signInResends),
      exactly("most PINs one createOAuthPin call made (the mock's log)", maxPinsPerCall, 1),
      info("PIN creations resent after a 429/503 with Retry-After (allowed, no PIN made)", pinResends),
      atMost("attempts timed out with no fault (machine load)", environmentTimeouts, Math.ceil(requests / 200)),
      exactly("policy violations (see below)", violations.length, 0),
    ];
    recordSection({
      part: 1,
      key: "chaos",
      title: `Chaos: ${CALLS.toLocaleString("en-US")} calls over ${OPERATIONS.length} operations, ${100 * FAULT_RATE} % of requests faulted (seed ${SEED})`,
      promise:
        `Every call succeeds or rejects with a PlexAuthError subclass within timeoutMs × (maxRetries + 1) + backoff cap = ` +
        `${TIMEOUT_MS} × ${RETRY.maxRetries + 1} + ${RETRY.maxRetries} × ${Math.max(RETRY.maxDelayMs, RETRY.maxRetryAfterMs)} = ` +
        `${BOUND_MS} ms (checked with ${SCHEDULING_ALLOWANCE_MS} ms of scheduling allowance); each attempt's fault leads ` +
        "where the retry policy says; a sign-in or a PIN creation is never sent again once it may have reached the " +
        "server, so no call makes two PINs",
      metrics,
      tables: [
        {
          title: "Faults injected, by kind",
          columns: ["fault", "requests", "share of requests"],
          rows: Object.entries(faultCounts)
            .sort(([, a], [, b]) => b - a)
            .map(([label, count]) => [label, count, percent(count, requests)]),
        },
        {
          title: "Outcomes, by class",
          columns: ["outcome", "calls", "share"],
          rows: Object.entries(outcomes)
            .sort(([, a], [, b]) => b - a)
            .map(([outcome, count]) => [outcome, count, percent(count, done.length)]),
        },
        ...(violations.length
          ? [{ title: "Violations (first 20)", columns: ["violation"], rows: violations.slice(0, 20).map((v) => [v]) }]
          : []),
      ],
      totals: {
        calls: done.length,
        faults: faultLabels.length,
        untyped,
        hangs,
        maxCallMs: Math.round(maxWall),
        boundMs: BOUND_MS,
      },
      durationMs: Date.now() - started,
    });
    console.log(
      `chaos: ${done.length} calls, ${requests} requests, ${percent(successes, done.length)} success, ` +
        `p99 ${Math.round(percentile(wallTimes, 99))} ms, max ${Math.round(maxWall)} ms, max attempts ${Math.max(...attemptsPerCall)}`,
    );
    expect(violations.slice(0, 20)).toEqual([]);
    expect(failures(metrics)).toEqual([]);
    for (const label of Object.keys(faultCounts)) expect(faultCounts[label]).toBeGreaterThan(0);
    expect(Object.keys(faultCounts).length).toBeGreaterThanOrEqual(16);
  });
});
