/**
 * Which timers each run of a concurrent test left pending. Every timer created while a run's code runs (the
 * wait's poll timeouts and backoffs, the mock's delays, the test's own timers) is booked to that run
 * through async context; a timer is off the books once it fires or is cleared. A run that settled with a
 * timer still booked left it behind: a process that made that call could not exit until it fired.
 */
import { AsyncLocalStorage, createHook } from "node:async_hooks";

export class TimerLedger {
  readonly #context = new AsyncLocalStorage<number>();
  /** Pending timers: async id -> the run that made it. */
  readonly #pending = new Map<number, number>();
  readonly #hook = createHook({
    init: (asyncId, type) => {
      if (type !== "Timeout") return;
      const run = this.#context.getStore();
      if (run !== undefined) this.#pending.set(asyncId, run);
    },
    destroy: (asyncId) => {
      this.#pending.delete(asyncId);
    },
  });

  enable(): void {
    this.#hook.enable();
  }

  disable(): void {
    this.#hook.disable();
  }

  /** Runs `body` with every timer it creates, directly or not, booked to `run`. */
  book<T>(run: number, body: () => Promise<T>): Promise<T> {
    return this.#context.run(run, body);
  }

  /** The timers `run` made that are still pending. */
  pendingOf(run: number): number {
    let count = 0;
    for (const owner of this.#pending.values()) if (owner === run) count++;
    return count;
  }
}
