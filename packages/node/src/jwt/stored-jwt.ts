import { InvalidInputError, PlexAuthError } from "@plex-auth/core";
import { errorCode, makeParentDirectory, replaceAtomically } from "../atomic-file.ts";
import { fs } from "../builtins.ts";

// Three base64url parts. Plex JWTs are well under 4 KB; the cap only keeps a stray large file out of memory.
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;
const MAX_JWT_LENGTH = 16_384;

function isJwtShaped(text: string): boolean {
  return text.length <= MAX_JWT_LENGTH && JWT_SHAPE.test(text);
}

/**
 * The Plex JWT kept in `file`, or `undefined` when there is none. A file that is missing, unreadable or
 * holds anything but a JWT counts as none: the device key mints a new one, so nothing is lost.
 *
 * @example
 * ```ts
 * import { jwtDeviceFiles, readStoredJwt } from "@plex-auth/node/jwt";
 * const jwt = readStoredJwt(jwtDeviceFiles({ product: "My App" }).jwt); // string | undefined
 * ```
 */
export function readStoredJwt(file: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch {
    return undefined;
  }
  return isJwtShaped(text) ? text : undefined;
}

/**
 * Keeps `token` in `file` (mode 0600, its folder 0700 when created), replacing what was there atomically:
 * written aside, then renamed over it, so a reader sees the old JWT or the new one, never half of one, and
 * the newest write wins. Throws `InvalidInputError` for a token that is not a JWT, and `PlexAuthError`
 * naming the file when it cannot be written (never the token).
 *
 * @example
 * ```ts
 * import { jwtDeviceFiles, writeStoredJwt } from "@plex-auth/node/jwt";
 * writeStoredJwt(jwtDeviceFiles({ product: "My App" }).jwt, approved.authToken);
 * ```
 */
export function writeStoredJwt(file: string, token: string): void {
  if (typeof token !== "string" || !isJwtShaped(token)) {
    throw new InvalidInputError({
      where: "writeStoredJwt",
      issues: [{ path: "token", message: "must be a Plex JWT (three base64url parts separated by dots)" }],
    });
  }
  try {
    makeParentDirectory(file);
    replaceAtomically(file, `${token}\n`);
  } catch (error) {
    throw new PlexAuthError({
      message:
        `Could not store the Plex JWT in ${file} (${errorCode(error) ?? "unknown error"}). ` +
        "Make its folder writable for this user, or choose another file.",
      cause: error,
    });
  }
}
