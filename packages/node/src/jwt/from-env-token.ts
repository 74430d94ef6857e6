import { createPlexAuthCore, type PlexAuthOptions } from "@plex-auth/core";
import type { JwtTokenSource } from "@plex-auth/core/jwt";
import { errorCode } from "../atomic-file.ts";
import { fs } from "../builtins.ts";
import { type JwtFilesLocation, jwtDeviceFiles } from "./files.ts";
import { createStoredJwtTokenSource } from "./stored-token-source.ts";

function mayExist(file: string): boolean {
  try {
    fs.statSync(file);
    return true;
  } catch (error) {
    const code = errorCode(error);
    // Anything but "not there" (EACCES, say): the first call reports what stands in the way.
    return code !== "ENOENT" && code !== "ENOTDIR";
  }
}

/**
 * The token `createPlexAuthFromEnv({ jwt: true })` uses when it has none: the stored device key's JWT, or
 * `undefined` when this installation has no device key file.
 */
export function storedJwtToken(options: PlexAuthOptions, location: JwtFilesLocation): JwtTokenSource | undefined {
  const files = jwtDeviceFiles(location);
  if (!mayExist(files.deviceKey)) return undefined;
  // The refresh calls (nonce, exchange, plex.tv's keys) need no token: a client of the same options, without one.
  return createStoredJwtTokenSource(createPlexAuthCore(options), {
    deviceKeyFile: files.deviceKey,
    jwtFile: files.jwt,
    logger: options.logger,
  });
}
