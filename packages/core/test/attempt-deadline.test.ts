/**
 * Guards the deadline that attempts without a caller's signal share: an attempt is never aborted before
 * its own start plus the timeout, and at most 1/128 of the timeout after it, however the attempts that
 * share one deadline come and go. Fake timers and clock: every bound is checked to the millisecond.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type AttemptSignal, startAttemptSignal } from "../src/transport/timeout.ts";

const TIMEOUT_MS = 1_000;
const SLACK_MS = TIMEOUT_MS >> 7; // 7 ms
let epoch = Date.UTC(2030, 0, 1);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  // Far from the previous test's start, so no deadline of an earlier test is still open to join.
  epoch += 10 * TIMEOUT_MS;
  vi.setSystemTime(epoch);
});

afterEach(() => {
  vi.useRealTimers();
});

/** Moves the fake clock to `ms` after the test's start. */
function at(ms: number): void {
  vi.advanceTimersByTime(epoch + ms - Date.now());
}

/** The attempt's signal is aborted from `from` on and not at `from - 1` (times after the test's start). */
function expectAbortedFrom(attempts: readonly AttemptSignal[], from: number): void {
  at(from - 1);
  for (const attempt of attempts) expect(attempt.signal.aborted, `aborted before ${from} ms`).toBe(false);
  at(from);
  for (const attempt of attempts) {
    expect(attempt.signal.aborted, `not aborted at ${from} ms`).toBe(true);
    expect(attempt.timedOut()).toBe(true);
  }
}

describe("the deadline attempts share", () => {
  it("aborts attempts that joined within the slack no earlier than their timeout, at most the slack late", () => {
    const first = startAttemptSignal(undefined, TIMEOUT_MS);
    at(5);
    const second = startAttemptSignal(undefined, TIMEOUT_MS);
    expect(second.signal).toBe(first.signal);
    // The second's own timeout ends at 1005 ms, the first's at 1000 ms: both end by 1000 + 7.
    expectAbortedFrom([first, second], TIMEOUT_MS + SLACK_MS);
  });

  it("re-arms for an attempt that joins after the others ended, still never early for it", () => {
    const first = startAttemptSignal(undefined, TIMEOUT_MS);
    at(3);
    first.dispose();
    at(6);
    const next = startAttemptSignal(undefined, TIMEOUT_MS);
    expect(next.signal).toBe(first.signal);
    // Its own timeout ends at 1006 ms; the deadline fires at most the slack after that.
    at(6 + TIMEOUT_MS - 1);
    expect(next.signal.aborted).toBe(false);
    at(6 + TIMEOUT_MS + SLACK_MS);
    expect(next.signal.aborted).toBe(true);
    expect(next.timedOut()).toBe(true);
  });

  it("gives an attempt past the slack, or with a caller's signal, a deadline of its own", () => {
    const first = startAttemptSignal(undefined, TIMEOUT_MS);
    at(SLACK_MS + 1);
    const late = startAttemptSignal(undefined, TIMEOUT_MS);
    const withSignal = startAttemptSignal(new AbortController().signal, TIMEOUT_MS);
    expect(late.signal).not.toBe(first.signal);
    expect(withSignal.signal).not.toBe(first.signal);
    // The caller's signal gets no slack: exactly its timeout.
    at(SLACK_MS + 1 + TIMEOUT_MS - 1);
    expect(withSignal.signal.aborted).toBe(false);
    at(SLACK_MS + 1 + TIMEOUT_MS);
    expect(withSignal.signal.aborted).toBe(true);
    for (const attempt of [first, late, withSignal]) attempt.dispose();
  });

  it("arms no timer once every attempt has ended", () => {
    const attempts = [startAttemptSignal(undefined, TIMEOUT_MS), startAttemptSignal(undefined, TIMEOUT_MS)];
    for (const attempt of attempts) attempt.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});
