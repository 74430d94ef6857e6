import type { MockAccount } from "../accounts.ts";
import type { DeviceKeyMaterial } from "../jwt/public-jwk.ts";
import type { Random } from "../random.ts";

/**
 * How long a 4-character PIN (for plex.tv/link) lives: 900 s, like plex.tv.
 *
 * @example
 * ```ts
 * mock.advanceTime(PIN_TTL_MS); // the 4-character PIN now answers 404, code 1020
 * ```
 */
export const PIN_TTL_MS: number = 900 * 1000;
/**
 * How long a strong 25-character PIN (for the auth app) lives: 1800 s, like plex.tv.
 *
 * @example
 * ```ts
 * mock.advanceTime(STRONG_PIN_TTL_MS); // the strong PIN has expired too
 * ```
 */
export const STRONG_PIN_TTL_MS: number = 1800 * 1000;

/** How many PINs the mock keeps at most; past it, the expired go first, then the oldest. */
export const MAX_KEPT_PINS = 10_000;

const SHORT_CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const STRONG_CODE_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const SHORT_CODE_LENGTH = 4;
const STRONG_CODE_LENGTH = 25;
// plex.tv's PIN ids have 9 digits.
const FIRST_PIN_ID = 100_000_000;
const LAST_PIN_ID = 999_999_999;

/** A PIN as the mock keeps it. */
export interface PinRecord {
  readonly id: number;
  readonly code: string;
  readonly strong: boolean;
  /** The client identifier that created it: only it may poll the PIN (unless the mock allows others). */
  readonly clientIdentifier: string;
  /** The X-Plex-* headers of the creating device: the approved token's device gets them. */
  readonly details: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly expiresAt: number;
  /** The device's public key, for a PIN of the JWT flow's PIN + JWK route (FLOWS.md §2.3). */
  readonly jwk: DeviceKeyMaterial | undefined;
  /** The `Origin` header of the request that created it: the auth app's `forwardUrl` must be on its host. */
  readonly origin: string | undefined;
  /** The legacy token of the approving account's device; a JWK PIN never gets one (its poll mints a Plex JWT). */
  authToken: string | null;
  /** Who approved it, once someone did. */
  approvedBy: MockAccount | undefined;
  newRegistration: boolean | null;
}

/** What a new PIN needs. */
export interface PinRequest {
  readonly clientIdentifier: string;
  readonly details: Readonly<Record<string, string>>;
  readonly strong: boolean;
  /** The device's public key, when the PIN is made with one (PIN + JWK). */
  readonly jwk?: DeviceKeyMaterial | undefined;
  /** The creating request's `Origin` header, if it had one. */
  readonly origin?: string | undefined;
}

// Codes are typed by people (4 characters) or carried in URLs (25): either way, case is not significant.
function codeKey(code: string): string {
  return code.toLowerCase();
}

/** plex.tv's "Sign in with Plex" PINs: created, polled until they expire, approved by an account. */
export class Pins {
  // In creation order, so the oldest are at the front.
  readonly #byId = new Map<number, PinRecord>();
  readonly #idByCode = new Map<string, number>();
  readonly #random: Random;
  readonly #maxKept: number;
  #nextId: number;

  constructor(random: Random, maxKept: number = MAX_KEPT_PINS) {
    this.#random = random;
    this.#maxKept = maxKept;
    // A seed-derived start, low enough in the 9-digit range to count up for a long time.
    this.#nextId = FIRST_PIN_ID + Math.floor(random.next() * 400_000_000);
  }

  create(request: PinRequest, now: number): PinRecord {
    this.#makeRoom(now);
    const pin: PinRecord = {
      id: this.#takeId(),
      code: this.#freshCode(request.strong),
      strong: request.strong,
      clientIdentifier: request.clientIdentifier,
      details: { ...request.details },
      createdAt: now,
      expiresAt: now + (request.strong ? STRONG_PIN_TTL_MS : PIN_TTL_MS),
      jwk: request.jwk,
      origin: request.origin,
      authToken: null,
      approvedBy: undefined,
      newRegistration: null,
    };
    this.#byId.set(pin.id, pin);
    this.#idByCode.set(codeKey(pin.code), pin.id);
    return pin;
  }

  /** The live PIN with this id; an expired one is forgotten. */
  find(id: number, now: number): PinRecord | undefined {
    const pin = this.#byId.get(id);
    if (pin && now >= pin.expiresAt) {
      this.#delete(pin);
      return undefined;
    }
    return pin;
  }

  /** The live PIN with this code, in any case. */
  findByCode(code: string, now: number): PinRecord | undefined {
    const id = this.#idByCode.get(codeKey(code));
    return id === undefined ? undefined : this.find(id, now);
  }

  get size(): number {
    return this.#byId.size;
  }

  #delete(pin: PinRecord): void {
    this.#byId.delete(pin.id);
    // Only its own entry: a newer PIN may have been given the same code after 16 collisions.
    if (this.#idByCode.get(codeKey(pin.code)) === pin.id) this.#idByCode.delete(codeKey(pin.code));
  }

  /** Bounds memory: when full, drop every expired PIN, then the oldest if that was not enough. */
  #makeRoom(now: number): void {
    if (this.#byId.size < this.#maxKept) return;
    for (const pin of [...this.#byId.values()]) if (now >= pin.expiresAt) this.#delete(pin);
    const oldest = this.#byId.values().next();
    if (this.#byId.size >= this.#maxKept && !oldest.done) this.#delete(oldest.value);
  }

  #takeId(): number {
    // Bounded: at most #maxKept ids are in use, so a free one is at most that many steps away.
    for (let step = 0; step <= this.#maxKept; step++) {
      const id = this.#nextId;
      this.#nextId = id >= LAST_PIN_ID ? FIRST_PIN_ID : id + 1;
      if (!this.#byId.has(id)) return id;
    }
    throw new Error("mock pins: no free PIN id");
  }

  #freshCode(strong: boolean): string {
    const [length, alphabet] = strong
      ? [STRONG_CODE_LENGTH, STRONG_CODE_ALPHABET]
      : [SHORT_CODE_LENGTH, SHORT_CODE_ALPHABET];
    let code = this.#random.string(length, alphabet);
    // Bounded: even with every PIN kept, 36^4 codes leave a collision rare enough that 16 tries suffice.
    for (let tries = 0; this.#idByCode.has(codeKey(code)) && tries < 16; tries++) {
      code = this.#random.string(length, alphabet);
    }
    return code;
  }
}
