/**
 * One attempt's signal: aborts when the caller's signal does, or when the whole-request timeout expires.
 * The caller's signal is combined with the timeout, never replacing it, and the attempt knows which fired.
 */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** True once the timeout, not the caller, aborted the attempt. */
  readonly timedOut: () => boolean;
  /** Clears the timer and the listener; call once the body has been read. */
  readonly dispose: () => void;
  /**
   * Settles with `promise`, or rejects as soon as the attempt is aborted, whichever comes first. A `fetch`
   * that ignores its signal (a custom or injected one) or a body stream that stalls must not outlive the
   * timeout. `onLate` receives a value that arrives after the abort, so it can be released.
   */
  readonly race: <T>(promise: Promise<T>, onLate?: (value: T) => void) => Promise<T>;
}

/** What aborts one or more attempts at once: a controller, one timer, and whoever waits on it. */
interface Deadline {
  readonly controller: AbortController;
  readonly timeoutMs: number;
  /** When the timer fires (epoch ms), and until when another attempt may join. */
  readonly at: number;
  readonly joinUntil: number;
  /** Attempts that joined, and those still running (the timer runs only while one is). */
  joined: number;
  running: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  timedOut: boolean;
  readonly waiters: Set<(reason: unknown) => void>;
}

// Attempts without a caller's signal and with a timeout of a second or more share one controller and one
// timer, a few at a time: an AbortController per attempt was a tenth of a call's CPU. Such an attempt
// times out at most 1/128 of its timeout late (234 ms of 30 s), never early. At most SHARED_JOINS share
// one: undici leaves a listener on a request's signal until the request is garbage-collected.
const SHARED_MIN_TIMEOUT_MS = 1_000;
const SHARED_JOINS = 8;
let shared: Deadline | undefined;

function newDeadline(timeoutMs: number, slackMs: number, now: number): Deadline {
  return {
    controller: new AbortController(),
    timeoutMs,
    at: now + timeoutMs + slackMs,
    joinUntil: now + slackMs,
    joined: 0,
    running: 0,
    timer: undefined,
    timedOut: false,
    waiters: new Set(),
  };
}

function abortAll(deadline: Deadline, reason?: unknown): void {
  deadline.controller.abort(reason);
  const cause = deadline.controller.signal.reason;
  for (const reject of deadline.waiters) reject(cause);
  deadline.waiters.clear();
}

function join(deadline: Deadline, now: number): void {
  deadline.joined++;
  if (deadline.running++ === 0) {
    deadline.timer = setTimeout(() => {
      deadline.timedOut = true;
      abortAll(deadline);
    }, deadline.at - now);
  }
}

function leave(deadline: Deadline): void {
  if (--deadline.running === 0 && deadline.timer !== undefined) {
    clearTimeout(deadline.timer);
    deadline.timer = undefined;
  }
}

function sharedDeadline(timeoutMs: number, now: number): Deadline {
  const current = shared;
  if (
    current &&
    current.timeoutMs === timeoutMs &&
    current.joined < SHARED_JOINS &&
    now <= current.joinUntil &&
    !current.controller.signal.aborted
  ) {
    return current;
  }
  shared = newDeadline(timeoutMs, timeoutMs >> 7, now);
  return shared;
}

/** Starts one attempt's signal; see {@link AttemptSignal}. Always `dispose()` it. */
export function startAttemptSignal(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const now = Date.now();
  const own = callerSignal !== undefined || timeoutMs < SHARED_MIN_TIMEOUT_MS;
  const deadline = own ? newDeadline(timeoutMs, 0, now) : sharedDeadline(timeoutMs, now);
  join(deadline, now);
  const onCallerAbort = () => abortAll(deadline, callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  const { signal } = deadline.controller;
  let disposed = false;
  return {
    signal,
    timedOut: () => deadline.timedOut,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      leave(deadline);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
    race: <T>(promise: Promise<T>, onLate?: (value: T) => void) =>
      new Promise<T>((resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        else deadline.waiters.add(reject);
        promise.then(
          (value) => {
            deadline.waiters.delete(reject);
            if (signal.aborted) onLate?.(value);
            else resolve(value);
          },
          (error: unknown) => {
            deadline.waiters.delete(reject);
            reject(error);
          },
        );
      }),
  };
}

/** Waits `ms`, or rejects with `onAbort()` as soon as `signal` aborts (the timer is cleared either way). */
export function sleep(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(onAbort());
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/**
 * Settles with `promise`, or rejects as soon as `signal` aborts, whichever comes first: {@link AttemptSignal}'s
 * `race` for a signal that is not an attempt's (a request's to the sign-in handler).
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
