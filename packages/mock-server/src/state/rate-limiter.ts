/**
 * The per-client rate limit of the plex.tv routes.
 *
 * @example
 * ```ts
 * const rateLimit: RateLimitOptions = { limit: 2, windowMs: 10_000 };
 * const mock = createMockPlex({ rateLimit });
 * ```
 */
export interface RateLimitOptions {
  /** Requests allowed per client per window. Default 300. */
  limit?: number;
  /** Window length in mock-clock milliseconds. Default 60 000. */
  windowMs?: number;
}

/** The answer of {@link RateLimiter.take}: go ahead, or wait this many seconds. */
export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

interface Window {
  start: number;
  count: number;
}

// Bounds memory when a test invents a new client identifier per request.
const MAX_TRACKED_CLIENTS = 10_000;

/** A fixed-window counter per client. Rejected requests do not count against the next window. */
export class RateLimiter {
  readonly #windows = new Map<string, Window>();
  readonly #limit: number;
  readonly #windowMs: number;

  constructor(options: Required<RateLimitOptions>) {
    this.#limit = options.limit;
    this.#windowMs = options.windowMs;
  }

  take(client: string, now: number): RateDecision {
    let window = this.#windows.get(client);
    if (!window || now - window.start >= this.#windowMs) {
      if (!window && this.#windows.size >= MAX_TRACKED_CLIENTS) this.#windows.clear();
      window = { start: now, count: 0 };
      this.#windows.set(client, window);
    }
    if (window.count >= this.#limit) {
      const waitMs = window.start + this.#windowMs - now;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
    }
    window.count++;
    return { allowed: true };
  }
}
