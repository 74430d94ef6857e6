/** The mock's idea of the current time: an injected clock plus whatever `advanceTime` added. */
export interface MockClock {
  /** Milliseconds since the epoch, as the mock sees them. */
  now(): number;
  /** Moves the mock's time forward by `ms` (tokens expire, lockouts lift, TOTP codes change). */
  advance(ms: number): void;
}

export function createClock(base: () => number): MockClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advanceTime(ms) needs a finite, non-negative number");
      offset += ms;
    },
  };
}
