import { DEFAULT_SIGN_IN_LIMIT, type SignInLimit } from "../config/config.ts";
import { SignInRateLimitedError } from "../errors/local-errors.ts";

const minutes = (ms: number) => Math.round(ms / 60_000);

/**
 * The process-wide pause and budget of every sign-in, shared by all sessions and principals of a server.
 * plex.tv throttles by IP (code 1031), not by session: once one session is told to stop, another session's
 * attempt (or a new session's) would only extend the lock-out for everyone behind that IP. And the budget
 * (10 attempts per 10 minutes by default) holds however many sessions are opened to multiply attempts.
 *
 * @example
 * ```ts
 * const pause = new SignInPause(Date.now, DEFAULT_SIGN_IN_LIMIT);
 * await startHttpServer(config, { authToken }, { signInPause: pause }); // every session waits out the same pause
 * ```
 */
export class SignInPause {
  readonly #now: () => number;
  readonly #maxAttempts: number;
  readonly #windowMs: number;
  #attempts: number[] = [];
  #until = 0;
  #reason = "";

  constructor(now: () => number = Date.now, limit: SignInLimit = DEFAULT_SIGN_IN_LIMIT) {
    this.#now = now;
    this.#maxAttempts = limit.processMaxAttempts ?? DEFAULT_SIGN_IN_LIMIT.processMaxAttempts ?? 10;
    this.#windowMs = limit.windowMs;
  }

  /** Throws {@link SignInRateLimitedError} saying how long to wait while the pause lasts. */
  check(): void {
    const now = this.#now();
    if (now < this.#until) throw new SignInRateLimitedError({ retryAfterMs: this.#until - now, reason: this.#reason });
  }

  /** Takes one attempt of the process's budget, or throws {@link SignInRateLimitedError} once it is spent. */
  take(): void {
    this.check();
    const now = this.#now();
    this.#attempts = this.#attempts.filter((at) => now - at < this.#windowMs);
    const oldest = this.#attempts[0];
    if (this.#attempts.length >= this.#maxAttempts && oldest !== undefined) {
      throw new SignInRateLimitedError({
        retryAfterMs: oldest + this.#windowMs - now,
        reason: `${this.#maxAttempts} sign-in attempts on this server in ${minutes(this.#windowMs)} minutes, all users together`,
      });
    }
    this.#attempts.push(now);
  }

  /** Gives the last attempt back: it was refused before anything was sent. */
  giveBack(): void {
    this.#attempts.pop();
  }

  /** Pauses every sign-in for `ms` (a shorter pause never cuts a longer one short). */
  pause(ms: number, reason: string): void {
    const until = this.#now() + ms;
    if (until > this.#until) {
      this.#until = until;
      this.#reason = reason;
    }
  }
}

/**
 * Caps the sign-in attempts of one session. plex.tv locks an IP out after repeated failed sign-ins (code
 * 1031), and a model that retries in a loop would trigger it for everyone behind that IP, so attempts are
 * limited per sliding window, per session; and once plex.tv has throttled or rate limited us, the shared
 * {@link SignInPause} stops the sign-ins of every session.
 *
 * @example
 * ```ts
 * const limit = { maxAttempts: 5, windowMs: 600_000, throttledBlockMs: 1_800_000 };
 * const limiter = new SignInLimiter(limit, Date.now, sharedPause);
 * limiter.acquire(); // throws SignInRateLimitedError once the window is full, or while the pause lasts
 * ```
 */
export class SignInLimiter {
  readonly #limit: SignInLimit;
  readonly #pause: SignInPause;
  readonly #now: () => number;
  #attempts: number[] = [];

  /** `pause` is the process's shared pause; a limiter of its own is given a pause of its own. */
  constructor(
    limit: SignInLimit = DEFAULT_SIGN_IN_LIMIT,
    now: () => number = Date.now,
    pause: SignInPause = new SignInPause(now, limit),
  ) {
    this.#limit = limit;
    this.#pause = pause;
    this.#now = now;
  }

  /** Takes one attempt, or throws {@link SignInRateLimitedError} saying how long to wait. */
  acquire(): void {
    this.#pause.check();
    const now = this.#now();
    this.#attempts = this.#attempts.filter((at) => now - at < this.#limit.windowMs);
    const oldest = this.#attempts[0];
    if (this.#attempts.length >= this.#limit.maxAttempts && oldest !== undefined) {
      throw new SignInRateLimitedError({
        retryAfterMs: oldest + this.#limit.windowMs - now,
        reason: `${this.#limit.maxAttempts} attempts in ${minutes(this.#limit.windowMs)} minutes`,
      });
    }
    this.#pause.take();
    this.#attempts.push(now);
  }

  /** Gives the last attempt back: the call was rejected before anything was sent. */
  refund(): void {
    this.#attempts.pop();
    this.#pause.giveBack();
  }

  /**
   * Takes one attempt of the process's budget only, for a "Sign in with Plex" start (which has a budget
   * per session of its own), or throws {@link SignInRateLimitedError}.
   */
  takeShared(): void {
    this.#pause.take();
  }

  /** Pauses every sign-in of the process for `ms`, e.g. after plex.tv rate limited sign-in. */
  pause(ms: number, reason: string): void {
    this.#pause.pause(ms, reason);
  }

  /** Pauses every sign-in of the process for the configured lock-out after plex.tv answered code 1031. */
  pauseAfterThrottle(): void {
    this.pause(this.#limit.throttledBlockMs, "plex.tv throttled sign-in from this IP (code 1031)");
  }
}
