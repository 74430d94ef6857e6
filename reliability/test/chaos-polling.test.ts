/**
 * Part 1, chaos over polling: 300 `waitForOAuthPin` runs against the mock, each with its own PIN of a
 * short lifetime (1 to 3 s, by moving the mock's clock), 30 % of its polls faulted (5xx, 429 with and
 * without Retry-After, one longer than the PIN lives, resets, stalled bodies, no answer), approved at a
 * random moment or never, some aborted. Never two polls of one wait in flight at once, never a poll after
 * the PIN's countdown ran out nor after plex.tv said it expired; every wait ends in the approved PIN,
 * PinExpiredError or (after an abort) RequestAbortedError within the PIN's lifetime plus one poll timeout;
 * no timer is left behind.
 */
import { createPlexAuth, type PlexPin, waitForOAuthPin } from "@plex-auth/core";
import { createMockPlex, type MockPlex, PIN_TTL_MS } from "@plex-auth/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { injectPollFaults, LONG_RETRY_AFTER_S, POLL_FAULT_RATE, pollFaultLabel } from "../src/chaos/poll-faults.ts";
import { type Poll, pollTracker } from "../src/chaos/poll-tracker.ts";
import { TimerLedger } from "../src/leaks/timer-ledger.ts";
import { activeTimers, timersLeftAfter } from "../src/leaks/timers.ts";
import { settle } from "../src/outcome.ts";
import { createRng } from "../src/random.ts";
import { atLeast, atMost, exactly, failures, info, recordSection } from "../src/report/figures.ts";
import { percent, tally } from "../src/stats.ts";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
const RUNS = 300;
/** Waits run side by side in this many lanes, one after another within a lane. */
const LANES = 75;
const INTERVAL_MS = 100;
const POLL_TIMEOUT_MS = 300;
const LIFETIMES_S = [1, 2, 3] as const;
/** Timers fire late on a loaded machine; every bound gets this much on top. */
const ALLOWANCE_MS = 1_000;
/**
 * How far past the countdown a poll may seem to start: the wait reads the clock, then builds and sends the
 * request; the tracker reads the clock again when the request reaches fetch. A poll started after the
 * expiry by the wait's own reading would be a whole interval (100 ms) late.
 */
const CLOCK_SLACK_MS = 25;
const HANG_MS = 15_000;

/** One wait's seeded plan: how long its PIN lives, when (if ever) it is approved or aborted. */
interface Plan {
  readonly index: number;
  readonly lifetimeMs: number;
  /** The mock forgets the PIN this long before its countdown says (plex.tv answers 404/1020 first). */
  readonly earlyExpiryMs: number;
  readonly approveAtMs: number | undefined;
  readonly abortAtMs: number | undefined;
}

function planOf(index: number): Plan {
  const rng = createRng(SEED * 131 + index);
  const lifetimeMs = rng.pick(LIFETIMES_S) * 1000;
  return {
    index,
    lifetimeMs,
    earlyExpiryMs: rng.next() < 0.2 ? 400 : 0,
    approveAtMs: rng.next() < 0.7 ? Math.round(rng.next() * 1.2 * lifetimeMs) : undefined,
    abortAtMs: rng.next() < 0.2 ? Math.round(rng.next() * lifetimeMs) : undefined,
  };
}

interface Run {
  readonly plan: Plan;
  readonly mock: MockPlex;
  readonly outcome: string;
  readonly authToken: string | undefined;
  /** `Date.now()` when the wait began and ended: the clock the wait, the tracker and the timers read. */
  readonly startedAt: number;
  readonly endedAt: number;
  readonly wallMs: number;
  readonly polls: readonly Poll[];
  readonly maxInFlight: number;
  readonly approvedAt: number | undefined;
  readonly abortedAt: number | undefined;
  /** Timers the wait (or the mock answering it) left pending once it settled. */
  readonly timersLeft: number;
}

const ledger = new TimerLedger();

