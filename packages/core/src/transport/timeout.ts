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

// Attempts without a caller's signal and with a timeout of a second or more share one controller and one
// timer, a few at a time: an AbortController per attempt was a tenth of a call's CPU. Such an attempt
// times out at most 1/128 of its timeout late (234 ms of 30 s), never early. At most SHARED_JOINS share
// one: undici leaves a listener on a request's signal until the request is garbage-collected.
const SHARED_MIN_TIMEOUT_MS = 1_000;
const SHARED_JOINS = 8;

type Deadline = ReturnType<typeof newDeadline>;
let shared: Deadline | undefined;

/** What aborts one or more attempts at once: a controller, one timer (running while an attempt is), waiters. */
function newDeadline(timeoutMs: number, slackMs: number, createdAt: number) {
  const controller = new AbortController();
  const waiters = new Set<(reason: unknown) => void>();
  let joined = 0;
  let running = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  const abort = (reason?: unknown) => {
    controller.abort(reason);
    for (const reject of waiters) reject(controller.signal.reason);
    waiters.clear();
  };
  return {
    signal: controller.signal,
    waiters,
    abort,
    timedOut: () => timedOut,
    /** Adds an attempt started at `now`, unless it may not join (then it needs a deadline of its own). */
    join: (now: number, ms: number): boolean => {
      if (ms !== timeoutMs || joined >= SHARED_JOINS || now > createdAt + slackMs || controller.signal.aborted) {
        return false;
      }
      joined++;
      if (running++ === 0) {
        timer = setTimeout(
          () => {
            timedOut = true;
            abort();
          },
          createdAt + timeoutMs + slackMs - now,
        );
      }
      return true;
    },
    leave: () => {
      if (--running === 0) clearTimeout(timer);
    },
  };
}

/** Starts one attempt's signal; see {@link AttemptSignal}. Always `dispose()` it. */
export function startAttemptSignal(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const now = Date.now();
  const sharing = callerSignal === undefined && timeoutMs >= SHARED_MIN_TIMEOUT_MS;
  let deadline = sharing ? shared : undefined;
  if (!deadline?.join(now, timeoutMs)) {
    deadline = newDeadline(timeoutMs, sharing ? timeoutMs >> 7 : 0, now);
    deadline.join(now, timeoutMs);
    if (sharing) shared = deadline;
  }
  const { signal, waiters, abort } = deadline;
  const onCallerAbort = () => abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  let disposed = false;
  return {
    signal,
    timedOut: deadline.timedOut,
    dispose: () => {
      if (disposed) return;
      disposed = true;
      deadline.leave();
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
    race: <T>(promise: Promise<T>, onLate?: (value: T) => void) =>
      new Promise<T>((resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        else waiters.add(reject);
        promise.then(
          (value) => {
            waiters.delete(reject);
            if (signal.aborted) onLate?.(value);
            else resolve(value);
          },
          (error: unknown) => {
            waiters.delete(reject);
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
