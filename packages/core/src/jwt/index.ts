/**
 * JWT device authentication for Plex, on its own entry point so the rest of the SDK stays small: an
 * Ed25519 device key (Web Crypto), client JWTs it signs, Plex JWTs verified against plex.tv's rotating
 * keys, and a token source that keeps a Plex JWT fresh by itself. Signing and verification use `jose`.
 *
 * @example
 * ```ts
 * import { createPlexAuth } from "@plex-auth/core";
 * import { createJwtPin, createJwtTokenSource, generateDeviceKey, waitForJwtPin } from "@plex-auth/core/jwt";
 *
 * const plex = createPlexAuth({ clientIdentifier: "my-app-3f1c…", product: "My App" });
 * const key = await generateDeviceKey();
 * const pin = await createJwtPin(plex, key); // the person approves it at plex.tv/link
 * const approved = await waitForJwtPin(plex, pin, key);
 * const signedIn = plex.withToken(createJwtTokenSource(plex, { key, token: approved.authToken }));
 * console.log((await signedIn.authentication.getTokenDetails()).username);
 * ```
 *
 * @module
 */

export { type ClientJwtOptions, DEFAULT_JWT_SCOPE, signClientJwt } from "./client-jwt.ts";
export {
  type DeviceKey,
  type DeviceKeyOptions,
  exportDeviceKey,
  generateDeviceKey,
  importDeviceKey,
  type StoredDeviceKey,
} from "./device-key.ts";
export { type JwtInvalidReason, JwtVerificationError, type JwtVerificationErrorInit } from "./errors.ts";
export {
  createPersistedJwtTokenSource,
  type JwtStore,
  type PersistedJwtTokenSourceOptions,
} from "./persisted-source.ts";
export { type ApprovedJwtPin, createJwtPin, type JwtPinOptions, provisionJwtDevice, waitForJwtPin } from "./pin.ts";
export { createJwtTokenSource, type JwtTokenSource, type JwtTokenSourceOptions } from "./token-source.ts";
export {
  createPlexJwtVerifier,
  type PlexJwtClaims,
  type PlexJwtVerifier,
  type VerifyPlexJwtOptions,
  verifyPlexJwt,
} from "./verify.ts";
