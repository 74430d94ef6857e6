/**
 * RFC 6238 time-based one-time passwords (HMAC-SHA1, 30 s steps, 6 digits: what authenticator apps and
 * plex.tv use), with Web Crypto only so the mock runs on every runtime.
 */

const BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** Seconds per TOTP step. */
export const TOTP_PERIOD_SECONDS = 30;
/** Digits per TOTP code. */
export const TOTP_DIGITS = 6;

/**
 * Decodes an RFC 4648 base32 secret, as shown by authenticator set-up screens (case, spaces and `=`
 * padding ignored).
 *
 * @example
 * ```ts
 * decodeBase32("GEZDGNBV"); // Uint8Array [0x31, 0x32, 0x33, 0x34, 0x35] ("12345")
 * ```
 */
export function decodeBase32(secret: string): Uint8Array {
  const clean = secret.replace(/[\s=]/g, "").toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const character of clean) {
    const value = BASE32.indexOf(character);
    if (value < 0) throw new TypeError("the TOTP secret must be base32 (A-Z and 2-7)");
    buffer = (buffer << 5) | value;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >>> bits) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

/** The TOTP step a moment falls in. */
export function totpCounter(atMs: number): number {
  return Math.floor(atMs / 1000 / TOTP_PERIOD_SECONDS);
}

/** RFC 4226 HOTP for one counter value. */
export async function hotp(key: Uint8Array, counter: number, digits: number = TOTP_DIGITS): Promise<string> {
  const message = new Uint8Array(8);
  // The counter is a 64-bit big-endian integer; ours fit in 53 bits.
  let rest = counter;
  for (let index = 7; index >= 0; index--) {
    message[index] = rest % 256;
    rest = Math.floor(rest / 256);
  }
  const cryptoKey = await globalThis.crypto.subtle.importKey(
    "raw",
    key as Uint8Array<ArrayBuffer>,
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await globalThis.crypto.subtle.sign("HMAC", cryptoKey, message));
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary =
    (((mac[offset] as number) & 0x7f) << 24) |
    ((mac[offset + 1] as number) << 16) |
    ((mac[offset + 2] as number) << 8) |
    (mac[offset + 3] as number);
  return String(binary % 10 ** digits).padStart(digits, "0");
}

/**
 * The TOTP code of a base32 secret at a moment (default: now), as an authenticator app shows it. Codes are
 * strings: leading zeros matter.
 *
 * @example
 * ```ts
 * import { MOCK_ACCOUNTS, totpCode } from "@plex-auth/mock-server";
 * const code = await totpCode(MOCK_ACCOUNTS.twoFactor.totpSecret, Date.now()); // e.g. "042917"
 * ```
 */
export async function totpCode(secret: string, atMs: number = Date.now()): Promise<string> {
  return hotp(decodeBase32(secret), totpCounter(atMs));
}

/**
 * Checks a code against the steps around `atMs` (one step either side, for clock drift, like plex.tv) and
 * returns the counter it matched, or `undefined`.
 */
export async function matchTotp(secret: string, code: string, atMs: number): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const key = decodeBase32(secret);
  const current = totpCounter(atMs);
  for (const counter of [current, current - 1, current + 1]) {
    if ((await hotp(key, counter)) === code) return counter;
  }
  return undefined;
}
