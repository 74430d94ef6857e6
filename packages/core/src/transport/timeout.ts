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
}

/** Starts one attempt's signal; see {@link AttemptSignal}. Always `dispose()` it. */
export function startAttemptSignal(callerSignal: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onCallerAbort = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) onCallerAbort();
  else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      callerSignal?.removeEventListener("abort", onCallerAbort);
    },
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
 * Settles with `promise`, or rejects as soon as `signal` aborts, whichever comes first. A `fetch` that
 * ignores its signal (a custom or injected one) or a body stream that stalls must not outlive the timeout.
 * `onLate` receives a value that arrives after the abort, so it can be released.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onLate?: (value: T) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) onLate?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
