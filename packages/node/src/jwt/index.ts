/**
 * JWT device authentication for Node.js (and Bun): everything of `@plex-auth/core/jwt` (device keys, Plex
 * JWTs, the PIN + JWK sign-in, a token source that keeps a JWT fresh), plus files for the device key and
 * the current JWT beside the client identifier in the user's config directory (mode 0600, written
 * atomically). Its own entry point, so programs that never use JWTs never load the signing library.
 *
 * @example
 * ```ts
 * import { createPlexAuthFromEnv } from "@plex-auth/node";
 * import { createJwtPin, jwtDeviceFiles, loadOrCreateDeviceKey, waitForJwtPin, writeStoredJwt } from "@plex-auth/node/jwt";
 *
 * // Once: make the device key and have a person approve it at plex.tv/link.
 * const plex = createPlexAuthFromEnv({ product: "My App" });
 * const key = await loadOrCreateDeviceKey({ product: "My App" });
 * const pin = await createJwtPin(plex, key);
 * console.log(`approve this device at ${plex.authAppUrl(pin)}`);
 * writeStoredJwt(jwtDeviceFiles({ product: "My App" }).jwt, (await waitForJwtPin(plex, pin, key)).authToken);
 *
 * // Every run after: the stored key and JWT, refreshed when due.
 * const signedIn = createPlexAuthFromEnv({ product: "My App", jwt: true });
 * console.log((await signedIn.authentication.getTokenDetails()).username);
 * ```
 *
 * @module
 */

export * from "@plex-auth/core/jwt";
export { type DeviceKeyFileOptions, loadDeviceKey, loadOrCreateDeviceKey } from "./device-key-file.ts";
export { type JwtDeviceFiles, type JwtFilesLocation, jwtDeviceFiles } from "./files.ts";
export { readStoredJwt, writeStoredJwt } from "./stored-jwt.ts";
export { createStoredJwtTokenSource, type StoredJwtTokenSourceOptions } from "./stored-token-source.ts";
