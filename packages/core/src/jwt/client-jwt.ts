import { SignJWT } from "jose";
import type { DeviceKey } from "./device-key.ts";

/**
 * The user fields a Plex JWT carries, chosen by the client JWT's `scope` (they grant no Plex Media Server
 * rights). Default: all of them.
 */
export const DEFAULT_JWT_SCOPE = "username,email,friendly_name,restricted,anonymous,joinedAt";

/** Options of {@link signClientJwt}. */
export interface ClientJwtOptions {
  /** `iss`: the device's client identifier; plex.tv refuses any other (code 1097). */
  clientIdentifier: string;
  /** A nonce from `getAuthNonce` (5 minutes); leave it out for a PIN poll's `deviceJWT`. */
  nonce?: string | undefined;
  /** The user fields the Plex JWT should carry, comma-separated. Default {@link DEFAULT_JWT_SCOPE}. */
  scope?: string | undefined;
  /** Seconds until it expires. Default 300, as every Plex client does. */
  lifetimeSeconds?: number | undefined;
  /** The clock, epoch milliseconds. Default `Date.now()`. */
  now?: number | undefined;
}

/**
 * Signs the device's client JWT (EdDSA, header `kid` and `typ: JWT`; claims `nonce`, `scope`,
 * `aud: "plex.tv"`, `iss` the client identifier, `iat`, `exp`): what `exchangeJWTToken` trades for a Plex
 * JWT, and what a PIN + JWK poll sends as `deviceJWT`.
 *
 * @example
 * ```ts
 * const jwt = await signClientJwt(key, { clientIdentifier, nonce: await plex.authentication.getAuthNonce() });
 * const plexJwt = await plex.authentication.exchangeJWTToken({ jwt });
 * ```
 */
export function signClientJwt(key: DeviceKey, options: ClientJwtOptions): Promise<string> {
  const issuedAt = Math.floor((options.now ?? Date.now()) / 1000);
  const claims: Record<string, string> = { scope: options.scope ?? DEFAULT_JWT_SCOPE };
  if (options.nonce !== undefined) claims.nonce = options.nonce;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: key.kid })
    .setAudience("plex.tv")
    .setIssuer(options.clientIdentifier)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.lifetimeSeconds ?? 300))
    .sign(key.privateKey);
}
