import { TRANSIENT_STATUSES } from "../errors/api.ts";
import type { RetryClass } from "../operation.ts";
import type { RetryPolicy } from "../options.ts";

/** What went wrong with one attempt, as far as the retry policy cares. */
export type AttemptFailure =
  | { readonly kind: "status"; readonly status: number; readonly retryAfterMs: number | undefined }
  | { readonly kind: "network"; readonly neverReached: boolean }
  | { readonly kind: "timeout" };

/** Whether to try again, and after how long. */
export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false };

/** `never` is what a call carrying a single-use field (a two-factor code) gets. */
export type EffectiveRetryClass = RetryClass | "never";

/**
 * Exponential backoff with jitter: `initialDelayMs * 2^retry`, capped at `maxDelayMs`, minus up to 25 %
 * so that many clients failing together do not come back together.
 */
export function backoffDelayMs(retryIndex: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const capped = Math.min(policy.initialDelayMs * 2 ** retryIndex, policy.maxDelayMs);
  return Math.round(capped * (1 - random() * 0.25));
}

/**
 * The retry policy, as a pure function of what failed, how safe the operation is to repeat, and how many
 * retries were already made.
 */
export function decideRetry(
  failure: AttemptFailure,
  retryClass: EffectiveRetryClass,
  retriesDone: number,
  policy: RetryPolicy | false,
  random: () => number = Math.random,
): RetryDecision {
  if (!policy || retryClass === "never" || retriesDone >= policy.maxRetries) return { retry: false };
  const backoff = (): RetryDecision => ({ retry: true, delayMs: backoffDelayMs(retriesDone, policy, random) });

  if (failure.kind === "network") {
    // A refused connection or a failed DNS lookup never reached Plex, so even a sign-in (or a PIN
    // creation) is safe to resend. A reset may have reached it: only idempotent calls are resent then.
    return retryClass === "idempotent" || failure.neverReached ? backoff() : { retry: false };
  }
  if (failure.kind === "timeout") {
    // A timed-out sign-in may have been processed; resending it could count as a second failure (and a
    // timed-out PIN creation may have made a PIN).
    return retryClass === "idempotent" ? backoff() : { retry: false };
  }

  const { status, retryAfterMs } = failure;
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return { retry: false };
  if (retryClass === "non-idempotent") {
    // plex.tv refused this call before processing it and said when to come back, so resending cannot
    // count as a failed sign-in or make a second PIN. Never on 401: repeated failures lock the IP out (1031).
    return (status === 429 || status === 503) && retryAfterMs !== undefined
      ? { retry: true, delayMs: retryAfterMs }
      : { retry: false };
  }
  if (!TRANSIENT_STATUSES.has(status)) return { retry: false };
  return retryAfterMs === undefined ? backoff() : { retry: true, delayMs: retryAfterMs };
}
