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
}

const ID_BYTES = 32;
// A PIN lives 30 minutes at most, whatever a server's countdown says.
const MAX_LIFETIME_MS = 31 * 60_000;
const STRONG_LIFETIME_MS = 30 * 60_000;

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

/** When a PIN read at `readAt` expires: by its countdown, else by the lifetime of a strong PIN. */
export function pinDeadline(pin: PlexPin, readAt: number): number {
  const lifetime = typeof pin.expiresIn === "number" && pin.expiresIn > 0 ? pin.expiresIn * 1000 : STRONG_LIFETIME_MS;
  return readAt + Math.min(lifetime, MAX_LIFETIME_MS);
}

/**
 * The sign-ins in progress, in memory, bounded: at most `capacity` at once (expired ones are dropped
 * first), each found only by its id together with the secret of the browser that started it, and removed
 * once it has been answered as done, expired or cancelled, so an id works once.
 */
export class ServerSignIns {
  readonly #byId = new Map<string, ServerSignIn>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** Whether there is room for one more (after dropping the expired). */
  hasRoom(now: number): boolean {
    if (this.#byId.size < this.#capacity) return true;
    for (const signIn of [...this.#byId.values()]) if (now >= signIn.expiresAt) this.#byId.delete(signIn.id);
    return this.#byId.size < this.#capacity;
  }

  add(browser: string, pin: PlexPin, now: number): ServerSignIn {
    const signIn: ServerSignIn = {
      id: randomHandle(),
      browser,
      pin: { id: pin.id, code: pin.code },
      expiresAt: pinDeadline(pin, now),
      lastPolledAt: now,
      inFlight: undefined,
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

  get size(): number {
    return this.#byId.size;
  }
}
