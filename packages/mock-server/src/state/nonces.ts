import type { Random } from "../random.ts";

/**
 * How long a nonce from `GET /api/v2/auth/nonce` lives: 5 minutes on the mock clock, as Plex's docs say.
 *
 * @example
 * ```ts
 * mock.advanceTime(NONCE_TTL_MS); // a client JWT carrying a nonce fetched before now is refused (422)
 * ```
 */
export const NONCE_TTL_MS: number = 5 * 60 * 1000;

/** How many unspent nonces the mock keeps; past it, the expired go first, then the oldest. */
export const MAX_LIVE_NONCES = 10_000;

/**
 * The nonces of the JWT exchange. Whether Plex lets a nonce be used twice is not known (FLOWS.md §2.4);
 * the mock spends one on the exchange that succeeds with it, the stricter choice, and forgets it.
 */
export class Nonces {
  // Nonce -> expiry, in minting order: every nonce lives as long, so the first to expire are at the front.
  readonly #expiries = new Map<string, number>();
  readonly #random: Random;
  readonly #maxLive: number;

  constructor(random: Random, maxLive: number = MAX_LIVE_NONCES) {
    this.#random = random;
    this.#maxLive = maxLive;
  }

  mint(now: number): string {
    this.#makeRoom(now);
    const nonce = this.#random.uuid();
    this.#expiries.set(nonce, now + NONCE_TTL_MS);
    return nonce;
  }

  /** Whether the mock issued this nonce, less than 5 minutes ago, and it was not spent. */
  isLive(nonce: string, now: number): boolean {
    const expiresAt = this.#expiries.get(nonce);
    return expiresAt !== undefined && now < expiresAt;
  }

  /** Uses a live nonce up; returns whether it was live. */
  spend(nonce: string, now: number): boolean {
    const live = this.isLive(nonce, now);
    this.#expiries.delete(nonce);
    return live;
  }

  get size(): number {
    return this.#expiries.size;
  }

  #makeRoom(now: number): void {
    // Bounded by the map's size: it stops at the first nonce still alive.
    for (const [nonce, expiresAt] of this.#expiries) {
      if (now < expiresAt) break;
      this.#expiries.delete(nonce);
    }
    if (this.#expiries.size < this.#maxLive) return;
    const oldest = this.#expiries.keys().next();
    if (!oldest.done) this.#expiries.delete(oldest.value);
  }
}
