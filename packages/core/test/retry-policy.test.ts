/**
 * Guards the retry policy as a pure function: which failures are retried for reads, for sign-in and for a
 * call carrying a single-use code; how Retry-After is read; and the bounds of the backoff.
 */
import { describe, expect, it } from "vitest";
import { parseRetryAfterMs } from "../src/errors/retry-after.ts";
import { DEFAULT_RETRY, type RetryPolicy } from "../src/index.ts";
import { type AttemptFailure, backoffDelayMs, decideRetry } from "../src/transport/retry.ts";

type Class = "idempotent" | "non-idempotent" | "never";

const status = (code: number, retryAfterMs?: number): AttemptFailure => ({
  kind: "status",
  status: code,
  retryAfterMs,
});
const network = (neverReached: boolean): AttemptFailure => ({ kind: "network", neverReached });
const timeout: AttemptFailure = { kind: "timeout" };

/** With random() = 0 the first backoff is exactly initialDelayMs (500 by default). */
const FIRST_BACKOFF = DEFAULT_RETRY.initialDelayMs;

const TABLE: readonly [string, AttemptFailure, Class, number | false][] = [
  // Reads retry what is transient, with backoff.
  ["read, connection reset (may have arrived)", network(false), "idempotent", FIRST_BACKOFF],
  ["read, connection refused", network(true), "idempotent", FIRST_BACKOFF],
  ["read, timeout", timeout, "idempotent", FIRST_BACKOFF],
  ...[408, 429, 500, 502, 503, 504].map((code): [string, AttemptFailure, Class, number | false] => [
    `read, ${code}`,
    status(code),
    "idempotent",
    FIRST_BACKOFF,
  ]),
  ...[400, 401, 403, 404, 422, 501].map((code): [string, AttemptFailure, Class, number | false] => [
    `read, ${code}`,
    status(code),
    "idempotent",
    false,
  ]),
  ["read, 503 with Retry-After 2 s waits 2 s", status(503, 2_000), "idempotent", 2_000],
  ["read, 429 with Retry-After exactly at the cap", status(429, 60_000), "idempotent", 60_000],
  ["read, 429 with Retry-After beyond the cap", status(429, 60_001), "idempotent", false],
  ["read, 400 with Retry-After is still not transient", status(400, 1_000), "idempotent", false],
  // Sign-in: only when it provably never arrived, or plex.tv said when to come back.
  ["sign-in, connection refused (never reached)", network(true), "non-idempotent", FIRST_BACKOFF],
  ["sign-in, connection reset (may have arrived)", network(false), "non-idempotent", false],
  ["sign-in, timeout (may have been processed)", timeout, "non-idempotent", false],
  ["sign-in, 401", status(401), "non-idempotent", false],
  ["sign-in, 401 even with Retry-After", status(401, 1_000), "non-idempotent", false],
  ["sign-in, 500", status(500), "non-idempotent", false],
  ["sign-in, 502 with Retry-After", status(502, 1_000), "non-idempotent", false],
  ["sign-in, 429 without Retry-After", status(429), "non-idempotent", false],
  ["sign-in, 429 with Retry-After", status(429, 1_500), "non-idempotent", 1_500],
  ["sign-in, 503 with Retry-After", status(503, 3_000), "non-idempotent", 3_000],
  ["sign-in, 429 with Retry-After beyond the cap", status(429, 120_000), "non-idempotent", false],
  // A call carrying a verification code: never.
  ["with a code, connection refused", network(true), "never", false],
  ["with a code, 429 with Retry-After", status(429, 1_000), "never", false],
  ["with a code, 503", status(503), "never", false],
];

describe("decideRetry", () => {
  it.each(TABLE)("%s", (_what, failure, retryClass, expected) => {
    const decision = decideRetry(failure, retryClass, 0, DEFAULT_RETRY, () => 0);
    expect(decision).toEqual(expected === false ? { retry: false } : { retry: true, delayMs: expected });
  });

  it("stops once maxRetries retries were made", () => {
    const policy = { ...DEFAULT_RETRY, maxRetries: 2 };
    expect(decideRetry(status(503), "idempotent", 1, policy, () => 0)).toEqual({ retry: true, delayMs: 1_000 });
    expect(decideRetry(status(503), "idempotent", 2, policy, () => 0)).toEqual({ retry: false });
    expect(decideRetry(status(429, 10), "non-idempotent", 2, policy, () => 0)).toEqual({ retry: false });
  });

  it("maxRetries 0 and policy false never retry", () => {
    expect(decideRetry(network(true), "idempotent", 0, { ...DEFAULT_RETRY, maxRetries: 0 })).toEqual({ retry: false });
    expect(decideRetry(network(true), "idempotent", 0, false)).toEqual({ retry: false });
    expect(decideRetry(status(503, 10), "non-idempotent", 0, false)).toEqual({ retry: false });
  });

  it("a custom maxRetryAfterMs moves the cap", () => {
    const policy = { ...DEFAULT_RETRY, maxRetryAfterMs: 5_000 };
    expect(decideRetry(status(429, 5_000), "idempotent", 0, policy)).toEqual({ retry: true, delayMs: 5_000 });
    expect(decideRetry(status(429, 5_001), "idempotent", 0, policy)).toEqual({ retry: false });
  });
});