/** A PIN created before any fault, its countdown then moved so that it has `lifetimeMs` left. */
async function pinWithLifetime(mock: MockPlex, plan: Plan, create: () => Promise<PlexPin>): Promise<PlexPin> {
  const pin = await create();
  mock.advanceTime(PIN_TTL_MS - plan.lifetimeMs + plan.earlyExpiryMs);
  return { ...pin, expiresIn: plan.lifetimeMs / 1000 };
}

/** One wait, its timers booked to it: once it settled and the test's own timers are cleared, none may be left. */
async function runWait(plan: Plan): Promise<Run> {
  const run = await ledger.book(plan.index, () => waitOnce(plan));
  await new Promise((resolve) => setImmediate(resolve));
  return { ...run, timersLeft: ledger.pendingOf(plan.index) };
}

async function waitOnce(plan: Plan): Promise<Omit<Run, "timersLeft">> {
  const mock = createMockPlex({ seed: SEED + plan.index, rateLimit: false });
  const tracker = pollTracker(mock.fetch);
  const plex = createPlexAuth({
    clientIdentifier: `reliability-poll-${plan.index}`,
    serverUrl: mock.serverUrl,
    plexTvUrl: mock.plexTvUrl,
    fetch: tracker.fetch,
  });
  const pin = await pinWithLifetime(mock, plan, () => plex.authentication.createOAuthPin());
  injectPollFaults(mock);
  const controller = new AbortController();
  let approvedAt: number | undefined;
  let abortedAt: number | undefined;
  const timers = [
    plan.approveAtMs === undefined
      ? undefined
      : setTimeout(() => {
          if (mock.approvePin(pin.code, "plain")) approvedAt = Date.now();
        }, plan.approveAtMs),
    plan.abortAtMs === undefined
      ? undefined
      : setTimeout(() => {
          abortedAt = Date.now();
          controller.abort();
        }, plan.abortAtMs),
  ];
  const startedAt = Date.now();
  let authToken: string | undefined;
  const { outcome, wallMs } = await settle(async () => {
    const approved = await waitForOAuthPin(plex, pin, {
      signal: controller.signal,
      intervalMs: INTERVAL_MS,
      pollTimeoutMs: POLL_TIMEOUT_MS,
    });
    authToken = approved.authToken;
  }, HANG_MS);
  const endedAt = Date.now();
  for (const timer of timers) clearTimeout(timer);
  return {
    plan,
    mock,
    outcome,
    authToken,
    startedAt,
    endedAt,
    wallMs,
    polls: tracker.polls,
    maxInFlight: tracker.maxInFlight(),
    approvedAt,
    abortedAt,
  };
}

/** A poll that started after the approval and whose 200 was read to the end: it carried the token. */
function sawApproval(run: Run): boolean {
  return run.polls.some(
    (poll) => run.approvedAt !== undefined && poll.startedAt > run.approvedAt && poll.status === 200 && poll.complete,
  );
}

function outcomeProblems(run: Run): string[] {
  const aborted = run.abortedAt !== undefined && run.abortedAt <= run.endedAt;
  if (aborted && run.outcome === "RequestAbortedError") return [];
  switch (run.outcome) {
    case "success":
      if (run.approvedAt === undefined) return ["resolved, but the PIN was never approved"];
      return run.mock.issuedTokens().includes(run.authToken ?? "")
        ? []
        : ["resolved with a token the mock never issued"];
    case "PinExpiredError":
      return sawApproval(run) ? ["an approved PIN was read, yet the wait ended in PinExpiredError"] : [];
    default:
      return [`ended in ${run.outcome}${aborted ? " after an abort" : ""}`];
  }
}

/**
 * When the PIN's countdown ran out, as the wait was told it (README: "bounded by the PIN's countdown"): the
 * countdown it was given when it began, brought closer by each poll's own answer (a 200 read at t saying
 * `expiresIn` seconds; with no countdown left to count, its `expiresAt`). Taken at the end of the body, a
 * hair before the wait reads its clock.
 */
