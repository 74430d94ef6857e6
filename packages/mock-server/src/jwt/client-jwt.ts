import { hasValidSignature, type ParsedJws, parseCompactJws } from "./compact-jws.ts";

/**
 * The longest a client JWT may live, `exp - iat`, in seconds: 1 hour. Plex's bound is not known (FLOWS.md
 * §2.4); libraries sign 5 minutes and Plex's docs' example 1 hour, so the mock takes the docs' as the most.
 *
 * @example
 * ```ts
 * const claims = { iat: now, exp: now + MAX_CLIENT_JWT_LIFETIME_SECONDS }; // the longest the mock accepts
 * ```
 */
export const MAX_CLIENT_JWT_LIFETIME_SECONDS = 3600;

/**
 * How far ahead of the mock's clock a client JWT's `iat` may be, in seconds: a minute of clock skew (the
 * leeway @ctrl/plex gives Plex's own tokens).
 *
 * @example
 * ```ts
 * const claims = { iat: now + CLIENT_JWT_IAT_LEEWAY_SECONDS, exp: now + 300 }; // still accepted
 * ```
 */
export const CLIENT_JWT_IAT_LEEWAY_SECONDS = 60;

/** A device key a client JWT may be signed with, and the device it belongs to. */
export interface ClientJwtKey {
  readonly kid: string;
  readonly publicKey: CryptoKey;
  /** What the JWT's `iss` must be. */
  readonly clientIdentifier: string;
}

/** What a client JWT is checked against. */
export interface ClientJwtRules<Key extends ClientJwtKey> {
  /** The key the header's `kid` names, or `undefined` when there is none under that `kid`. */
  readonly keyFor: (kid: string) => Key | undefined;
  /** The exchange needs a nonce; a PIN poll may leave it out (streamarr's does), but one it carries must be live. */
  readonly nonceRequired: boolean;
  readonly isLiveNonce: (nonce: string) => boolean;
  readonly nowMs: number;
}

/** A client JWT that passed every check. */
export interface VerifiedClientJwt<Key extends ClientJwtKey> {
  /** The key that signed it, as `keyFor` gave it. */
  readonly key: Key;
  readonly nonce: string | undefined;
  /** The `scope` claim's entries: which user fields go into the Plex JWT. */
  readonly scope: readonly string[];
}

/** Why a client JWT was refused: its structure, key, signature or claims, or its `iss` (Plex code 1097). */
export type ClientJwtRejection = "invalid" | "issuer-mismatch";

/** The outcome of {@link verifyClientJwt}. */
export type ClientJwtVerdict<Key extends ClientJwtKey> =
  | { readonly ok: true; readonly jwt: VerifiedClientJwt<Key> }
  | { readonly ok: false; readonly rejection: ClientJwtRejection };

const PLEX_TV_AUDIENCE = "plex.tv";
const INVALID = { ok: false, rejection: "invalid" } as const;

function headerKey<Key extends ClientJwtKey>(jws: ParsedJws, rules: ClientJwtRules<Key>): Key | undefined {
  // Only EdDSA: `none`, HS256 with the public key as secret and the rest are the classic JWT forgeries.
  const { alg, kid } = jws.header;
  return alg === "EdDSA" && typeof kid === "string" ? rules.keyFor(kid) : undefined;
}

function isForPlexTv(audience: unknown): boolean {
  return audience === PLEX_TV_AUDIENCE || (Array.isArray(audience) && audience.includes(PLEX_TV_AUDIENCE));
}

function hasNonceRight(nonce: unknown, rules: ClientJwtRules<ClientJwtKey>): boolean {
  if (nonce === undefined) return !rules.nonceRequired;
  return typeof nonce === "string" && rules.isLiveNonce(nonce);
}

function hasTimesRight(claims: Readonly<Record<string, unknown>>, nowMs: number): boolean {
  const { iat, exp } = claims;
  if (typeof iat !== "number" || typeof exp !== "number" || !Number.isFinite(iat) || !Number.isFinite(exp)) {
    return false;
  }
  const now = nowMs / 1000;
  return exp > now && exp - iat <= MAX_CLIENT_JWT_LIFETIME_SECONDS && iat <= now + CLIENT_JWT_IAT_LEEWAY_SECONDS;
}

function scopeOf(scope: unknown): string[] {
  if (typeof scope !== "string") return [];
  return scope
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

/**
 * Checks a client JWT the way FLOWS.md §5 lists plex.tv's checks, in this order: a compact JWS, header
 * `alg: "EdDSA"`, a `kid` naming a known key, a valid Ed25519 signature of that key, `aud` that is or
 * includes `"plex.tv"`, `iss` equal to the key's device (else `issuer-mismatch`), the nonce, then `exp` in
 * the future, at most {@link MAX_CLIENT_JWT_LIFETIME_SECONDS} after `iat`, and `iat` at most
 * {@link CLIENT_JWT_IAT_LEEWAY_SECONDS} ahead. Nothing is spent here: the caller spends the nonce on success.
 */
export async function verifyClientJwt<Key extends ClientJwtKey>(
  token: string,
  rules: ClientJwtRules<Key>,
): Promise<ClientJwtVerdict<Key>> {
  const jws = parseCompactJws(token);
  const key = jws && headerKey(jws, rules);
  if (!jws || !key || !(await hasValidSignature(jws, key.publicKey))) return INVALID;
  const { claims } = jws;
  if (!isForPlexTv(claims.aud)) return INVALID;
  if (claims.iss !== key.clientIdentifier) return { ok: false, rejection: "issuer-mismatch" };
  if (!hasNonceRight(claims.nonce, rules) || !hasTimesRight(claims, rules.nowMs)) return INVALID;
  const nonce = typeof claims.nonce === "string" ? claims.nonce : undefined;
  return { ok: true, jwt: { key, nonce, scope: scopeOf(claims.scope) } };
}
