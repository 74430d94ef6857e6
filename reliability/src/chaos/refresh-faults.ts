/**
 * The fault mix on a JWT token source's refresh: what a flaky plex.tv does to the three requests a refresh
 * makes (`getAuthNonce`, `exchangeJWTToken`, `getAuthKeys`). Every kind of the mock's catalogue is here, so
 * a refresh fails at each of its steps in each way; the calls the refreshed token serves are never faulted.
 */
import type { FaultOptions, MockFault, MockOperationName, MockPlex } from "@plex-auth/mock-server";

/** The requests of one refresh, in the order it makes them. */
export const REFRESH_OPERATIONS: readonly MockOperationName[] = ["getAuthNonce", "exchangeJWTToken", "getAuthKeys"];

/** Retry-After short enough to be honoured (50 ms), and one far over `maxRetryAfterMs`. */
export const SHORT_RETRY_AFTER_S = 0.05;
export const LONG_RETRY_AFTER_S = 30;

const PLAN: readonly { readonly fault: MockFault; readonly weight: number }[] = [
  { fault: { kind: "status", status: 500 }, weight: 1.5 },
  { fault: { kind: "status", status: 502 }, weight: 1 },
  { fault: { kind: "status", status: 503 }, weight: 1 },
  { fault: { kind: "status", status: 503, retryAfterSeconds: SHORT_RETRY_AFTER_S }, weight: 1.5 },
  { fault: { kind: "status", status: 429, retryAfterSeconds: SHORT_RETRY_AFTER_S }, weight: 1.5 },
  { fault: { kind: "status", status: 429 }, weight: 1 },
  { fault: { kind: "status", status: 429, retryAfterSeconds: LONG_RETRY_AFTER_S }, weight: 0.5 },
  { fault: { kind: "reset" }, weight: 1.5 },
  { fault: { kind: "stall-body" }, weight: 1 },
  { fault: { kind: "delay", ms: 1_000 }, weight: 0.5 },
  { fault: { kind: "slow-drip", chunkBytes: 2, intervalMs: 100 }, weight: 0.5 },
  { fault: { kind: "malformed-body", body: "truncated-json" }, weight: 1 },
  { fault: { kind: "malformed-body", body: "not-json" }, weight: 0.5 },
  { fault: { kind: "malformed-body", body: "wrong-shape" }, weight: 1 },
  { fault: { kind: "malformed-body", body: "empty" }, weight: 0.5 },
  { fault: { kind: "html-body" }, weight: 0.5 },
  { fault: { kind: "xml-body" }, weight: 0.5 },
  { fault: { kind: "oversized-body", bytes: 1024 * 1024 }, weight: 0.5 },
];

/**
 * Queues the mix on the refresh's requests only, `rate` of them faulted: each rule's probability gives it
 * its share, given that the rules before it missed. Rules repeat until `mock.faults.clear()`.
 */
export function injectRefreshFaults(mock: MockPlex, rate: number): void {
  const total = PLAN.reduce((sum, planned) => sum + planned.weight, 0);
  let remaining = 1;
  for (const { fault, weight } of PLAN) {
    const share = (rate * weight) / total;
    const options: FaultOptions = {
      times: Number.POSITIVE_INFINITY,
      probability: Math.min(1, share / remaining),
      operation: REFRESH_OPERATIONS,
    };
    mock.faults.inject(fault, options);
    remaining -= share;
  }
}

const BODY_NAMES: Readonly<Record<string, string>> = {
  reset: "connection reset",
  "stall-body": "stalled body",
  delay: "no answer within the timeout",
  "slow-drip": "slow drip (2 B / 100 ms)",
  "html-body": "HTML page with a 2xx status",
  "xml-body": "XML instead of JSON",
  "oversized-body": "oversized body (1 MiB, cap 256 KiB)",
};

/** A readable name for a fault the mock logged, with the `Retry-After` the client saw. */
export function refreshFaultLabel(
  fault: MockFault["kind"],
  status: number | undefined,
  retryAfter: string | null | undefined,
): string {
  if (fault === "malformed-body") return "broken body (truncated, not JSON, wrong shape or empty)";
  if (fault !== "status") return BODY_NAMES[fault] ?? fault;
  if (retryAfter == null) return status === 429 ? "HTTP 429 without Retry-After" : `HTTP ${status}`;
  const seconds = Number(retryAfter);
  return seconds >= LONG_RETRY_AFTER_S
    ? `HTTP ${status} + Retry-After ${LONG_RETRY_AFTER_S} s (over maxRetryAfterMs)`
    : `HTTP ${status} + Retry-After ${seconds * 1000} ms`;
}
