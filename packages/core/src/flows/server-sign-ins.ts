import type { PlexPin } from "../models/pin.ts";

/** One sign-in a server started for a browser: the PIN stays here, the browser holds only `id`. */
export interface ServerSignIn {
  /** The opaque id the browser polls with. */
  readonly id: string;
  /** The browser's binding secret (its cookie): only that browser may read or cancel this sign-in. */
  readonly browser: string;
  readonly pin: Pick<PlexPin, "id" | "code">;
  /** When the PIN stops working, on this server's clock. */
  readonly expiresAt: number;
  /** When plex.tv was last asked: the browser's polls reach it at most once per interval. */
  lastPolledAt: number;
  /** The poll in flight, which concurrent status requests share. */
  inFlight: Promise<unknown> | undefined;
  /** The token, once approved, until it is handed to `onSignedIn` (kept for a retry when that failed transiently). */
  approvedToken: string | undefined;
  /** Whether a status request is handing it over now: the others do not. */
  finishing: boolean;
}

const ID_BYTES = 32;
// A PIN lives 30 minutes at most, whatever a server's countdown says.
const MAX_LIFETIME_MS = 31 * 60_000;
const STRONG_LIFETIME_MS = 30 * 60_000;
/** Sign-ins one browser may have at once; a new one replaces its oldest (a person retrying, not a crowd). */
export const MAX_SIGN_INS_PER_BROWSER = 5;

/** 32 random bytes, base64url: an id or a browser secret nobody can guess. */
export function randomHandle(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(ID_BYTES));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** Whether a string is shaped like a handle from {@link randomHandle} (checked before any lookup). */
export function isHandle(value: string | null | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

// Same time whatever the first differing character: a browser secret is compared to one sent by anyone.
function sameSecret(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let index = 0; index < a.length; index++) difference |= a.charCodeAt(index) ^ b.charCodeAt(index);
  return difference === 0;
}

/** Milliseconds a PIN has left when read: by its countdown, else the lifetime of a strong PIN. */
export function pinLifetimeMs(pin: PlexPin): number {
  const lifetime = typeof pin.expiresIn === "number" && pin.expiresIn > 0 ? pin.expiresIn * 1000 : STRONG_LIFETIME_MS;
  return Math.min(lifetime, MAX_LIFETIME_MS);
}

/**
 * The sign-ins in progress, in memory, bounded: at most `capacity` at once (expired ones dropped first,
 * room reserved before plex.tv is asked for a PIN so concurrent starts cannot overshoot), at most
 * {@link MAX_SIGN_INS_PER_BROWSER} per browser, each found only by its id together with the secret of the
 * browser that started it, and removed once answered as done, expired, failed or cancelled: an id works once.
 */
export class ServerSignIns {
  readonly #byId = new Map<string, ServerSignIn>();
  readonly #capacity: number;
  readonly #dropped: (token: string) => void;
  #reserved = 0;

  /** `dropped` gets the token of an approved sign-in forgotten before it was handed over (to sign it out). */
  constructor(capacity: number, dropped: (token: string) => void) {
    this.#capacity = capacity;
    this.#dropped = dropped;
  }

  /** Holds a place for a sign-in about to be made; `false` when full. Pair with {@link add} or {@link release}. */
  reserve(now: number): boolean {
    if (this.#byId.size + this.#reserved >= this.#capacity) {
      for (const signIn of [...this.#byId.values()]) if (now >= signIn.expiresAt) this.#forget(signIn);
    }
    if (this.#byId.size + this.#reserved >= this.#capacity) return false;
    this.#reserved++;
    return true;
  }

  release(): void {
    this.#reserved = Math.max(0, this.#reserved - 1);
  }

  /** Turns a reservation into a sign-in; the browser's oldest goes when it has too many. */
  add(browser: string, pin: PlexPin, now: number): ServerSignIn {
    this.release();
    const ofBrowser = [...this.#byId.values()].filter((signIn) => sameSecret(signIn.browser, browser));
    if (ofBrowser.length >= MAX_SIGN_INS_PER_BROWSER) this.#forget(ofBrowser[0] as ServerSignIn);
    const signIn: ServerSignIn = {
      id: randomHandle(),
      browser,
      pin: { id: pin.id, code: pin.code },
      expiresAt: now + pinLifetimeMs(pin),
      lastPolledAt: now,
      inFlight: undefined,
      approvedToken: undefined,
      finishing: false,
    };
    this.#byId.set(signIn.id, signIn);
    return signIn;
  }

  /** The sign-in with this id, if `browser` is the one that started it; anyone else learns nothing. */
  find(id: string | null, browser: string | undefined): ServerSignIn | undefined {
    if (!isHandle(id) || !isHandle(browser)) return undefined;
    const signIn = this.#byId.get(id);
    return signIn && sameSecret(signIn.browser, browser) ? signIn : undefined;
  }

  /** Removes it; `true` when it was still there (so only one caller ever finishes a sign-in). */
  take(signIn: ServerSignIn): boolean {
    return this.#byId.delete(signIn.id);
  }

  /** Removes it, signing out a token nobody received. */
  #forget(signIn: ServerSignIn): void {
    if (this.take(signIn) && signIn.approvedToken !== undefined && !signIn.finishing)
      this.#dropped(signIn.approvedToken);
  }

  get size(): number {
    return this.#byId.size;
  }
}