function countdownEnd(run: Run): number {
  const told = run.polls.flatMap((poll) => {
    if (!poll.complete || poll.endedAt === undefined) return [];
    if (poll.expiresIn !== undefined && poll.expiresIn > 0) return [poll.endedAt + poll.expiresIn * 1000];
    return poll.expiresAt === undefined ? [] : [Date.parse(poll.expiresAt)];
  });
  return Math.min(run.startedAt + run.plan.lifetimeMs, ...told);
}

function timingProblems(run: Run): string[] {
  const { plan } = run;
  const problems: string[] = [];
  const expiry = countdownEnd(run);
  const late = run.polls.filter((poll) => poll.startedAt > expiry + CLOCK_SLACK_MS);
  if (late.length)
    problems.push(
      `${late.length} poll(s) after the countdown ran out (first +${(late[0] as Poll).startedAt - expiry} ms)`,
    );
  const expiredAt = run.polls.find((poll) => poll.status === 404)?.endedAt;
  if (expiredAt !== undefined && run.polls.some((poll) => poll.startedAt > expiredAt)) {
    problems.push("polled again after plex.tv answered 404 (expired)");
  }
  const boundMs = plan.lifetimeMs + POLL_TIMEOUT_MS + ALLOWANCE_MS;
  if (run.wallMs > boundMs) problems.push(`took ${Math.round(run.wallMs)} ms, bound ${boundMs} ms`);
  if (run.abortedAt !== undefined && run.outcome === "RequestAbortedError") {
    const afterAbort = run.endedAt - run.abortedAt;
    if (afterAbort > ALLOWANCE_MS) problems.push(`ended ${Math.round(afterAbort)} ms after the abort`);
  }
  if (run.maxInFlight > 1) problems.push(`${run.maxInFlight} polls in flight at once`);
  if (run.timersLeft > 0) problems.push(`${run.timersLeft} timer(s) left pending after it settled`);
  return problems;
}

/** A wait that ended on plex.tv's word: its last poll answered 404 (the PIN expired early, on the mock). */
function stoppedBy404(run: Run): boolean {
  return run.outcome === "PinExpiredError" && run.polls.at(-1)?.status === 404;
}

/** The faults the mock logged on a run's polls, labelled with the Retry-After the client saw. */
function faultsOf(run: Run): string[] {
  const entries = run.mock.requests.filter((entry) => entry.operation === "getOAuthPin");
  // One entry per poll, in order (mock.fetch hands every request to the mock at once).
  const aligned = entries.length === run.polls.length;
  return entries.flatMap((entry, index) =>
    entry.fault === undefined
      ? []
      : [pollFaultLabel(entry.fault, entry.status, aligned ? ((run.polls[index] as Poll).retryAfter ?? null) : null)],
  );
}

