import { decodeProtectedHeader, errors, importJWK, type JWTPayload, jwtVerify } from "jose";
import { configOf, type PlexAuthCore } from "../client-core.ts";
import type { PlexJwk } from "../models/jwt.ts";
import { getAuthKeys } from "../operations/get-auth-keys.ts";
import type { DeviceKey } from "./device-key.ts";
import { type JwtInvalidReason, JwtVerificationError } from "./errors.ts";

/** The claims of a verified Plex JWT. */
export interface PlexJwtClaims {
  iss: "plex.tv";
  /** `plex.tv` and the client identifier. */
  aud: string | string[];
  /** Epoch seconds. */
  iat: number;
  /** Epoch seconds: 7 days after `iat`. */
  exp: number;
  /** The `kid` of the device key it was issued to. */
  thumbprint: string;
  nonce?: string | undefined;
  /** The user fields the client JWT's `scope` asked for. */
  user?: Record<string, unknown> | undefined;
}

/** Options of {@link verifyPlexJwt}. */
export interface VerifyPlexJwtOptions {
  /** The device key the JWT must have been issued to (its `thumbprint`). */
  key: Pick<DeviceKey, "kid">;
  /** The `aud` it must name. Default: the client's client identifier. */
  clientIdentifier?: string | undefined;
  /** The clock, epoch milliseconds. Default `Date.now()`. */
  now?: number | undefined;
}

/** Verifies Plex JWTs against plex.tv's keys, fetched when needed and kept a few minutes. */
export interface PlexJwtVerifier {
  verify(jwt: string, options: VerifyPlexJwtOptions): Promise<PlexJwtClaims>;
}

const KEYS_TTL_MS = 5 * 60_000;
const FUTURE_IAT_TOLERANCE_S = 60;

function reasonOf(error: unknown): JwtInvalidReason | undefined {
  if (error instanceof errors.JWTExpired) return "expired";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === "iss") return "issuer";
    if (error.claim === "aud") return "audience";
    if (error.claim === "thumbprint") return "thumbprint";
    if (error.claim === "iat") return "issued_in_future";
    return "malformed";
  }
  if (error instanceof errors.JOSEAlgNotAllowed) return "algorithm";
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return "malformed";
  return undefined;
}

// Only the keys that can verify an EdDSA token: an RSA key (the newest spec models Plex's as RSA) or any
// other under the right kid must not be tried, let alone trusted.
function isEd25519(jwk: PlexJwk): boolean {
  return jwk.kty === "OKP" && jwk.crv === "Ed25519" && typeof jwk.x === "string";
}

/**
 * A verifier that selects plex.tv's key by the token's `kid`; when none matches it fetches the keys again
 * once (Plex rotates them), then tries every Ed25519 key. The rules: EdDSA only, `iss` plex.tv, `aud`
 * containing the client identifier, `thumbprint` equal to the device key's `kid`, `exp` after `iat`, `iat`
 * not over a minute in the future.
 *
 * @example
 * ```ts
 * const verifier = createPlexJwtVerifier(plex);
 * const claims = await verifier.verify(plexJwt, { key });
 * ```
 */
export function createPlexJwtVerifier(core: PlexAuthCore): PlexJwtVerifier {
  let cache: { keys: PlexJwk[]; at: number } | undefined;
  const keys = async (fresh: boolean) => {
    if (fresh || !cache || Date.now() - cache.at > KEYS_TTL_MS) {
      cache = { keys: (await getAuthKeys(core)).keys, at: Date.now() };
    }
    return cache.keys;
  };
  const candidates = async (kid: string | undefined) => {
    const byKid = (list: PlexJwk[]) => list.filter((jwk) => kid !== undefined && jwk.kid === kid);
    let found = byKid(await keys(false));
    if (found.length === 0) found = byKid(await keys(true));
    return (found.length > 0 ? found : (cache?.keys ?? [])).filter(isEd25519);
  };
  return {
    async verify(jwt, options) {
      const now = options.now ?? Date.now();
      const clientIdentifier = options.clientIdentifier ?? configOf(core).identity.clientIdentifier;
      let header: ReturnType<typeof decodeProtectedHeader>;
      try {
        header = decodeProtectedHeader(jwt);
      } catch {
        throw new JwtVerificationError({ reason: "malformed" });
      }
      if (header.alg !== "EdDSA") throw new JwtVerificationError({ reason: "algorithm" });
      const tried = await candidates(header.kid);
      if (tried.length === 0) throw new JwtVerificationError({ reason: "no_key" });
      for (const jwk of tried) {
        let payload: JWTPayload;
        try {
          const key = await importJWK({ kty: "OKP", crv: "Ed25519", x: jwk.x as string }, "EdDSA");
          ({ payload } = await jwtVerify(jwt, key, {
            algorithms: ["EdDSA"],
            issuer: "plex.tv",
            audience: clientIdentifier,
            requiredClaims: ["exp", "iat", "thumbprint"],
            currentDate: new Date(now),
          }));
        } catch (error) {
          // A key that does not verify the signature is another of the rotation: try the next one.
          if (error instanceof errors.JWSSignatureVerificationFailed) continue;
          throw new JwtVerificationError({ reason: reasonOf(error) ?? "malformed" });
        }
        const claims = payload as unknown as PlexJwtClaims;
        if (claims.thumbprint !== options.key.kid) throw new JwtVerificationError({ reason: "thumbprint" });
        if (!(claims.exp > claims.iat)) throw new JwtVerificationError({ reason: "lifetime" });
        if (claims.iat > now / 1000 + FUTURE_IAT_TOLERANCE_S) {
          throw new JwtVerificationError({ reason: "issued_in_future" });
        }
        return claims;
      }
      throw new JwtVerificationError({ reason: "signature" });
    },
  };
}

/**
 * Verifies a Plex JWT against plex.tv's current keys (see {@link createPlexJwtVerifier} for the rules).
 * Keep one verifier for many tokens: this fetches the keys every time.
 *
 * @example
 * ```ts
 * const claims = await verifyPlexJwt(plex, plexJwt, { key });
 * console.log(new Date(claims.exp * 1000));
 * ```
 */
export function verifyPlexJwt(core: PlexAuthCore, jwt: string, options: VerifyPlexJwtOptions): Promise<PlexJwtClaims> {
  return createPlexJwtVerifier(core).verify(jwt, options);
}
