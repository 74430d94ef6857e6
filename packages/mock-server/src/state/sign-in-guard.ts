interface ClientFailures {
  count: number;
  lockedUntil: number;
}

/**
 * plex.tv's defences against guessing: repeated failed sign-ins from one client lock it out (code 1031)
 * for a while, and a two-factor code is accepted only once.
 *
 * Real plex.tv counts per IP address; the mock counts per `X-Plex-Client-Identifier`, because `mock.fetch`
 * has no address and tests want clients that do not affect each other.
 */
export class SignInGuard {
  readonly #failures = new Map<string, ClientFailures>();
  readonly #usedCodes = new Map<string, Set<number>>();
  readonly #threshold: number;
  readonly #lockoutMs: number;

  constructor(threshold: number, lockoutMs: number) {
    this.#threshold = threshold;
    this.#lockoutMs = lockoutMs;
  }

  isLockedOut(client: string, now: number): boolean {
    const entry = this.#failures.get(client);
    if (!entry || entry.lockedUntil === 0) return false;
    if (now < entry.lockedUntil) return true;
    this.#failures.delete(client);
    return false;
  }

  recordFailure(client: string, now: number): void {
    const entry = this.#failures.get(client) ?? { count: 0, lockedUntil: 0 };
    entry.count++;
    if (entry.count >= this.#threshold) entry.lockedUntil = now + this.#lockoutMs;
    this.#failures.set(client, entry);
  }

  recordSuccess(client: string): void {
    this.#failures.delete(client);
  }

  /** Marks a TOTP step as used for an account; false when it already was (a replayed code). */
  useCode(accountKey: string, counter: number): boolean {
    const used = this.#usedCodes.get(accountKey) ?? new Set<number>();
    if (used.has(counter)) return false;
    used.add(counter);
    // Only the steps around now can ever match again; keep the set small.
    for (const old of used) if (old < counter - 2) used.delete(old);
    this.#usedCodes.set(accountKey, used);
    return true;
  }
}
