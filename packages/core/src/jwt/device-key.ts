import { calculateJwkThumbprint } from "jose";
import { InvalidInputError } from "../errors/local.ts";
import type { DevicePublicJwk } from "../models/jwt.ts";

/**
 * A device's Ed25519 key: the private half as a Web Crypto `CryptoKey` (its bytes are never a property
 * anyone can print), and the public half as the JWK Plex takes, with its `kid`.
 */
export interface DeviceKey {
  /** The key's id: the RFC 7638 thumbprint of the public key (no private material goes into it). */
  readonly kid: string;
  /** The public JWK to register with plex.tv: `kty OKP`, `crv Ed25519`, `use sig`, `alg EdDSA`, `kid`. */
  readonly publicJwk: DevicePublicJwk;
  /** Signs the device's client JWTs. Non-extractable unless made or imported extractable. */
  readonly privateKey: CryptoKey;
}

/** A device key as stored: the private JWK (`d` is the secret; keep the file 0600 or in a keychain). */
export interface StoredDeviceKey {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  /** The private key. A secret. */
  d: string;
  kid: string;
}

/** Options of {@link generateDeviceKey} and {@link importDeviceKey}. */
export interface DeviceKeyOptions {
  /**
   * Whether the private key may be exported (to store it with {@link exportDeviceKey}). Default `true`;
   * `false` for a browser that keeps the `CryptoKey` itself in IndexedDB, where no script can read it.
   */
  extractable?: boolean | undefined;
}

const ED25519 = { name: "Ed25519" } as const;

async function publicJwkOf(publicKey: CryptoKey): Promise<DevicePublicJwk> {
  const { x } = (await crypto.subtle.exportKey("jwk", publicKey)) as JsonWebKey;
  if (typeof x !== "string") throw new TypeError("the public key has no x");
  const kid = await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x }, "sha256");
  return { kty: "OKP", crv: "Ed25519", x, use: "sig", alg: "EdDSA", kid };
}

/**
 * Makes a new Ed25519 device key through Web Crypto (Node 20+, Deno, Bun, workerd, current browsers).
 *
 * @example
 * ```ts
 * import { generateDeviceKey, exportDeviceKey } from "@plex-auth/core/jwt";
 * const key = await generateDeviceKey();
 * await saveSomewhereSafe(await exportDeviceKey(key)); // the private JWK: a secret
 * ```
 */
export async function generateDeviceKey(options: DeviceKeyOptions = {}): Promise<DeviceKey> {
  const pair = (await crypto.subtle.generateKey(ED25519, options.extractable ?? true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const publicJwk = await publicJwkOf(pair.publicKey);
  return { kid: publicJwk.kid, publicJwk, privateKey: pair.privateKey };
}

/**
 * The device key as a private JWK, to store. Needs an extractable key.
 *
 * @example
 * ```ts
 * const stored = await exportDeviceKey(key); // { kty, crv, x, d, kid }
 * ```
 */
export async function exportDeviceKey(key: DeviceKey): Promise<StoredDeviceKey> {
  if (!key.privateKey.extractable) {
    throw new InvalidInputError({
      where: "device key",
      issues: [
        { path: "privateKey", message: "is not extractable: make the key with { extractable: true } to store it" },
      ],
    });
  }
  const { d } = (await crypto.subtle.exportKey("jwk", key.privateKey)) as JsonWebKey;
  if (typeof d !== "string") throw new TypeError("the private key has no d");
  return { kty: "OKP", crv: "Ed25519", x: key.publicJwk.x, d, kid: key.kid };
}

function isStoredKey(value: unknown): value is StoredDeviceKey {
  const key = value as Partial<StoredDeviceKey> | null;
  return (
    typeof key === "object" &&
    key !== null &&
    key.kty === "OKP" &&
    key.crv === "Ed25519" &&
    typeof key.x === "string" &&
    /^[\w-]{43}$/.test(key.x) &&
    typeof key.d === "string" &&
    /^[\w-]{43}$/.test(key.d)
  );
}

/**
 * A device key from its stored private JWK. The `kid` is computed again from the public key, so a stored
 * `kid` that does not match is refused (the file was edited or mixed up).
 *
 * @example
 * ```ts
 * const key = await importDeviceKey(JSON.parse(await readFile("device-key.json", "utf8")));
 * ```
 */
export async function importDeviceKey(stored: StoredDeviceKey, options: DeviceKeyOptions = {}): Promise<DeviceKey> {
  const refuse = (message: string) =>
    new InvalidInputError({ where: "stored device key", issues: [{ path: "key", message }] });
  if (!isStoredKey(stored)) throw refuse('must be an Ed25519 private JWK { kty: "OKP", crv: "Ed25519", x, d }');
  let privateKey: CryptoKey;
  try {
    privateKey = await crypto.subtle.importKey(
      "jwk",
      { kty: "OKP", crv: "Ed25519", x: stored.x, d: stored.d },
      ED25519,
      options.extractable ?? true,
      ["sign"],
    );
  } catch {
    // The runtime's message is not repeated: it may quote the key.
    throw refuse("is not a usable Ed25519 key");
  }
  const publicKey = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: stored.x }, ED25519, true, [
    "verify",
  ]);
  const publicJwk = await publicJwkOf(publicKey);
  if (stored.kid !== undefined && stored.kid !== publicJwk.kid) throw refuse("has a kid that is not its thumbprint");
  return { kid: publicJwk.kid, publicJwk, privateKey };
}
