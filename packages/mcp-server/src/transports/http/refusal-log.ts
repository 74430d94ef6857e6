import type { Logger } from "../../log/logger.ts";

/** How long refusals of one kind are counted before the count is logged. */
export const REFUSAL_LOG_WINDOW_MS = 60_000;

/**
 * Logs refused requests (a foreign Host or Origin) grouped: the first of each kind at once, then one line
 * per minute with how many more came, so a page hammering the port cannot flood the log.
 *
 * @example
 * ```ts
 * const refusals = new RefusalLog(logger);
 * refusals.note(403, "Forbidden: Origin not allowed");
 * ```
 */
export class RefusalLog {
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #kinds = new Map<string, { since: number; more: number }>();

  constructor(logger: Logger, now: () => number = Date.now) {
    this.#logger = logger;
    this.#now = now;
  }

  note(status: number, reason: string): void {
    const key = `${status} ${reason}`;
    const now = this.#now();
    const kind = this.#kinds.get(key);
    if (kind && now - kind.since < REFUSAL_LOG_WINDOW_MS) {
      kind.more++;
      return;
    }
    if (kind && kind.more > 0) {
      this.#logger.warn("requests refused", {
        status,
        reason,
        count: kind.more,
        seconds: Math.round((now - kind.since) / 1000),
      });
    }
    // Bounded: the reasons are the guards' own few messages, whatever the requests say.
    if (!kind && this.#kinds.size >= 32) this.#kinds.clear();
    this.#kinds.set(key, { since: now, more: 0 });
    if (!kind || kind.more === 0) this.#logger.warn("request refused", { status, reason });
  }
}
