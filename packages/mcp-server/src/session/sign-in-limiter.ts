import { DEFAULT_SIGN_IN_LIMIT, type SignInLimit } from "../config/config.ts";
import { SignInRateLimitedError } from "../tools/local-errors.ts";

/**
 * Caps the sign-in attempts of one session. plex.tv locks an IP out after repeated failed sign-ins (code
 * 1031), and a model that retries in a loop would trigger it for everyone behind that IP, so attempts are
 * limited per sliding window, and sign-in pauses entirely once plex.tv has throttled or rate limited us.
 *
 * @example
 * ```ts
 * const limiter = new SignInLimiter({ maxAttempts: 5, windowMs: 600_000, throttledBlockMs: 1_800_000 });
 * limiter.acquire(); // throws SignInRateLimitedError once the window is full
 * ```
 */
export class SignInLimiter {
  readonly #limit: SignInLimit;
  readonly #now: () => number;
  #attempts: number[] = [];
  #pausedUntil = 0;
  #pauseReason = "";

  constructor(limit: SignInLimit = DEFAULT_SIGN_IN_LIMIT, now: () => number = Date.now) {
    this.#limit = limit;
    this.#now = now;
  }

  /** Takes one attempt, or throws {@link SignInRateLimitedError} saying how long to wait. */
  acquire(): void {
    const now = this.#now();
    if (now < this.#pausedUntil) throw new SignInRateLimitedError(this.#pausedUntil - now, this.#pauseReason);
    this.#attempts = this.#attempts.filter((at) => now - at < this.#limit.windowMs);
    const oldest = this.#attempts[0];
    if (this.#attempts.length >= this.#limit.maxAttempts && oldest !== undefined) {
      throw new SignInRateLimitedError(
        oldest + this.#limit.windowMs - now,
        `${this.#limit.maxAttempts} attempts in ${Math.round(this.#limit.windowMs / 60_000)} minutes`,
      );
    }
    this.#attempts.push(now);
  }

  /** Gives the last attempt back: the call was rejected before anything was sent. */
  refund(): void {
    this.#attempts.pop();
  }

  /** Pauses every sign-in of the session for `ms`, e.g. after plex.tv throttled the IP. */
  pause(ms: number, reason: string): void {
    const until = this.#now() + ms;
    if (until > this.#pausedUntil) {
      this.#pausedUntil = until;
      this.#pauseReason = reason;
    }
  }

  /** Pauses for the configured lock-out after plex.tv answered code 1031. */
  pauseAfterThrottle(): void {
    this.pause(this.#limit.throttledBlockMs, "plex.tv throttled sign-in from this IP (code 1031)");
  }
}
