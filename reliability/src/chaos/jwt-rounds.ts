/**
 * The seeded plan of one round of the chaos over JWT refreshes: what makes the lane's token source need a
 * new JWT (the mock's clock moved within the refresh window or past the expiry, a source whose clock lags
 * behind plex.tv's answered 498, or 498s injected on the calls), whether the refresh's requests are
 * faulted, whether plex.tv rotates its keys first, and the callers that hit the source together.
 */
import type { Rng } from "../random.ts";

export type Need = "due" | "expired" | "lagging clock (498)" | "injected 498";

const NEEDS: readonly Need[] = ["due", "expired", "lagging clock (498)"];

/** A call the source's token serves; none is ever faulted, so every failure comes from the refresh. */
export type CallOperation = "ping" | "getTokenDetails";

export interface CallerPlan {
  /** How long after the round starts it calls (0 for most: they arrive together). */
  readonly delayMs: number;
  /**
   * Patient callers give the call a timeout longer than the longest refresh; the others keep the client's
   * (200 ms), and may give up waiting on a slow refresh, which goes on for the next caller.
   */
  readonly patient: boolean;
  readonly operation: CallOperation;
}

export interface RoundPlan {
  readonly index: number;
  readonly need: Need;
  /** How far before the expiry (due), or past it (expired, lagging clock), the mock's clock is moved. */
  readonly offsetMs: number;
  /** How many of the next calls get a 498 (injected 498 only). */
  readonly injected498: number;
  /**
   * How long some calls take to be answered (498 rounds): a 498 that arrives after the refresh it caused
   * ended must not throw the new token away.
   */
  readonly slowCallMs: number;
  readonly faulted: boolean;
  readonly rotateKeys: boolean;
  readonly callers: readonly CallerPlan[];
}

const DAY_MS = 24 * 60 * 60_000;

function offsetFor(need: Need, rng: Rng): number {
  switch (need) {
    case "due":
      return 1_000 + rng.int(8_000);
    case "expired":
      return rng.int(DAY_MS);
    case "lagging clock (498)":
      return 1_000 + rng.int(18_000);
    case "injected 498":
      return 0;
  }
}

export function planRound(index: number, rng: Rng): RoundPlan {
  const need: Need = rng.next() < 0.25 ? "injected 498" : rng.pick(NEEDS);
  const callers = Array.from(
    { length: 2 + rng.int(7) },
    (): CallerPlan => ({
      delayMs: rng.next() < 0.6 ? 0 : rng.int(40),
      patient: rng.next() < 0.8,
      operation: rng.next() < 0.5 ? "ping" : "getTokenDetails",
    }),
  );
  return {
    index,
    need,
    offsetMs: offsetFor(need, rng),
    injected498: need === "injected 498" ? 1 + rng.int(callers.length + 2) : 0,
    slowCallMs: need === "due" || need === "expired" ? 0 : 30 + rng.int(90),
    faulted: rng.next() < 0.8,
    rotateKeys: rng.next() < 0.3,
    callers,
  };
}
