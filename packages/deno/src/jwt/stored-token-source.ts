import type { PlexAuthCore, PlexAuthLogger } from "@plex-auth/core";
import type { JwtStore, JwtTokenSource, JwtTokenSourceOptions } from "@plex-auth/core/jwt";
import { coreJwt } from "./core-jwt.ts";
import { loadDeviceKey } from "./device-key-file.ts";
import { type JwtFilesLocation, jwtDeviceFiles } from "./files.ts";
import { readStoredJwt, writeStoredJwt } from "./stored-jwt.ts";

/** Options of {@link createStoredJwtTokenSource}: where the files are, and those of `createJwtTokenSource`. */
export interface StoredJwtTokenSourceOptions
  extends JwtFilesLocation,
    Pick<JwtTokenSourceOptions, "clientIdentifier" | "scope" | "refreshWithinMs" | "verify" | "now"> {
  /** The device key file, instead of the product's (`jwtDeviceFiles(options).deviceKey`). */
  deviceKeyFile?: string | undefined;
  /** The file that keeps the current JWT, instead of the product's (`jwtDeviceFiles(options).jwt`). */
  jwtFile?: string | undefined;
  /** Told (`warn`) when a new JWT could not be written to its file; the JWT is used all the same. */
  logger?: PlexAuthLogger | undefined;
}

/**
 * `createJwtTokenSource` on the product's files (`jwtDeviceFiles`): the device key read from its file, the
 * stored JWT used until it is due, and each new JWT written back (atomically, mode 0600), so the next run
 * starts from it instead of minting one. The files are read on the first call, not here, so this can
 * back a client made synchronously. A JWT that cannot be written does not fail the call (the logger is
 * told); a missing or broken device key rejects the call with a `PlexAuthError` saying what to do.
 *
 * @example
 * ```ts
 * import { createPlexAuthFromEnv } from "@plex-auth/deno";
 * import { createStoredJwtTokenSource } from "@plex-auth/deno/jwt";
 * const plex = createPlexAuthFromEnv({ product: "My App" });
 * const signedIn = plex.withToken(createStoredJwtTokenSource(plex, { product: "My App" }));
 * console.log((await signedIn.authentication.getTokenDetails()).username);
 * ```
 */
export function createStoredJwtTokenSource(
  core: PlexAuthCore,
  options: StoredJwtTokenSourceOptions = {},
): JwtTokenSource {
  const { deviceKeyFile, jwtFile, logger, clientIdentifier, scope, refreshWithinMs, verify, now, ...location } =
    options;
  const keyFile = deviceKeyFile ?? jwtDeviceFiles(location).deviceKey;
  const tokenFile = jwtFile ?? jwtDeviceFiles(location).jwt;
  const store: JwtStore = {
    loadKey: () => loadDeviceKey({ file: keyFile }),
    readToken: () => readStoredJwt(tokenFile),
    writeToken: (token) => writeStoredJwt(tokenFile, token),
    noKeyMessage:
      `There is no Plex device key in ${keyFile}. Register this device first: loadOrCreateDeviceKey, then ` +
      "createJwtPin and waitForJwtPin (from @plex-auth/deno/jwt), or pass another { deviceKeyFile }.",
    tokenLocation: tokenFile,
  };
  const sourceOptions = { logger, clientIdentifier, scope, refreshWithinMs, verify, now };
  // The persisted source comes from the lazily loaded core/jwt; until then, this stands in for it.
  let made: Promise<JwtTokenSource> | undefined;
  let ready: JwtTokenSource | undefined;
  const make = (): Promise<JwtTokenSource> =>
    (made ??= coreJwt().then(({ createPersistedJwtTokenSource }) => {
      ready = createPersistedJwtTokenSource(core, store, sourceOptions);
      return ready;
    }));
  return Object.assign(async (): Promise<string> => (await make())(), {
    invalidate: (token: string): void => ready?.invalidate(token),
    refresh: async (): Promise<string> => (await make()).refresh(),
    idle: async (): Promise<void> => ready?.idle(),
  });
}
