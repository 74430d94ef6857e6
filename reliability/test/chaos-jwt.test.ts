/**
 * Part 1, chaos over JWT refreshes: lanes of one long-lived `createJwtTokenSource` each (its own mock, a
 * registered device key, the source on the mock's clock), driven through seeded rounds in which the source
 * must refresh: the mock's clock moved within the refresh window or past the expiry, a source whose clock
 * lags behind plex.tv's answered 498, or 498s injected on the calls. 40 % of the refresh's requests
 * (`getAuthNonce`, `exchangeJWTToken`, `getAuthKeys`) are faulted with every kind of the mock's catalogue,
 * plex.tv rotates its keys now and then, and 2 to 8 callers arrive together; two lanes go over 127.0.0.1. Every call ends in a result or
 * a typed PlexAuthError within its bound; never two refresh requests of one source in flight; no refresh
 * without a need, no second token for one need; a nonce reaches the exchange once; once the faults stop,
 * the next call succeeds (no source is ever stuck); no timer or open response is left behind.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  callerContext,
  type JwtLane,
  LAG_MS,
  REFRESH_RETRY,
  REFRESH_TIMEOUT_MS,
  startLane,
  type Transport,
} from "../src/chaos/jwt-lane.ts";
import { type CallOperation, type Need, planRound, type RoundPlan } from "../src/chaos/jwt-rounds.ts";
import {
  allowedOutcomes,
  type CallDone,
  entriesBySeq,
  nonceFindings,
  renewalProblems,
} from "../src/chaos/refresh-checks.ts";
import { injectRefreshFaults, REFRESH_OPERATIONS, refreshFaultLabel } from "../src/chaos/refresh-faults.ts";
import { TimerLedger } from "../src/leaks/timer-ledger.ts";
import { activeTimers, timersLeftAfter } from "../src/leaks/timers.ts";
import { settle } from "../src/outcome.ts";
import { createRng } from "../src/random.ts";
import { atLeast, atMost, exactly, failures, info, recordSection } from "../src/report/figures.ts";
import { pause, percent, percentile, tally } from "../src/stats.ts";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
const LANES: readonly Transport[] = [...Array(8).fill("mock.fetch"), "socket", "socket"];
const ROUNDS_PER_LANE = 50;
const FAULT_RATE = 0.4;
const CALL_OPERATIONS: readonly CallOperation[] = ["ping", "getTokenDetails"];

/** The longest one request of the refresh may take: every attempt times out, every wait is the longest. */
const OPERATION_BOUND_MS =
  REFRESH_TIMEOUT_MS * (REFRESH_RETRY.maxRetries + 1) +
  REFRESH_RETRY.maxRetries * Math.max(REFRESH_RETRY.maxDelayMs, REFRESH_RETRY.maxRetryAfterMs);
/** A refresh: the nonce, the exchange, and the keys twice (the cached ones lack a rotated kid). */
const REFRESH_BOUND_MS = 4 * OPERATION_BOUND_MS;
/** A patient caller waits for any refresh. */
const PATIENT_TIMEOUT_MS = REFRESH_BOUND_MS + 1_000;
/** A call: a token (at worst a whole refresh) before each of its two tries; the calls are never faulted. */
const CALL_BOUND_MS = 2 * REFRESH_BOUND_MS;
/** Timers fire late on a loaded machine; every bound gets this much on top. */
const ALLOWANCE_MS = 1_000;
const HANG_MS = 20_000;

interface RoundDone {
  readonly lane: JwtLane;
  readonly plan: RoundPlan;
  readonly calls: readonly CallDone[];
  readonly recovery: string;
  readonly refreshes: number;
  readonly adoptions: number;
  readonly rotated: boolean;
  /** The source still had a call pending when the round (or the call after it) was over. */
  readonly unsettled: boolean;
  readonly timersLeft: number;
  /** Refresh requests of the round that timed out though the mock answered them without a fault. */
  readonly environmentTimeouts: number;
  readonly problems: string[];
}

const ledger = new TimerLedger();

/** Moves the lane's mock forward to `at` (never back). */
function moveTo(lane: JwtLane, at: number): void {
  const now = lane.mock.now();
  if (at > now) lane.mock.advanceTime(at - now);
}

