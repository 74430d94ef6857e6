import { randomBytes } from "node:crypto";
import type { PlexPin } from "@plex-auth/core";

/** A "Sign in with Plex" this session started and has not finished: the PIN stays here, the model holds `handle`. */
export interface PendingSignIn {
  /** What the model passes to `wait_for_plex_sign_in`: random, and meaningful only in this session. */
  readonly handle: string;
  readonly pin: PlexPin;
  /** When the PIN stops working, on this server's clock. */
  readonly expiresAt: number;
  /** The session's sign-out count when it started: a sign-out since then means its approval is not adopted. */
  readonly era: number;
}

/** Sign-ins one session may have waiting at once; a new one replaces the oldest. */
export const MAX_PENDING_SIGN_INS = 3;
/** Sign-ins one session may start per {@link START_WINDOW_MS}: each makes a PIN on plex.tv. */
export const MAX_STARTS_PER_WINDOW = 10;
export const START_WINDOW_MS: number = 10 * 60_000;
// How long a finished sign-in's result is kept, so asking again with its handle answers "signed in".
const FINISHED_KEPT_MS = 10 * 60_000;
const STRONG_LIFETIME_MS = 30 * 60_000;
const SHORT_LIFETIME_MS = 15 * 60_000;

/** A handle: 18 random bytes, base64url (24 characters). */
function newHandle(): string {
  return randomBytes(18).toString("base64url");
}

function lifetimeOf(pin: PlexPin): number {
  if (typeof pin.expiresIn === "number" && pin.expiresIn > 0) return Math.min(pin.expiresIn * 1000, STRONG_LIFETIME_MS);
  return pin.code.length > 8 ? STRONG_LIFETIME_MS : SHORT_LIFETIME_MS;
}

/**
 * The sign-ins a session is waiting on: bounded ({@link MAX_PENDING_SIGN_INS} at once,
 * {@link MAX_STARTS_PER_WINDOW} started per 10 minutes), forgotten when their PIN expires or the session
 * signs out. The PIN's id (a bearer handle on plex.tv) never leaves the server: the model gets a handle of
 * this session's own, which another session cannot use. A finished one's result is kept a while, so the
 * same handle answers "signed in" again (a client that timed out just as it finished asks again).
 *
 * @example
 * ```ts
 * const pending = session.pendingSignIns.add(pin, Date.now());
 * session.pendingSignIns.find(pending?.handle ?? "", Date.now())?.pin.code;
 * ```
 */
export class PendingSignIns {
  readonly #byHandle = new Map<string, PendingSignIn>();
  readonly #finished = new Map<string, { readonly result: Record<string, unknown>; readonly until: number }>();
  #starts: number[] = [];
  #era = 0;

  /** Milliseconds until another sign-in may start, or 0 when one may now. */
  waitBeforeStart(now: number): number {
    this.#starts = this.#starts.filter((at) => now - at < START_WINDOW_MS);
    return this.#starts.length < MAX_STARTS_PER_WINDOW ? 0 : START_WINDOW_MS - (now - (this.#starts[0] as number));
  }

  add(pin: PlexPin, now: number): PendingSignIn {
    this.#starts.push(now);
    for (const [handle, pending] of this.#byHandle) if (now >= pending.expiresAt) this.#byHandle.delete(handle);
    while (this.#byHandle.size >= MAX_PENDING_SIGN_INS) {
      const oldest = this.#byHandle.keys().next();
      if (oldest.done) break;
      this.#byHandle.delete(oldest.value);
    }
    const pending: PendingSignIn = { handle: newHandle(), pin, expiresAt: now + lifetimeOf(pin), era: this.#era };
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

  /** Whether a sign-in's approval may still become the session's: no sign-out since it started. */
  current(pending: PendingSignIn): boolean {
    return pending.era === this.#era;
  }

  /** Marks it finished, keeping its result for the same handle a while. */
  finish(handle: string, result: Record<string, unknown>, now: number): void {
    this.#byHandle.delete(handle);
    for (const [kept, finished] of this.#finished) if (now >= finished.until) this.#finished.delete(kept);
    this.#finished.set(handle, { result, until: now + FINISHED_KEPT_MS });
  }

  /** The result of a sign-in that finished with this handle, if it is still kept. */
  finished(handle: string, now: number): Record<string, unknown> | undefined {
    const finished = this.#finished.get(handle);
    return finished && now < finished.until ? finished.result : undefined;
  }

  forget(handle: string): void {
    this.#byHandle.delete(handle);
  }

  /** The session signed out: nothing waiting may sign it in again. */
  clear(): void {
    this.#byHandle.clear();
    this.#finished.clear();
    this.#era++;
  }

  get size(): number {
    return this.#byHandle.size;
  }
}
