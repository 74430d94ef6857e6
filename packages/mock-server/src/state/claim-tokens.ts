import type { Random } from "../random.ts";

/**
 * How long a claim token lives: 4 minutes on the mock clock, like plex.tv's.
 *
 * @example
 * ```ts
 * mock.advanceTime(CLAIM_TOKEN_TTL_MS);
 * mock.claimTokenStatus(claim); // "expired"
 * ```
 */
export const CLAIM_TOKEN_TTL_MS: number = 4 * 60 * 1000;

/** How many claim tokens the mock remembers (for their status and `issuedTokens()`); the oldest go first. */
export const REMEMBERED_CLAIM_TOKENS = 10_000;

/**
 * What became of a claim token: still usable, past its 4 minutes, or never issued by this mock (or issued
 * so long ago that it was forgotten).
 *
 * @example
 * ```ts
 * const status: MockClaimTokenStatus = mock.claimTokenStatus("claim-abc"); // "unknown"
 * ```
 */
export type MockClaimTokenStatus = "live" | "expired" | "unknown";

const CLAIM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
const CLAIM_BODY_LENGTH = 20;

/** plex.tv's claim tokens (`GET /api/claim/token.json`), which link a new server to an account. */
export class ClaimTokens {
  // Token -> expiry, in minting order, so the oldest are at the front.
  readonly #expiries = new Map<string, number>();
  readonly #random: Random;

  constructor(random: Random) {
    this.#random = random;
  }

  mint(now: number): string {
    let token = `claim-${this.#random.string(CLAIM_BODY_LENGTH, CLAIM_ALPHABET)}`;
    // Bounded: a collision among 64^20 values is not going to repeat 8 times.
    for (let tries = 0; this.#expiries.has(token) && tries < 8; tries++) {
      token = `claim-${this.#random.string(CLAIM_BODY_LENGTH, CLAIM_ALPHABET)}`;
    }
    this.#expiries.set(token, now + CLAIM_TOKEN_TTL_MS);
    if (this.#expiries.size > REMEMBERED_CLAIM_TOKENS) {
      const oldest = this.#expiries.keys().next();
      if (!oldest.done) this.#expiries.delete(oldest.value);
    }
    return token;
  }

  status(token: string, now: number): MockClaimTokenStatus {
    const expiresAt = this.#expiries.get(token);
    if (expiresAt === undefined) return "unknown";
    return now < expiresAt ? "live" : "expired";
  }

  tokens(): string[] {
    return [...this.#expiries.keys()];
  }
}
