/** Failed bearers one address may send per {@link FAILURE_WINDOW_MS} before it is turned away unheard. */
export const MAX_BEARER_FAILURES = 10;
/** The window failures are counted in, and how long an address is then refused. */
export const FAILURE_WINDOW_MS = 60_000;
// Addresses remembered at once; the oldest are forgotten first, so a flood of addresses costs bounded memory.
const MAX_ADDRESSES = 10_000;

interface Failures {
  since: number;
  count: number;
}

/**
 * Slows down bearer guessing: after {@link MAX_BEARER_FAILURES} wrong bearers from one address in a
 * minute, that address is answered 429 (with Retry-After) without its bearer even being compared, until
 * the minute is over. A right bearer is never counted.
 *
 * @example
 * ```ts
 * const throttle = new BearerThrottle();
 * if (throttle.retryAfterMs(address) > 0) return tooMany();
 * if (!valid) throttle.fail(address);
 * ```
 */
export class BearerThrottle {
  readonly #failures = new Map<string, Failures>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Milliseconds until this address may try again, or 0 when it may now. */
  retryAfterMs(address: string): number {
    const failures = this.#failures.get(address);
    if (!failures) return 0;
    const left = failures.since + FAILURE_WINDOW_MS - this.#now();
    if (left <= 0) {
      this.#failures.delete(address);
      return 0;
    }
    return failures.count >= MAX_BEARER_FAILURES ? left : 0;
  }

  /** Counts one wrong (or missing) bearer from this address. */
  fail(address: string): void {
    const now = this.#now();
    const failures = this.#failures.get(address);
    if (failures && now - failures.since < FAILURE_WINDOW_MS) {
      failures.count++;
      return;
    }
    this.#failures.delete(address);
    if (this.#failures.size >= MAX_ADDRESSES) this.#failures.delete(this.#failures.keys().next().value as string);
    this.#failures.set(address, { since: now, count: 1 });
  }
}
