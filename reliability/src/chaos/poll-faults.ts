/**
 * The fault mix on PIN polls (`getOAuthPin`) for the polling part: what a busy or flaky plex.tv does to a
 * poller. Every kind is transient, so a wait must ride them out and still end on the PIN's own terms.
 */
import type { FaultOptions, MockFault, MockPlex } from "@plex-auth/mock-server";

/** Share of polls that get a fault. */
export const POLL_FAULT_RATE = 0.3;
/** A Retry-After longer than any PIN lifetime here: the wait must not sleep past the expiry for it. */
export const LONG_RETRY_AFTER_S = 5;

const PLAN: readonly { readonly fault: MockFault; readonly weight: number }[] = [
  { fault: { kind: "status", status: 500 }, weight: 1 },
  { fault: { kind: "status", status: 502 }, weight: 1 },
  { fault: { kind: "status", status: 503 }, weight: 1 },
  { fault: { kind: "status", status: 503, retryAfterSeconds: 0.2 }, weight: 1 },
  { fault: { kind: "status", status: 429 }, weight: 1 },
  { fault: { kind: "status", status: 429, retryAfterSeconds: 0.3 }, weight: 1 },
  { fault: { kind: "status", status: 429, retryAfterSeconds: LONG_RETRY_AFTER_S }, weight: 1 },
  { fault: { kind: "reset" }, weight: 1.5 },
  { fault: { kind: "stall-body" }, weight: 1 },
  { fault: { kind: "delay", ms: 5_000 }, weight: 1 },
];

/** Queues the mix on the mock's PIN polls only: each rule's probability gives it its share of POLL_FAULT_RATE. */
export function injectPollFaults(mock: MockPlex): void {
  const total = PLAN.reduce((sum, planned) => sum + planned.weight, 0);
  let remaining = 1;
  for (const { fault, weight } of PLAN) {
    const share = (POLL_FAULT_RATE * weight) / total;
    const options: FaultOptions = {
      times: Number.POSITIVE_INFINITY,
      probability: Math.min(1, share / remaining),
      operation: "getOAuthPin",
    };
    mock.faults.inject(fault, options);
    remaining -= share;
  }
}

const NAMES: Readonly<Record<string, string>> = {
  reset: "connection reset",
  "stall-body": "stalled body",
  delay: "no answer within the poll timeout",
};

/** A readable name for a fault the mock logged on a poll, with the `Retry-After` the client saw. */
export function pollFaultLabel(
  fault: MockFault["kind"],
  status: number | undefined,
  retryAfter: string | null,
): string {
  if (fault !== "status") return NAMES[fault] ?? fault;
  if (retryAfter) return `HTTP ${status} + Retry-After ${Number(retryAfter) * 1000} ms`;
  return status === 429 ? "HTTP 429 without Retry-After" : `HTTP ${status}`;
}
