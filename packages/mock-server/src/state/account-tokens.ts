import type { MockAccount } from "../accounts.ts";
import type { Random } from "../random.ts";

/**
 * A device signed in to an account: plex.tv registers one per `X-Plex-Client-Identifier`.
 *
 * @example
 * ```ts
 * const devices: readonly MockDevice[] = mock.devices("twoFactor");
 * console.log(devices.map((device) => device.details["X-Plex-Product"]));
 * ```
 */
export interface MockDevice {
  readonly accountKey: MockAccount["key"];
  readonly clientIdentifier: string;
  /** The `X-Plex-*` headers the device identified itself with (product, version, platform, …). */
  readonly details: Readonly<Record<string, string>>;
  /** Mock-clock milliseconds. */
  readonly createdAt: number;
  readonly lastSeenAt: number;
  /** Whether the device's token was revoked ("sign out" / "sign out all devices"). */
  readonly revoked: boolean;
}

interface DeviceRecord {
  account: MockAccount;
  clientIdentifier: string;
  token: string;
  details: Record<string, string>;
  createdAt: number;
  lastSeenAt: number;
  revoked: boolean;
  /** Signed out (`DELETE /users/signout`): the token is unknown everywhere, and the device is gone. */
  signedOut: boolean;
}

/** What a plex.tv token turned out to be. */
export type AccountTokenLookup =
  | { readonly status: "valid"; readonly account: MockAccount; readonly clientIdentifier: string }
  | { readonly status: "revoked" }
  | { readonly status: "unknown" };

const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
// plex.tv account tokens are 20 characters.
const TOKEN_LENGTH = 20;

/**
 * plex.tv's devices and account tokens. One token per (account, client identifier): signing in again from
 * the same device returns the same token, until it is revoked.
 */
export class AccountTokens {
  readonly #byToken = new Map<string, DeviceRecord>();
  readonly #byDevice = new Map<string, DeviceRecord>();
  readonly #random: Random;

  constructor(random: Random, now: number, accounts: readonly MockAccount[]) {
    this.#random = random;
    for (const account of accounts) {
      this.#add({
        account,
        clientIdentifier: `mock-seeded-device-${account.key}`,
        token: account.token,
        details: { "X-Plex-Product": "plex-auth mock seed" },
        createdAt: now,
        lastSeenAt: now,
        revoked: false,
        signedOut: false,
      });
    }
  }

  #add(record: DeviceRecord): void {
    this.#byToken.set(record.token, record);
    this.#byDevice.set(`${record.account.key}\u0000${record.clientIdentifier}`, record);
  }

  /** Signs a device in: registers it (or refreshes its details) and returns its token. */
  signIn(account: MockAccount, clientIdentifier: string, details: Record<string, string>, now: number): string {
    const existing = this.#byDevice.get(`${account.key}\u0000${clientIdentifier}`);
    if (existing && !existing.revoked && !existing.signedOut) {
      existing.details = details;
      existing.lastSeenAt = now;
      return existing.token;
    }
    let token = this.#random.string(TOKEN_LENGTH, TOKEN_ALPHABET);
    // Bounded: a collision among 62^20 values is not going to repeat 8 times.
    for (let tries = 0; this.#byToken.has(token) && tries < 8; tries++) {
      token = this.#random.string(TOKEN_LENGTH, TOKEN_ALPHABET);
    }
    this.#add({
      account,
      clientIdentifier,
      token,
      details,
      createdAt: now,
      lastSeenAt: now,
      revoked: false,
      signedOut: false,
    });
    return token;
  }

  lookup(token: string, now?: number): AccountTokenLookup {
    const record = this.#byToken.get(token);
    // plex.tv forgets a signed-out token (401), unlike a revoked one (422).
    if (!record || record.signedOut) return { status: "unknown" };
    if (record.revoked) return { status: "revoked" };
    if (now !== undefined) record.lastSeenAt = now;
    return { status: "valid", account: record.account, clientIdentifier: record.clientIdentifier };
  }

  /** Revokes a token; returns whether it was a live account token. */
  revoke(token: string): boolean {
    const record = this.#byToken.get(token);
    if (!record || record.revoked || record.signedOut) return false;
    record.revoked = true;
    return true;
  }

  /**
   * Signs a token out: from now on it is unknown (401), and its device leaves the account. The token stays
   * in {@link tokens}, so tests can still check that it never leaked. Returns whether it was live.
   */
  signOut(token: string): boolean {
    const record = this.#byToken.get(token);
    if (!record || record.revoked || record.signedOut) return false;
    record.signedOut = true;
    return true;
  }

  /** Revokes the token of one device (account and client identifier); returns whether it was live. */
  revokeDevice(accountKey: MockAccount["key"], clientIdentifier: string): boolean {
    const record = this.#byDevice.get(`${accountKey}\u0000${clientIdentifier}`);
    return record === undefined ? false : this.revoke(record.token);
  }

  /** Revokes every token of an account ("sign out of all devices"); returns how many were live. */
  revokeAccount(accountKey: MockAccount["key"]): number {
    let count = 0;
    for (const record of this.#byToken.values()) {
      if (record.account.key === accountKey && !record.revoked && !record.signedOut) {
        record.revoked = true;
        count++;
      }
    }
    return count;
  }

  /** The devices signed in (or revoked); signed-out ones have left the account. */
  devices(): MockDevice[] {
    const present = [...this.#byToken.values()].filter((record) => !record.signedOut);
    return present.map((record) => ({
      accountKey: record.account.key,
      clientIdentifier: record.clientIdentifier,
      details: { ...record.details },
      createdAt: record.createdAt,
      lastSeenAt: record.lastSeenAt,
      revoked: record.revoked,
    }));
  }

  /** Every token handed out, signed-out and revoked ones included. */
  tokens(): string[] {
    return [...this.#byToken.keys()];
  }
}
