/**
 * Timers still pending in this process, as Node counts what keeps its event loop alive (only referenced
 * timers count: an `unref`'d one, like `AbortSignal.timeout`'s, holds nothing open). A call that left a
 * timeout or a backoff behind shows here, as it would keep a short-lived process from exiting.
 */
import { pause } from "../stats.ts";

export function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === "Timeout").length;
}

/**
 * The timers pending once the count is back to `baseline`, or after `withinMs`, whichever comes first: a
 * call's own timers are cleared as it settles, but a stream's cleanup may take a turn of the event loop.
 */
export async function timersLeftAfter(baseline: number, withinMs: number): Promise<number> {
  const deadline = performance.now() + withinMs;
  // Bounded by the deadline; pause() itself is one of the timers, so it is counted out.
  while (activeTimers() > baseline && performance.now() < deadline) await pause(20);
  return Math.max(0, activeTimers() - baseline);
}