/** Makes the source need a new JWT, as the round's plan says. */
function createNeed(lane: JwtLane, plan: RoundPlan): void {
  switch (plan.need) {
    case "due":
      moveTo(lane, lane.expiresAt - plan.offsetMs);
      lane.ledger.due();
      return;
    case "expired":
      moveTo(lane, lane.expiresAt + plan.offsetMs);
      lane.ledger.due();
      return;
    case "lagging clock (498)":
      // By its own clock the JWT has 11 to 29 s left, more than the refresh window: plex.tv's 498 says otherwise.
      lane.lagMs = LAG_MS;
      moveTo(lane, lane.expiresAt + plan.offsetMs);
      return;
    case "injected 498":
      lane.mock.faults.failNext(plan.injected498, 498, { operation: CALL_OPERATIONS });
  }
}

/** Some calls answered late, so that a 498 to the old token may arrive after the refresh it caused ended. */
function slowSomeCalls(lane: JwtLane, plan: RoundPlan): void {
  if (plan.slowCallMs === 0) return;
  const options = { operation: CALL_OPERATIONS, probability: 0.4, times: Number.POSITIVE_INFINITY };
  lane.mock.faults.inject({ kind: "delay", ms: plan.slowCallMs }, options);
}

function call(lane: JwtLane, id: number, operation: CallOperation, timeoutMs?: number) {
  const options = timeoutMs === undefined ? undefined : { timeoutMs };
  return settle(
    () => callerContext.run(id, () => lane.signedIn.authentication[operation](undefined, options)),
    HANG_MS,
  );
}

async function runCallers(lane: JwtLane, plan: RoundPlan): Promise<CallDone[]> {
  return Promise.all(
    plan.callers.map(async (caller, index) => {
      if (caller.delayMs > 0) await pause(caller.delayMs);
      const id = plan.index * 100 + index;
      const settled = await call(lane, id, caller.operation, caller.patient ? PATIENT_TIMEOUT_MS : undefined);
      return { id, plan: caller, outcome: settled.outcome, wallMs: settled.wallMs };
    }),
  );
}

/** Waits until no timer booked to the lane is pending, for a stream's cleanup a turn of the loop later. */
async function timersOf(lane: JwtLane): Promise<number> {
  const deadline = performance.now() + 500;
  while (ledger.pendingOf(lane.index) > 0 && performance.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
  }
  return ledger.pendingOf(lane.index);
}

/** The round's refresh requests that the client gave up on (aborted, body unread) with no fault from the mock. */
function unfaultedTimeouts(lane: JwtLane, round: number): number {
  const bySeq = entriesBySeq(lane.mock.requests);
  return lane.wire.requests.filter(
    (request) =>
      request.round === round &&
      request.kind !== "call" &&
      !request.complete &&
      bySeq.get(request.seq)?.fault === undefined,
  ).length;
}

function callProblems(plan: RoundPlan, faulted: boolean, done: CallDone, lane: JwtLane): string[] {
  const problems: string[] = [];
  if (done.outcome === "hang") return [`did not settle within ${HANG_MS} ms`];
  if (!allowedOutcomes(plan.need, faulted, done.plan.patient).includes(done.outcome)) {
    problems.push(`ended in ${done.outcome}`);
  }
  if (done.wallMs > CALL_BOUND_MS + ALLOWANCE_MS) problems.push(`took ${Math.round(done.wallMs)} ms`);
  return [...problems, ...renewalProblems(done, lane.wire.requests)];
}