describe("parseRetryAfterMs", () => {
  const NOW = Date.parse("2025-01-01T00:00:00Z");
  const parse = (headers: Record<string, string>) => parseRetryAfterMs(new Headers(headers), NOW);

  it.each([
    ["seconds", { "Retry-After": "120" }, 120_000],
    ["zero seconds", { "Retry-After": "0" }, 0],
    ["fractional seconds", { "Retry-After": "1.5" }, 1_500],
    ["seconds with spaces", { "Retry-After": " 7 " }, 7_000],
    ["an HTTP date 30 s ahead", { "Retry-After": "Wed, 01 Jan 2025 00:00:30 GMT" }, 30_000],
    ["an obsolete RFC 850 date", { "Retry-After": "Wednesday, 01-Jan-25 00:00:10 GMT" }, 10_000],
    ["an HTTP date in the past (come back now)", { "Retry-After": "Tue, 31 Dec 2024 23:59:00 GMT" }, 0],
    ["retry-after-ms", { "retry-after-ms": "250" }, 250],
    ["fractional retry-after-ms, rounded up", { "retry-after-ms": "12.3" }, 13],
    ["retry-after-ms wins over Retry-After", { "retry-after-ms": "250", "Retry-After": "9" }, 250],
    ["garbage retry-after-ms falls back to Retry-After", { "retry-after-ms": "soon", "Retry-After": "2" }, 2_000],
    ["negative retry-after-ms falls back to Retry-After", { "retry-after-ms": "-5", "Retry-After": "2" }, 2_000],
    ["empty retry-after-ms falls back to Retry-After", { "retry-after-ms": "", "Retry-After": "2" }, 2_000],
  ])("reads %s", (_what, headers, expected) => {
    expect(parse(headers)).toBe(expected);
  });

  // V8's Date.parse accepts almost anything with a digit in it ("-1" is the year 2001, "soon 5" is a date
  // in May): none of these may come out as "retry at once".
  it.each([
    ["no header", {}],
    ["garbage", { "Retry-After": "soon" }],
    ["garbage with a number", { "Retry-After": "soon 5" }],
    ["negative seconds", { "Retry-After": "-1" }],
    ["a bare number with a unit", { "Retry-After": "12abc" }],
    ["empty", { "Retry-After": "" }],
    ["empty retry-after-ms alone", { "retry-after-ms": "" }],
    ["garbage retry-after-ms alone", { "retry-after-ms": "later" }],
  ])("treats %s as not said", (_what, headers) => {
    expect(parse(headers)).toBeUndefined();
  });
});

describe("backoffDelayMs", () => {
  const policy: RetryPolicy = DEFAULT_RETRY;

  it("doubles from initialDelayMs and is capped at maxDelayMs (random = 0: no jitter)", () => {
    const delays = Array.from({ length: 8 }, (_, retry) => backoffDelayMs(retry, policy, () => 0));
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000]);
  });

  it("jitter takes off at most 25 %", () => {
    expect(backoffDelayMs(0, policy, () => 0.999_999)).toBe(375);
    expect(backoffDelayMs(4, policy, () => 0.5)).toBe(7_000);
  });

  it("stays within [75 %, 100 %] of the capped delay for any random value", () => {
    for (let retry = 0; retry < 10; retry++) {
      const capped = Math.min(policy.initialDelayMs * 2 ** retry, policy.maxDelayMs);
      for (let step = 0; step < 100; step++) {
        const delay = backoffDelayMs(retry, policy, () => step / 100);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(capped * 0.75));
        expect(delay).toBeLessThanOrEqual(capped);
      }
    }
  });

  it("decideRetry passes the retry index to the backoff", () => {
    const delays = [0, 1, 2].map((done) => {
      const decision = decideRetry(network(true), "idempotent", done, { ...policy, maxRetries: 5 }, () => 0);
      return decision.retry ? decision.delayMs : undefined;
    });
    expect(delays).toEqual([500, 1_000, 2_000]);
  });
});
