import { randomBytes } from "node:crypto";
import type { PlexPin } from "@plex-auth/core";

/** A "Sign in with Plex" this session started and has not finished: the PIN stays here, the model holds `handle`. */
export interface PendingSignIn {
  /** What the model passes to `wait_for_plex_sign_in`: random, and meaningful only in this session. */
  readonly handle: string;
  readonly pin: PlexPin;
  /** When the PIN stops working, on this server's clock. */
  readonly expiresAt: number;
}

/** Sign-ins one session may have waiting at once; a new one replaces the oldest. */
export const MAX_PENDING_SIGN_INS = 3;
const STRONG_LIFETIME_MS = 30 * 60_000;
const SHORT_LIFETIME_MS = 15 * 60_000;

/** A handle: 18 random bytes, base64url (24 characters). */
function newHandle(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * The sign-ins a session is waiting on, bounded ({@link MAX_PENDING_SIGN_INS}) and forgotten when their PIN
 * expires. The PIN's id (a bearer handle on plex.tv) never leaves the server: the model gets a handle of
 * this session's own, which another session cannot use.
 *
 * @example
 * ```ts
 * const pending = session.pendingSignIns.add(pin, Date.now());
 * session.pendingSignIns.find(pending.handle, Date.now())?.pin.code;
 * ```
 */
export class PendingSignIns {
  readonly #byHandle = new Map<string, PendingSignIn>();

  add(pin: PlexPin, now: number): PendingSignIn {
    for (const [handle, pending] of this.#byHandle) if (now >= pending.expiresAt) this.#byHandle.delete(handle);
    while (this.#byHandle.size >= MAX_PENDING_SIGN_INS) {
      const oldest = this.#byHandle.keys().next();
      if (oldest.done) break;
      this.#byHandle.delete(oldest.value);
    }
    const lifetime =
      typeof pin.expiresIn === "number" && pin.expiresIn > 0
        ? Math.min(pin.expiresIn * 1000, STRONG_LIFETIME_MS)
        : pin.code.length > 8
          ? STRONG_LIFETIME_MS
          : SHORT_LIFETIME_MS;
    const pending: PendingSignIn = { handle: newHandle(), pin, expiresAt: now + lifetime };
    this.#byHandle.set(pending.handle, pending);
    return pending;
  }

  /** The live sign-in with this handle; an expired one is forgotten. */
  find(handle: string, now: number): PendingSignIn | undefined {
    const pending = this.#byHandle.get(handle);
    if (pending && now >= pending.expiresAt) {
      this.#byHandle.delete(handle);
      return undefined;
    }
    return pending;
  }

  forget(handle: string): void {
    this.#byHandle.delete(handle);
  }

  get size(): number {
    return this.#byHandle.size;
  }
}
