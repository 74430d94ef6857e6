import type { RetryClass } from "../operations/types.ts";
import type { RetryOptions } from "../options.ts";

/** What went wrong with one attempt, as far as the retry policy cares. */
export type AttemptFailure =
  | { readonly kind: "status"; readonly status: number; readonly retryAfterMs: number | undefined }
  | { readonly kind: "network"; readonly neverReached: boolean }
  | { readonly kind: "timeout" };

/** Whether to try again, and after how long. */
export type RetryDecision = { readonly retry: true; readonly delayMs: number } | { readonly retry: false };

/** `never` is what a call carrying a single-use field (a two-factor code) gets. */
export type EffectiveRetryClass = RetryClass | "never";

const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

const DELAY = /^\d+(\.\d+)?$/;

// An HTTP date starts with the day name and has a time: "Wed, 21 Oct 2015 07:28:00 GMT" (or the obsolete
// RFC 850 and asctime forms). Checked before Date.parse, which in V8 reads "-1" as the year 2001 and
// "soon 5" as a date in May: garbage must not turn into "retry at once".
const HTTP_DATE = /^[a-z]{3,9},?\s.*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * Reads how long the server asked us to wait: `retry-after-ms` (milliseconds), else `Retry-After` in
 * seconds or as an HTTP date. Unreadable, empty or negative values count as not said.
 *
 * @example
 * ```ts
 * parseRetryAfterMs(new Headers({ "Retry-After": "120" })); // 120000
 * parseRetryAfterMs(new Headers({ "Retry-After": "soon" })); // undefined
 * ```
 */
export function parseRetryAfterMs(headers: Headers, now: number = Date.now()): number | undefined {
  const milliseconds = headers.get("retry-after-ms")?.trim();
  if (milliseconds && DELAY.test(milliseconds)) return Math.ceil(Number(milliseconds));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (DELAY.test(value)) return Math.ceil(Number(value) * 1000);
  if (!HTTP_DATE.test(value)) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter: `initialDelayMs * 2^retry`, capped at `maxDelayMs`, minus up to 25 %
 * so that many clients failing together do not come back together.
 *
 * @example
 * ```ts
 * import { backoffDelayMs, DEFAULT_RETRY } from "@plex-auth/core";
 * backoffDelayMs(2, DEFAULT_RETRY, () => 0); // 2000: the third retry waits 0.5 s × 2², no jitter drawn
 * ```
 */
export function backoffDelayMs(
  retryIndex: number,
  policy: Readonly<Required<RetryOptions>>,
  random: () => number = Math.random,
): number {
  const capped = Math.min(policy.initialDelayMs * 2 ** retryIndex, policy.maxDelayMs);
  return Math.round(capped * (1 - random() * 0.25));
}

/**
 * The retry policy, as a pure function of what failed, how safe the operation is to repeat, and how many
 * retries were already made.
 *
 * @example
 * ```ts
 * import { decideRetry, DEFAULT_RETRY } from "@plex-auth/core";
 * decideRetry({ kind: "status", status: 401, retryAfterMs: undefined }, "sign-in", 0, DEFAULT_RETRY); // { retry: false }
 * ```
 */
export function decideRetry(
  failure: AttemptFailure,
  retryClass: EffectiveRetryClass,
  retriesDone: number,
  policy: Readonly<Required<RetryOptions>> | false,
  random: () => number = Math.random,
): RetryDecision {
  if (!policy || retryClass === "never" || retriesDone >= policy.maxRetries) return { retry: false };
  const backoff = (): RetryDecision => ({ retry: true, delayMs: backoffDelayMs(retriesDone, policy, random) });

  if (failure.kind === "network") {
    // A refused connection or a failed DNS lookup never reached Plex, so even sign-in is safe to resend.
    // A reset may have reached it: only reads are resent then.
    return retryClass === "idempotent" || failure.neverReached ? backoff() : { retry: false };
  }
  if (failure.kind === "timeout") {
    // A timed-out sign-in may have been processed; resending it could count as a second failure.
    return retryClass === "idempotent" ? backoff() : { retry: false };
  }

  const { status, retryAfterMs } = failure;
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs) return { retry: false };
  if (retryClass === "sign-in") {
    // plex.tv rejected this sign-in before judging the credentials and said when to come back, so
    // resending cannot count as a failed attempt. Never on 401: repeated failures lock the IP out (1031).
    return (status === 429 || status === 503) && retryAfterMs !== undefined
      ? { retry: true, delayMs: retryAfterMs }
      : { retry: false };
  }
  if (!TRANSIENT_STATUSES.has(status)) return { retry: false };
  return retryAfterMs === undefined ? backoff() : { retry: true, delayMs: retryAfterMs };
}
