import { type PlexAuthCore, PlexAuthError, type PlexAuthLogger } from "@plex-auth/core";
import type { DeviceKey, JwtTokenSource, JwtTokenSourceOptions } from "@plex-auth/core/jwt";
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

/** Whether the stored JWT was issued to this key: one left from a key since replaced is not used. */
function issuedTo(token: string, key: DeviceKey): boolean {
  try {
    const payload = (token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(payload), (c) => c.charCodeAt(0))));
    return claims?.thumbprint === key.kid;
  } catch {
    return false;
  }
}

function warnNotStored(logger: PlexAuthLogger | undefined, file: string, error: unknown): void {
  try {
    logger?.warn?.("plex-auth could not keep the new Plex JWT; it is used, and the next run mints another", {
      file,
      error: error instanceof Error ? error.message : String(error),
    });
  } catch {
    // A broken logger must not break the call either.
  }
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
  let ready: JwtTokenSource | undefined;
  let loading: Promise<JwtTokenSource> | undefined;

  const load = async (): Promise<JwtTokenSource> => {
    const { createJwtTokenSource } = await coreJwt();
    const key = await loadDeviceKey({ file: keyFile });
    if (!key) {
      throw new PlexAuthError({
        message:
          `There is no Plex device key in ${keyFile}. Register this device first: loadOrCreateDeviceKey, then ` +
          "createJwtPin and waitForJwtPin (from @plex-auth/deno/jwt), or pass another { deviceKeyFile }.",
      });
    }
    const stored = readStoredJwt(tokenFile);
    const onToken = (token: string) => {
      try {
        writeStoredJwt(tokenFile, token);
      } catch (error) {
        warnNotStored(logger, tokenFile, error);
      }
    };
    ready = createJwtTokenSource(core, {
      key,
      token: stored !== undefined && issuedTo(stored, key) ? stored : undefined,
      onToken,
      clientIdentifier,
      scope,
      refreshWithinMs,
      verify,
      now,
    });
    return ready;
  };
  const loaded = (): Promise<JwtTokenSource> => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined; // A key fixed or registered since is picked up by the next call.
      throw error;
    });
    return loading;
  };

  const source = async (): Promise<string> => (await loaded())();
  return Object.assign(source, {
    invalidate(token: string): void {
      // Before the first load no token was handed out, so there is none to forget.
      ready?.invalidate(token);
    },
    refresh: async (): Promise<string> => (await loaded()).refresh(),
    idle: async (): Promise<void> => {
      await loading?.catch(() => undefined);
      await ready?.idle();
    },
  });
}
