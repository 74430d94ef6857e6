/**
 * The chaos run's fault mix: which faults the mock injects, how often, and what each one must lead to.
 * The mock rolls its faults with its own seeded random, so a given seed fails the same requests every run.
 */
import type { FaultOptions, MockFault, MockPlex } from "@plex-auth/mock-server";

/** Share of requests that get a fault. */
export const FAULT_RATE = 0.2;

/** How a call's final attempt must end, by the fault it got. */
export type Expected =
  | "success"
  | "ServerError"
  | "RateLimitError"
  | "ConnectionError"
  | "TimeoutError"
  | "ResponseValidationError"
  | "ResponseTooLargeError";

interface Planned {
  readonly fault: MockFault;
  /** Relative weight within the 20 %. */
  readonly weight: number;
}

/** Retry-After short enough to be honoured (50 ms), and one far over `maxRetryAfterMs` (30 s). */
export const SHORT_RETRY_AFTER_S = 0.05;
export const LONG_RETRY_AFTER_S = 30;

const PLAN: readonly Planned[] = [
  { fault: { kind: "status", status: 500 }, weight: 2 },
  { fault: { kind: "status", status: 502 }, weight: 1 },
  { fault: { kind: "status", status: 503 }, weight: 1 },
  { fault: { kind: "status", status: 504 }, weight: 1 },
  { fault: { kind: "status", status: 503, retryAfterSeconds: SHORT_RETRY_AFTER_S }, weight: 1.5 },
  { fault: { kind: "status", status: 429, retryAfterSeconds: SHORT_RETRY_AFTER_S }, weight: 1.5 },
  { fault: { kind: "status", status: 429 }, weight: 1.5 },
  { fault: { kind: "status", status: 429, retryAfterSeconds: LONG_RETRY_AFTER_S }, weight: 0.5 },
  { fault: { kind: "reset" }, weight: 2 },
  { fault: { kind: "stall-body" }, weight: 1 },
  { fault: { kind: "delay", ms: 5_000 }, weight: 0.5 },
  // 2 bytes every 100 ms: even the smallest body (ping's {"pong":true}, 13 bytes) needs 700 ms, so the
  // whole-request timeout (400 ms) must fire while bytes are still arriving.
  { fault: { kind: "slow-drip", chunkBytes: 2, intervalMs: 100 }, weight: 1 },
  { fault: { kind: "malformed-body", body: "truncated-json" }, weight: 1.5 },
  { fault: { kind: "html-body" }, weight: 1 },
  { fault: { kind: "xml-body" }, weight: 1 },
  { fault: { kind: "oversized-body", bytes: 1024 * 1024 }, weight: 1 },
];

/**
 * Queues the mix on a mock: one rule per fault, each with the probability that, given the rules before it
 * missed, makes its overall share `FAULT_RATE * weight / total`. Together they hit 20 % of requests.
 */
export function injectChaos(mock: MockPlex): void {
  const total = PLAN.reduce((sum, planned) => sum + planned.weight, 0);
  let remaining = 1;
  for (const planned of PLAN) {
    const share = (FAULT_RATE * planned.weight) / total;
    const options: FaultOptions = { times: Number.POSITIVE_INFINITY, probability: Math.min(1, share / remaining) };
    mock.faults.inject(planned.fault, options);
    remaining -= share;
  }
}

/** What one request got, as seen by the mock (its log) and by the client (status, `Retry-After`, reason). */
export interface Attempt {
  /** The mock's fault kind, or undefined for none. */
  readonly fault: MockFault["kind"] | undefined;
  /** The status the mock answered, or undefined when it answered nothing (reset, or the caller left). */
  readonly status: number | undefined;
  /** The `Retry-After` header the client saw, if any. */
  readonly retryAfter: string | null | undefined;
  /**
   * How the attempt ended for the client: the retry reason core logged (`HTTP 503`, `timeout`,
   * `connection_error`) for an attempt that was retried, or the call's outcome for the last one.
   */
  readonly clientSaw: string;
}

