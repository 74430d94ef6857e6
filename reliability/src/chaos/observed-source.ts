import type { JwtTokenSource } from "@plex-auth/core/jwt";

/** A token source passed on as is, that also knows when every refresh (a caller's, or one behind it) has settled. */
export interface ObservedSource {
  /** What the client gets as `token`: the source itself, each call's promise kept until it settles. */
  readonly token: JwtTokenSource;
  /**
   * Settles once no call of the source is pending. A caller that timed out has left, but the refresh it
   * joined goes on (it serves the next caller); a round is over only once that refresh is too.
   */
  settled(withinMs: number): Promise<boolean>;
}

export function observeSource(source: JwtTokenSource): ObservedSource {
  const pending = new Set<Promise<string>>();
  const keep = (promise: Promise<string>): Promise<string> => {
    pending.add(promise);
    const done = () => pending.delete(promise);
    promise.then(done, done);
    return promise;
  };
  const token = Object.assign(() => keep(source()), {
    invalidate: (refused: string) => source.invalidate(refused),
    refresh: () => keep(source.refresh()),
    idle: () => source.idle(),
  });
  return {
    token,
    async settled(withinMs) {
      const deadline = performance.now() + withinMs;
      // Bounded by the deadline: a refresh that never settles is reported, not waited for forever.
      // A due JWT is served at once and refreshed behind the call: the round is over once that refresh
      // is too (the source's idle), not only its callers.
      let idle = false;
      while ((pending.size > 0 || !idle) && performance.now() < deadline) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const late = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, Math.max(0, deadline - performance.now()));
        });
        const quiet = Promise.allSettled([...pending]).then(() => source.idle());
        idle = await Promise.race([quiet.then(() => pending.size === 0), late.then(() => false)]);
        clearTimeout(timer);
      }
      return pending.size === 0 && idle;
    },
  };
}
