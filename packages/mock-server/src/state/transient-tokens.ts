import type { MockAccount } from "../accounts.ts";
import type { Random } from "../random.ts";
import { RingBuffer } from "../ring-buffer.ts";

/** How many of the most recently minted transient tokens `mock.issuedTokens()` remembers. */
export const REMEMBERED_TRANSIENT_TOKENS = 10_000;

interface TransientRecord {
  /** The account or server access token it was made from (directly, or through other transient tokens). */
  readonly rootToken: string;
  readonly expiresAt: number;
}

/** What a transient token turned out to be. */
export type TransientLookup =
  | { readonly status: "valid"; readonly rootToken: string }
  | { readonly status: "expired" }
  | { readonly status: "unknown" };

/**
 * The Plex Media Server's transient tokens: minted per server instance, as powerful as the token they
 * were made from, expiring after the TTL, and all gone when the server restarts.
 */
export class TransientTokens {
  // In minting order, so the expired ones are at the front.
  #live = new Map<string, TransientRecord>();
  // The last transient tokens minted, across restarts, so tests can check none of them leaked. Bounded:
  // a long-running mock (an MCP server on `--mock`) must not grow without end.
  readonly #recentlyMinted = new RingBuffer<string>(REMEMBERED_TRANSIENT_TOKENS);
  readonly #random: Random;
  readonly #ttlMs: number;

  constructor(random: Random, ttlMs: number) {
    this.#random = random;
    this.#ttlMs = ttlMs;
  }

  mint(rootToken: string, now: number): string {
    // Drop the tokens that have expired (they only answer 401 now), oldest first.
    for (const [expired, record] of this.#live) {
      if (now < record.expiresAt) break;
      this.#live.delete(expired);
    }
    const token = `transient-${this.#random.uuid()}`;
    this.#live.set(token, { rootToken, expiresAt: now + this.#ttlMs });
    this.#recentlyMinted.push(token);
    return token;
  }

  lookup(token: string, now: number): TransientLookup {
    const record = this.#live.get(token);
    if (!record) return { status: "unknown" };
    if (now >= record.expiresAt) {
      this.#live.delete(token);
      return { status: "expired" };
    }
    return { status: "valid", rootToken: record.rootToken };
  }

  /** A server restart: every transient token dies. */
  clear(): void {
    this.#live = new Map();
  }

  revoke(token: string): boolean {
    return this.#live.delete(token);
  }

  /** The last {@link REMEMBERED_TRANSIENT_TOKENS} tokens minted, expired and restart-killed ones included. */
  tokens(): string[] {
    return this.#recentlyMinted.toArray();
  }
}

/** Who a token on a PMS route speaks for. */
export interface ServerPrincipal {
  readonly account: MockAccount;
  /** The account or server access token at the root of the chain (itself, when it is not transient). */
  readonly rootToken: string;
  readonly transient: boolean;
  /** Whether the root is this server's access token (from `/api/v2/resources`) rather than an account token. */
  readonly viaServerToken: boolean;
}