async function runRound(lane: JwtLane, plan: RoundPlan): Promise<RoundDone> {
  lane.wire.round = plan.index;
  const refreshesBefore = lane.refreshes;
  const adoptionsBefore = lane.ledger.adoptions;
  // A second rotation before the source adopted a token would make its token unknown (401): never both.
  const rotated = plan.rotateKeys && lane.rotationsSinceAdoption === 0;
  if (rotated) {
    await lane.mock.rotateKeys();
    lane.rotationsSinceAdoption++;
  }
  createNeed(lane, plan);
  slowSomeCalls(lane, plan);
  if (plan.faulted) injectRefreshFaults(lane.mock, FAULT_RATE);
  const calls = await runCallers(lane, plan);
  const settledBefore = await lane.source.settled(HANG_MS);
  lane.mock.faults.clear();
  lane.lagMs = 0;
  // The faults stopped: whatever the round left, the very next call must succeed.
  const recovery = await call(lane, plan.index * 100 + 99, "ping", PATIENT_TIMEOUT_MS);
  const settledAfter = await lane.source.settled(HANG_MS);
  const timersLeft = lane.transport === "mock.fetch" ? await timersOf(lane) : 0;
  // A refresh request the mock answered without a fault that still timed out: the machine was too busy.
  const environmentTimeouts = unfaultedTimeouts(lane, plan.index);
  const faulted = plan.faulted || environmentTimeouts > 0;
  const where = `lane ${lane.index} round ${plan.index} (${plan.need}${plan.faulted ? ", faulted" : ""})`;
  const problems = calls.flatMap((done) =>
    callProblems(plan, faulted, done, lane).map((problem) => `${where} caller ${done.id % 100}: ${problem}`),
  );
  if (recovery.outcome !== "success")
    problems.push(`${where}: STUCK: the first call after the faults stopped ended in ${recovery.outcome}`);
  const refreshes = lane.refreshes - refreshesBefore;
  const adoptions = lane.ledger.adoptions - adoptionsBefore;
  if (!faulted && plan.need !== "injected 498" && (refreshes !== 1 || adoptions !== 1)) {
    problems.push(`${where}: without faults, ${refreshes} refreshes and ${adoptions} tokens for one need`);
  }
  if (timersLeft > 0) problems.push(`${where}: ${timersLeft} timer(s) left pending`);
  return {
    lane,
    plan,
    calls,
    recovery: recovery.outcome,
    refreshes,
    adoptions,
    rotated,
    environmentTimeouts,
    unsettled: !settledBefore || !settledAfter,
    timersLeft,
    problems,
  };
}

/** A lane's rounds, one after another, every timer they make booked to the lane. */
async function runLane(lane: JwtLane, rounds: RoundDone[]): Promise<void> {
  await ledger.book(lane.index, async () => {
    const rng = createRng(SEED * 7907 + lane.index);
    for (let round = 1; round <= ROUNDS_PER_LANE; round++) rounds.push(await runRound(lane, planRound(round, rng)));
  });
}

/** The faults the mock logged on a lane's refresh requests, labelled with the `Retry-After` the client saw. */
function refreshFaults(lane: JwtLane): { labels: string[]; faultedRequests: number; requests: number } {
  const bySeq = entriesBySeq(lane.mock.requests);
  const faultedRounds = new Set<number>();
  const labels: string[] = [];
  let requests = 0;
  for (const request of lane.wire.requests) {
    if (request.kind === "call") continue;
    const entry = bySeq.get(request.seq);
    if (entry?.fault === undefined) continue;
    faultedRounds.add(request.round);
    labels.push(refreshFaultLabel(entry.fault, entry.status, request.retryAfter));
  }
  for (const request of lane.wire.requests) if (request.kind !== "call" && faultedRounds.has(request.round)) requests++;
  return { labels, faultedRequests: labels.length, requests };
}