/**
 * An attempt the mock served without a fault that still timed out on the client: the machine was too busy
 * to answer within the timeout. Legitimately a timeout for the client; counted, and held to a threshold.
 */
export function isEnvironmentTimeout(attempt: Attempt): boolean {
  return attempt.fault === undefined && (attempt.clientSaw === "timeout" || attempt.clientSaw === "TimeoutError");
}

/** A readable name for the fault an attempt got, for the report's table. */
export function faultLabel(attempt: Attempt): string {
  switch (attempt.fault) {
    case undefined:
      return "none";
    case "status": {
      const wait =
        attempt.retryAfter == null
          ? " without Retry-After"
          : Number(attempt.retryAfter) >= LONG_RETRY_AFTER_S
            ? ` + Retry-After ${LONG_RETRY_AFTER_S} s (over maxRetryAfterMs)`
            : ` + Retry-After ${SHORT_RETRY_AFTER_S * 1000} ms`;
      return `HTTP ${attempt.status}${attempt.status === 429 || attempt.retryAfter != null ? wait : ""}`;
    }
    case "malformed-body":
      return "truncated JSON";
    case "delay":
      return "no headers within the timeout";
    case "stall-body":
      return "stalled body";
    case "slow-drip":
      return "slow drip (2 B / 100 ms)";
    case "oversized-body":
      return "oversized body (1 MiB, cap 256 KiB)";
    case "xml-body":
      return "XML instead of JSON";
    case "html-body":
      return "HTML page with a 2xx status";
    case "reset":
      return "connection reset";
  }
}

/** What the final attempt's fault must make the call end in. */
export function expectedOutcome(attempt: Attempt): Expected {
  if (isEnvironmentTimeout(attempt)) return "TimeoutError";
  switch (attempt.fault) {
    case undefined:
      return "success";
    case "status":
      return attempt.status === 429 ? "RateLimitError" : "ServerError";
    case "reset":
      return "ConnectionError";
    case "stall-body":
    case "delay":
    case "slow-drip":
      return "TimeoutError";
    case "malformed-body":
    case "html-body":
    case "xml-body":
      return "ResponseValidationError";
    case "oversized-body":
      return "ResponseTooLargeError";
    default:
      throw new Error(`no expectation for fault ${attempt.fault}`);
  }
}

/** What the client must have seen for an attempt that was retried, by its fault (core's retry reasons). */
export function expectedRetryReason(attempt: Attempt): string | undefined {
  if (isEnvironmentTimeout(attempt)) return "timeout";
  switch (attempt.fault) {
    case "status":
      return `HTTP ${attempt.status}`;
    case "reset":
      return "connection_error";
    case "stall-body":
    case "delay":
    case "slow-drip":
      return "timeout";
    default:
      return undefined;
  }
}

/** How a call may be retried: a read, a sign-in, or a sign-in carrying a single-use code. */
export type CallClass = "read" | "sign-in" | "sign-in-with-code";

function honouredRetryAfter(attempt: Attempt): boolean {
  return attempt.retryAfter != null && Number(attempt.retryAfter) < LONG_RETRY_AFTER_S;
}

/**
 * Whether the README's policy retries after this attempt. Reads: connection failures, timeouts, 429 and
 * 5xx (unless Retry-After is over the cap). Sign-in: only a 429/503 that said when to come back (plex.tv
 * refused it before judging the credentials). Never a sign-in with a two-factor code.
 */
export function isRetryable(attempt: Attempt, callClass: CallClass): boolean {
  if (callClass === "sign-in-with-code") return false;
  if (callClass === "sign-in") {
    return (
      attempt.fault === "status" && (attempt.status === 429 || attempt.status === 503) && honouredRetryAfter(attempt)
    );
  }
  if (isEnvironmentTimeout(attempt)) return true;
  switch (attempt.fault) {
    case "status":
      return attempt.retryAfter == null || honouredRetryAfter(attempt);
    case "reset":
    case "stall-body":
    case "delay":
    case "slow-drip":
      return true;
    default:
      return false;
  }
}
