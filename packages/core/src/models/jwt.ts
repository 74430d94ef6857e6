import * as v from "valibot";

/**
 * A public key as JWK. Plex's are Ed25519 (`kty: "OKP"`, `crv: "Ed25519"`, `alg: "EdDSA"`); a key set may
 * hold others (the newest spec says RSA), which a verifier must refuse for an EdDSA token.
 */
export interface PlexJwk {
  kty: string;
  kid?: string | null;
  crv?: string | null;
  x?: string | null;
  alg?: string | null;
  use?: string | null;
  n?: string | null;
  e?: string | null;
}

/** Plex's signing keys (`GET /api/v2/auth/keys`). Plex rotates them: a token may be signed by any. */
export interface PlexJwks {
  keys: PlexJwk[];
}

const optStr = v.nullish(v.string());

/**
 * Lenient valibot schema of `/api/v2/auth/keys`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { plexJwksSchema } from "@plex-auth/core";
 * const { keys } = v.parse(plexJwksSchema, await response.json());
 * ```
 */
export const plexJwksSchema: v.GenericSchema<unknown, PlexJwks> = v.looseObject({
  keys: v.array(
    v.looseObject({
      kty: v.string(),
      kid: optStr,
      crv: optStr,
      x: optStr,
      alg: optStr,
      use: optStr,
      n: optStr,
      e: optStr,
    }),
  ),
});

/** The `/api/v2/auth/nonce` body: `{ "nonce": "…" }`, valid 5 minutes. */
export interface NonceBody {
  nonce: string;
}

/**
 * Lenient valibot schema of `/api/v2/auth/nonce`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { nonceSchema } from "@plex-auth/core";
 * const { nonce } = v.parse(nonceSchema, await response.json());
 * ```
 */
export const nonceSchema: v.GenericSchema<unknown, NonceBody> = v.looseObject({
  nonce: v.pipe(v.string(), v.minLength(1, "expected a nonce")),
});

/** The `/api/v2/auth/token` body: `{ "auth_token": "<Plex JWT>" }` (snake case, whatever the spec says). */
export interface JwtExchangeBody {
  auth_token: string;
}

/**
 * Lenient valibot schema of `/api/v2/auth/token`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { jwtExchangeSchema } from "@plex-auth/core";
 * const { auth_token } = v.parse(jwtExchangeSchema, await response.json());
 * ```
 */
export const jwtExchangeSchema: v.GenericSchema<unknown, JwtExchangeBody> = v.looseObject({
  auth_token: v.pipe(v.string(), v.regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, "expected a JWT")),
});

/** A device's public key as Plex takes it: Ed25519, with the `kid` Plex echoes as `thumbprint`. */
export interface DevicePublicJwk {
  kty: "OKP";
  crv: "Ed25519";
  /** The raw public key, base64url (43 characters). */
  x: string;
  use: "sig";
  alg: "EdDSA";
  /** The key's id: its RFC 7638 thumbprint. */
  kid: string;
}

/** The schema of a device's public JWK in input: public parts only (a `d` is refused: never send it). */
export const devicePublicJwkSchema: v.GenericSchema<unknown, DevicePublicJwk> = v.strictObject(
  {
    kty: v.literal("OKP", 'must be "OKP" (an Ed25519 key)'),
    crv: v.literal("Ed25519", 'must be "Ed25519"'),
    x: v.pipe(
      v.string("is required: the public key, base64url"),
      v.regex(/^[\w-]{43}$/, "must be 43 base64url characters"),
    ),
    use: v.literal("sig", 'must be "sig"'),
    alg: v.literal("EdDSA", 'must be "EdDSA"'),
    kid: v.pipe(
      v.string("is required: the key's id"),
      v.regex(/^[\w.-]{8,128}$/, "must be 8 to 128 letters, digits, - _ or ."),
    ),
  },
  "must be the device's public JWK only (a private key's d is never sent)",
);