describe("part 1: chaos over JWT refreshes", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const lanes: JwtLane[] = [];
  beforeAll(() => {
    process.on("unhandledRejection", onUnhandled);
    ledger.enable();
  });
  afterAll(async () => {
    process.off("unhandledRejection", onUnhandled);
    ledger.disable();
    await Promise.all(lanes.map((lane) => lane.server?.close()));
  });

  it(`${LANES.length * ROUNDS_PER_LANE} rounds of refreshes under ${100 * FAULT_RATE} % faults: typed and bounded, one refresh per need, single-use nonces, never stuck`, async () => {
    const started = Date.now();
    const timersBefore = activeTimers();
    const rounds: RoundDone[] = [];
    // One lane after another: a cold process's first refreshes (JIT, Web Crypto) would otherwise time out.
    for (const [index, transport] of LANES.entries()) lanes.push(await startLane(index, transport, SEED + 31 * index));
    await Promise.all(lanes.map((lane) => runLane(lane, rounds)));
    await Promise.all(lanes.map((lane) => lane.server?.close()));
    const timersLeft = await timersLeftAfter(timersBefore, 2_000);

    const calls = rounds.flatMap((round) => round.calls.map((done) => ({ round, done })));
    const violations = rounds.flatMap((round) => round.problems);
    const nonces = lanes.map((lane) => nonceFindings(lane.wire.requests, entriesBySeq(lane.mock.requests)));
    violations.push(...nonces.flatMap((found, index) => found.problems.map((problem) => `lane ${index}: ${problem}`)));
    violations.push(...lanes.flatMap((lane) => lane.ledger.violations));
    const open = lanes.flatMap((lane) =>
      lane.wire.open().map((request) => `lane ${lane.index}: #${request.seq} ${request.kind}`),
    );
    const faults = lanes.map(refreshFaults);
    const faultLabels = faults.flatMap((found) => found.labels);
    const faultedShare =
      faults.reduce((sum, found) => sum + found.faultedRequests, 0) /
      Math.max(
        1,
        faults.reduce((sum, found) => sum + found.requests, 0),
      );
    const byKind = (kind: string) =>
      lanes.reduce((sum, lane) => sum + lane.wire.requests.filter((r) => r.kind === kind).length, 0);
    const wallTimes = calls.map(({ done }) => done.wallMs);
    const outcomes = tally(calls.map(({ done }) => done.outcome));
    const stuckLanes = new Set(rounds.filter((round) => round.recovery !== "success").map((round) => round.lane.index));
    const dueFailures = calls.filter(
      ({ round, done }) => round.plan.need === "due" && done.plan.patient && done.outcome !== "success",
    ).length;
    const impatientGaveUp = calls.filter(
      ({ round, done }) => round.plan.need === "due" && !done.plan.patient && done.outcome === "TimeoutError",
    ).length;
    const untyped = calls.filter(({ done }) => done.outcome.startsWith("untyped:")).length;
    const hangs = calls.filter(({ done }) => done.outcome === "hang").length;
    const metrics = [
      exactly("rounds settled", rounds.length, LANES.length * ROUNDS_PER_LANE),
      info(
        "lanes over a real 127.0.0.1 socket / through mock.fetch",
        `${LANES.filter((t) => t === "socket").length} / ${LANES.filter((t) => t === "mock.fetch").length}`,
      ),
      info("calls (2 to 8 callers a round, plus the call after the faults stopped)", calls.length + rounds.length),
      info(
        "refreshes started / tokens adopted",
        `${rounds.reduce((s, r) => s + r.refreshes, 0)} / ${rounds.reduce((s, r) => s + r.adoptions, 0)}`,
      ),
      info(
        "refresh requests: nonce / exchange / keys",
        `${byKind("nonce")} / ${byKind("exchange")} / ${byKind("keys")}`,
      ),
      info("key rotations", rounds.filter((round) => round.rotated).length),
      atMost(
        "refresh requests timed out with no fault (machine load)",
        rounds.reduce((sum, round) => sum + round.environmentTimeouts, 0),
        Math.ceil((byKind("nonce") + byKind("exchange") + byKind("keys")) / 200),
      ),
      atLeast("share of refresh requests faulted (faulted rounds)", 100 * faultedShare, 100 * FAULT_RATE - 8, "%"),
      atMost(
        "share of refresh requests faulted (faulted rounds, upper)",
        100 * faultedShare,
        100 * FAULT_RATE + 8,
        "%",
      ),
      exactly("untyped rejections (raw TypeError, ...)", untyped, 0),
      exactly("hangs", hangs, 0),
      exactly("unhandled rejections", unhandled.length, 0),
      info("p50 call time", `${Math.round(percentile(wallTimes, 50))} ms`),
      atMost("p99 call time", percentile(wallTimes, 99), CALL_BOUND_MS, "ms"),
      atMost("max call time", Math.max(...wallTimes), CALL_BOUND_MS + ALLOWANCE_MS, "ms"),
      atMost(
        "most refresh requests of one source in flight at once",
        Math.max(...lanes.map((lane) => lane.wire.maxRefreshInFlight())),
        1,
      ),
      exactly(
        "double refreshes (one started with no need, or a second token for one need)",
        lanes.reduce((sum, lane) => sum + lane.ledger.violations.length, 0),
        0,
      ),
      exactly("patient calls in a due round that failed though the JWT lived", dueFailures, 0),
      exactly(
        "impatient calls (200 ms) that gave up on a slow refresh though the JWT lived (TimeoutError)",
        impatientGaveUp,
        0,
      ),
      info(
        "exchanges / nonces sent to them",
        `${nonces.reduce((s, n) => s + n.exchanges, 0)} / ${nonces.reduce((s, n) => s + n.nonces, 0)}`,
      ),
      info(
        "exchanges resent after a 429/503 with Retry-After (refused unread, allowed)",
        nonces.reduce((s, n) => s + n.resentAfterRefusal, 0),
      ),
      exactly(
        "nonce misuses (resent after it may have been read, shared, read twice)",
        nonces.reduce((s, n) => s + n.problems.length, 0),
        0,
      ),
      exactly("stuck sources (the first call after the faults stopped failed)", stuckLanes.size, 0),
      exactly("rounds that left a source call pending", rounds.filter((round) => round.unsettled).length, 0),
      exactly(
        "rounds that left a timer pending (mock.fetch lanes)",
        rounds.filter((round) => round.timersLeft > 0).length,
        0,
      ),
      exactly("timers left in the process once every lane ended", timersLeft, 0),
      exactly("responses neither read to the end nor cancelled (a socket held)", open.length, 0),
      exactly("violations (see below)", violations.length, 0),
    ];
    recordSection({
      part: 1,
      key: "jwt-refresh",
      title: `Chaos over JWT refreshes: ${rounds.length} rounds on ${LANES.length} token sources, ${100 * FAULT_RATE} % of refresh requests faulted (seed ${SEED})`,
      promise:
        "A createJwtTokenSource that must refresh (its JWT within refreshWithinMs of expiry, expired, or refused with " +
        "498) while getAuthNonce, exchangeJWTToken and getAuthKeys fail in every way the mock knows, with 2 to 8 " +
        "callers at once: every call ends in a result or a typed PlexAuthError within 2 × the longest refresh " +
        `(${CALL_BOUND_MS} ms); a due JWT that still lives serves its patient callers whatever the refresh does; ` +
        "never two refresh requests in flight, no refresh without a need, one token per need; a 498 renews a call " +
        "once, with the new token; a nonce reaches the exchange once; after the faults stop the next call succeeds; " +
        "no timer or open response left behind",
      metrics,
      tables: [
        {
          title: "Faults injected on refresh requests, by kind",
          columns: ["fault", "requests"],
          rows: Object.entries(tally(faultLabels)).sort(([, a], [, b]) => b - a),
        },
        {
          title: "Rounds, by need",
          columns: ["need", "rounds", "faulted"],
          rows: Object.entries(tally(rounds.map((round) => round.plan.need))).map(([need, count]) => [
            need,
            count,
            rounds.filter((round) => round.plan.need === (need as Need) && round.plan.faulted).length,
          ]),
        },
        {
          title: "Outcomes of the callers",
          columns: ["outcome", "calls", "share"],
          rows: Object.entries(outcomes)
            .sort(([, a], [, b]) => b - a)
            .map(([outcome, count]) => [outcome, count, percent(count, calls.length)]),
        },
        ...(violations.length
          ? [{ title: "Violations (first 20)", columns: ["violation"], rows: violations.slice(0, 20).map((v) => [v]) }]
          : []),
      ],
      totals: {
        calls: calls.length + rounds.length,
        faults: faultLabels.length + rounds.reduce((sum, round) => sum + round.plan.injected498, 0),
        untyped,
        hangs,
        leaks: timersLeft + open.length + rounds.reduce((sum, round) => sum + round.timersLeft, 0),
        jwtRounds: rounds.length,
        stuckSources: stuckLanes.size,
      },
      durationMs: Date.now() - started,
    });
    // The missed thresholds first, then what broke them.
    expect([...failures(metrics), ...violations.slice(0, 20)]).toEqual([]);
    // Every need, every ending and every step of the refresh was reached, or the run proves less than it says.
    for (const need of ["due", "expired", "lagging clock (498)", "injected 498"]) {
      expect(rounds.filter((round) => round.plan.need === need && round.plan.faulted).length).toBeGreaterThan(5);
    }
    for (const ending of ["success", "JwtExpiredError", "ServerError", "TimeoutError", "ResponseValidationError"]) {
      expect(outcomes[ending], ending).toBeGreaterThan(0);
    }
    for (const operation of REFRESH_OPERATIONS) {
      const faulted = lanes.flatMap((lane) => lane.mock.requests).filter((e) => e.operation === operation && e.fault);
      expect(faulted.length, operation).toBeGreaterThan(10);
    }
    expect(rounds.filter((round) => round.rotated).length).toBeGreaterThan(10);
  });
});
