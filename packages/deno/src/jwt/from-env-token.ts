import { createPlexAuthCore, type PlexAuthOptions } from "@plex-auth/core";
import type { JwtTokenSource } from "@plex-auth/core/jwt";
import { type JwtFilesLocation, jwtDeviceFiles } from "./files.ts";
import { createStoredJwtTokenSource } from "./stored-token-source.ts";

function mayExist(file: string): boolean {
  try {
    Deno.statSync(file);
    return true;
  } catch (error) {
    // Anything but "not there" (no --allow-read, say): the first call reports what stands in the way.
    return !(error instanceof Deno.errors.NotFound || error instanceof Deno.errors.NotADirectory);
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
