import { decodeBase64Url } from "./base64url.ts";

/** Web Crypto's name for Ed25519, the only algorithm of Plex's JWTs (JWS `alg: "EdDSA"`). */
const ED25519: Algorithm = { name: "Ed25519" };

/** The bytes of an Ed25519 public key or private seed. */
export const ED25519_KEY_BYTES = 32;
/** The bytes of an Ed25519 signature. */
export const ED25519_SIGNATURE_BYTES = 64;

// A PKCS #8 PrivateKeyInfo for Ed25519 (RFC 8410) is this fixed prefix and the 32-byte seed: importing it is
// the one way Web Crypto takes a key made from chosen bytes, which keeps a seeded mock's keys reproducible.
const PKCS8_ED25519_PREFIX = [
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

/** An Ed25519 key pair: the private key to sign with, and the public key as JWK `x` (base64url). */
export interface Ed25519KeyPair {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
  readonly x: string;
}

/** The Ed25519 key pair of a 32-byte seed. */
export async function keyPairFromSeed(seed: Uint8Array): Promise<Ed25519KeyPair> {
  if (seed.length !== ED25519_KEY_BYTES) throw new RangeError(`an Ed25519 seed has ${ED25519_KEY_BYTES} bytes`);
  const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + ED25519_KEY_BYTES);
  pkcs8.set(PKCS8_ED25519_PREFIX);
  pkcs8.set(seed, PKCS8_ED25519_PREFIX.length);
  // Extractable only so that its public half can be read: Web Crypto derives it nowhere else.
  const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, ED25519, true, ["sign"]);
  const { x } = await crypto.subtle.exportKey("jwk", privateKey);
  if (x === undefined) throw new Error("this runtime's Web Crypto did not export the Ed25519 public key");
  const publicKey = await importPublicKey(x);
  if (!publicKey) throw new Error("this runtime's Web Crypto exported an Ed25519 public key it cannot import");
  return { privateKey, publicKey, x };
}

/** The Ed25519 public key of a JWK's `x`, or `undefined` when `x` is not 32 bytes of base64url. */
export async function importPublicKey(x: string): Promise<CryptoKey | undefined> {
  const raw = decodeBase64Url(x);
  if (raw?.length !== ED25519_KEY_BYTES) return undefined;
  try {
    return await crypto.subtle.importKey("raw", raw, ED25519, true, ["verify"]);
  } catch {
    return undefined;
  }
}

/** An Ed25519 signature of `data`. */
export async function signEd25519(privateKey: CryptoKey, data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign(ED25519, privateKey, data));
}

/** Whether `signature` is the key's Ed25519 signature of `data` (a malformed signature is simply not). */
export async function verifyEd25519(
  publicKey: CryptoKey,
  signature: Uint8Array<ArrayBuffer>,
  data: Uint8Array<ArrayBuffer>,
): Promise<boolean> {
  if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
  try {
    return await crypto.subtle.verify(ED25519, publicKey, signature, data);
  } catch {
    return false;
  }
}
