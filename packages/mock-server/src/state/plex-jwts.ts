import type { MockAccount, MockAccountKey } from "../accounts.ts";
import type { PlexSigningKeys } from "./plex-signing-keys.ts";

/** How many Plex JWTs the mock remembers; older ones are forgotten (and so no longer accepted). */
export const REMEMBERED_PLEX_JWTS = 10_000;

/** A Plex JWT the mock issued. */
export interface PlexJwtRecord {
  readonly account: MockAccount;
  /** The device it was issued to (the second `aud`). */
  readonly clientIdentifier: string;
  /** `exp`, in mock-clock milliseconds. */
  readonly expiresAt: number;
  /** The generation of the signing key, to know when that key was rotated out. */
  readonly keyGeneration: number;
}

interface StoredJwt extends PlexJwtRecord {
  state: "live" | "revoked" | "signed-out";
}

/** What a Plex JWT used as a token turned out to be. */
export type PlexJwtLookup =
  | { readonly status: "valid"; readonly account: MockAccount; readonly clientIdentifier: string }
  | { readonly status: "expired" }
  | { readonly status: "revoked" }
  | { readonly status: "unknown" };

function deviceKey(account: MockAccount, clientIdentifier: string): string {
  return `${account.key}\u0000${clientIdentifier}`;
}

/**
 * The Plex JWTs the mock issued, so that they work as tokens: a JWT is accepted when the mock issued it, the
 * key that signed it is still listed at `/auth/keys`, and it was not signed out or revoked. A token the mock
 * did not issue, a forged or altered one included, is unknown: only the mock holds its private keys, so a
 * JWT that verifies with them is one it issued and remembers (the last 10,000; older ones are unknown).
 */
export class PlexJwts {
  // In issuing order, so the oldest are at the front.
  readonly #byToken = new Map<string, StoredJwt>();
  // The devices a JWT was ever issued to (bounded like the tokens), to tell the first JWT of a device.
  readonly #devicesIssued = new Set<string>();
  readonly #signingKeys: PlexSigningKeys;
  readonly #maxKept: number;

  constructor(signingKeys: PlexSigningKeys, maxKept: number = REMEMBERED_PLEX_JWTS) {
    this.#signingKeys = signingKeys;
    this.#maxKept = maxKept;
  }

  /** Records an issued JWT; returns whether it is the first the device ever got. */
  add(token: string, record: PlexJwtRecord): boolean {
    // An identical JWT (same claims, same key, same second) is the same token issued again: live again.
    this.#byToken.delete(token);
    this.#byToken.set(token, { ...record, state: "live" });
    if (this.#byToken.size > this.#maxKept) this.#dropOldest(this.#byToken);
    const device = deviceKey(record.account, record.clientIdentifier);
    if (this.#devicesIssued.has(device)) return false;
    this.#devicesIssued.add(device);
    if (this.#devicesIssued.size > this.#maxKept) this.#dropOldest(this.#devicesIssued);
    return true;
  }

  lookup(token: string, now: number): PlexJwtLookup {
    const stored = this.#byToken.get(token);
    // A rotated-out key verifies nothing: its tokens are as unknown as a forged one.
    if (!stored || stored.state === "signed-out" || !this.#signingKeys.isLive(stored.keyGeneration)) {
      return { status: "unknown" };
    }
    if (stored.state === "revoked") return { status: "revoked" };
    if (now >= stored.expiresAt) return { status: "expired" };
    return { status: "valid", account: stored.account, clientIdentifier: stored.clientIdentifier };
  }

  /** Signs a JWT out: unknown from now on. Returns whether it was live. */
  signOut(token: string): boolean {
    return this.#end(token, "signed-out");
  }

  /** Revokes a JWT: plex.tv answers 422 for it. Returns whether it was live. */
  revoke(token: string): boolean {
    return this.#end(token, "revoked");
  }

  /** Revokes every JWT of an account; returns how many were live. */
  revokeAccount(accountKey: MockAccountKey): number {
    let count = 0;
    for (const [token, stored] of this.#byToken) if (stored.account.key === accountKey && this.revoke(token)) count++;
    return count;
  }

  /** Every remembered JWT, signed-out, revoked and expired ones included. */
  tokens(): string[] {
    return [...this.#byToken.keys()];
  }

  #end(token: string, state: StoredJwt["state"]): boolean {
    const stored = this.#byToken.get(token);
    if (stored?.state !== "live") return false;
    stored.state = state;
    return true;
  }

  #dropOldest(collection: Map<string, unknown> | Set<string>): void {
    const oldest = collection.keys().next();
    if (!oldest.done) collection.delete(oldest.value);
  }
}
