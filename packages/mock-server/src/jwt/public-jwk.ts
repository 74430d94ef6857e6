import { importPublicKey } from "./ed25519.ts";

/**
 * An Ed25519 public key as JWK, the only shape Plex's JWT flow uses (FLOWS.md §2.1): the keys
 * `GET /api/v2/auth/keys` lists, and the device keys clients register.
 *
 * @example
 * ```ts
 * const [signing]: readonly MockPublicJwk[] = await mock.jwtKeys();
 * console.log(signing?.kid); // the RFC 7638 thumbprint of the key
 * ```
 */
export interface MockPublicJwk {
  readonly kty: "OKP";
  readonly crv: "Ed25519";
  /** The raw 32-byte public key, base64url (43 characters). */
  readonly x: string;
  readonly use: "sig";
  readonly alg: "EdDSA";
  readonly kid: string;
}

/** A device key as the mock keeps it: the JWK as registered, imported once for verifying. */
export interface DeviceKeyMaterial {
  readonly jwk: MockPublicJwk;
  readonly publicKey: CryptoKey;
}

// Private or symmetric key members (RFC 7518 §6): a JWK carrying any of them is a secret sent by mistake.
const PRIVATE_MEMBERS: readonly string[] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const MAX_KID_LENGTH = 128;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The public Ed25519 JWK in a request body, or `undefined` when it is not one: another key type or curve,
 * a private member (`d`), `alg` other than `EdDSA`, `use` other than `sig`, or no `kid` (1 to 128
 * characters; Plex treats it as an opaque string). Members beyond these (`key_ops`, `ext`) are ignored.
 */
export function parsePublicJwk(value: unknown): MockPublicJwk | undefined {
  if (!isRecord(value)) return undefined;
  if (PRIVATE_MEMBERS.some((member) => member in value)) return undefined;
  const { kty, crv, x, use, alg, kid } = value;
  if (kty !== "OKP" || crv !== "Ed25519" || use !== "sig" || alg !== "EdDSA") return undefined;
  if (typeof x !== "string" || typeof kid !== "string" || kid === "" || kid.length > MAX_KID_LENGTH) return undefined;
  return { kty, crv, x, use, alg, kid };
}

/** The device key in a request body, parsed and imported, or `undefined` when it is no public Ed25519 JWK. */
export async function importDeviceJwk(value: unknown): Promise<DeviceKeyMaterial | undefined> {
  const jwk = parsePublicJwk(value);
  const publicKey = jwk && (await importPublicKey(jwk.x));
  return jwk && publicKey ? { jwk, publicKey } : undefined;
}