describe("part 1: chaos over polling", () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(() => {
    process.on("unhandledRejection", onUnhandled);
    ledger.enable();
  });
  afterAll(() => {
    process.off("unhandledRejection", onUnhandled);
    ledger.disable();
  });

  it(`${RUNS} waits for a PIN under ${100 * POLL_FAULT_RATE} % faulted polls: one poll at a time, never past the expiry, bounded, no timer left`, async () => {
    const started = Date.now();
    const timersBefore = activeTimers();
    const runs: Run[] = [];
    const plans = Array.from({ length: RUNS }, (_, index) => planOf(index));
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let index = lane; index < RUNS; index += LANES) runs.push(await runWait(plans[index] as Plan));
      }),
    );
    const timersLeft = await timersLeftAfter(timersBefore, 2_000);
    const violations = runs.flatMap((run) =>
      [...outcomeProblems(run), ...timingProblems(run)].map(
        (problem) => `wait ${run.plan.index} (${run.plan.lifetimeMs} ms): ${problem}`,
      ),
    );
    const polls = runs.reduce((sum, run) => sum + run.polls.length, 0);
    const faults = runs.flatMap(faultsOf);
    const outcomes = tally(runs.map((run) => run.outcome));
    const metrics = [
      exactly("waits settled", runs.length, RUNS),
      info("polls sent", polls),
      info("waits stopped by plex.tv's 404 (the PIN gone before its countdown said)", runs.filter(stoppedBy404).length),
      info(
        "approved waits that read their approval in time (the rest expired or were aborted first)",
        `${outcomes.success ?? 0} / ${runs.filter((run) => run.approvedAt !== undefined).length}`,
      ),
      atLeast("share of polls faulted", (100 * faults.length) / polls, 100 * POLL_FAULT_RATE - 7, "%"),
      exactly("waits with two polls in flight at once", runs.filter((run) => run.maxInFlight > 1).length, 0),
      exactly(
        "waits that ended in anything but the PIN, PinExpiredError or (aborted) RequestAbortedError",
        runs.filter((run) => outcomeProblems(run).length > 0).length,
        0,
      ),
      exactly(
        "waits over their bound, or polling past the expiry",
        runs.filter((run) => timingProblems(run).length > 0).length,
        0,
      ),
      atMost(
        "max wall time of a 3 s PIN's wait",
        Math.max(...runs.filter((r) => r.plan.lifetimeMs === 3000).map((r) => r.wallMs)),
        3000 + POLL_TIMEOUT_MS + ALLOWANCE_MS,
        "ms",
      ),
      exactly("waits that left a timer pending once they settled", runs.filter((run) => run.timersLeft > 0).length, 0),
      exactly("timers left in the process once every wait settled", timersLeft, 0),
      exactly("unhandled rejections", unhandled.length, 0),
    ];
    recordSection({
      part: 1,
      key: "polling",
      title: `Chaos over polling: ${RUNS} waits for a PIN, ${100 * POLL_FAULT_RATE} % of polls faulted (seed ${SEED})`,
      promise:
        "Every waitForOAuthPin run ends in the approved PIN, PinExpiredError or (after an abort) RequestAbortedError " +
        `within the PIN's lifetime + pollTimeoutMs (${POLL_TIMEOUT_MS} ms) + ${ALLOWANCE_MS} ms; never two polls in ` +
        "flight at once, none after the countdown ran out or plex.tv answered 404, none slept past the expiry for a " +
        `Retry-After (${LONG_RETRY_AFTER_S} s ones included); an approved PIN read is never dropped; no timer left behind`,
      metrics,
      tables: [
        {
          title: "Faults injected on polls, by kind",
          columns: ["fault", "polls", "share of polls"],
          rows: Object.entries(tally(faults))
            .sort(([, a], [, b]) => b - a)
            .map(([label, count]) => [label, count, percent(count, polls)]),
        },
        {
          title: "Outcomes",
          columns: ["outcome", "waits"],
          rows: Object.entries(outcomes).sort(([, a], [, b]) => b - a),
        },
        ...(violations.length
          ? [{ title: "Violations (first 20)", columns: ["violation"], rows: violations.slice(0, 20).map((v) => [v]) }]
          : []),
      ],
      totals: {
        calls: runs.length + polls,
        faults: faults.length,
        untyped: runs.filter((run) => run.outcome.startsWith("untyped:")).length,
        hangs: runs.filter((run) => run.outcome === "hang").length,
        leaks: timersLeft + runs.reduce((sum, run) => sum + run.timersLeft, 0),
        waits: runs.length,
      },
      durationMs: Date.now() - started,
    });
    expect(violations.slice(0, 20)).toEqual([]);
    expect(failures(metrics)).toEqual([]);
    // Every ending was reached, or the run proves less than it says.
    for (const ending of ["success", "PinExpiredError", "RequestAbortedError"])
      expect(outcomes[ending]).toBeGreaterThan(10);
  });
});
