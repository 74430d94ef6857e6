import { open, unlink } from "node:fs/promises";
import { posix, win32 } from "node:path";
import { PlexAuthError } from "@plex-auth/core";
import { type ConfigLocationOptions, configDirectory, writePrivateFile } from "@plex-auth/node";
import { validateProfileName } from "./profile-name.ts";
import { MAX_TOKEN_LENGTH, parseStoredLogin, serializeStoredLogin } from "./stored-login.ts";
import type { StoredLogin, TokenStore } from "./token-store.ts";

/** Where the file store keeps its files: the same configuration directory as the client identifier's. */
export interface FileTokenStoreOptions extends ConfigLocationOptions {
  /** The environment to read `XDG_CONFIG_HOME` and `APPDATA` from. */
  env: Readonly<Record<string, string | undefined>>;
}

// A login is well under a kilobyte; anything far bigger is not one, and is not read into memory whole.
const MAX_FILE_LENGTH = MAX_TOKEN_LENGTH * 2;

/** The start of `file`, at most `limit` bytes: enough to tell a login from something that is not one. */
async function readAtMost(file: string, limit: number): Promise<{ text: string; truncated: boolean }> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(limit + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { text: buffer.toString("utf8", 0, Math.min(bytesRead, limit)), truncated: bytesRead > limit };
  } finally {
    await handle.close();
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : "unknown error";
}

/**
 * The directory of the CLI's token files: `<configDirectory>/plex-auth/cli-tokens`, beside
 * `plex-auth/client-ids`, where the CLI's client identifier is.
 */
export function tokenDirectory(options: FileTokenStoreOptions): string {
  const path = (options.platform ?? process.platform) === "win32" ? win32 : posix;
  return path.join(configDirectory(options), "plex-auth", "cli-tokens");
}

/**
 * A token store of one JSON file per profile, `<configDirectory>/plex-auth/cli-tokens/<profile>`, mode 0600
 * in a 0700 folder, replaced atomically: for machines without a usable keychain (servers, containers, CI).
 *
 * @example
 * ```ts
 * const store = createFileTokenStore({ env: process.env });
 * await store.write("default", { token, username: "me", storedAt: new Date().toISOString() });
 * ```
 */
export function createFileTokenStore(options: FileTokenStoreOptions): TokenStore {
  const path = (options.platform ?? process.platform) === "win32" ? win32 : posix;
  const directory = tokenDirectory(options);
  // The profile names the file: checked here too, so no caller can make it a path.
  const fileOf = (profile: string): string => path.join(directory, validateProfileName(profile));

  async function read(profile: string): Promise<StoredLogin | undefined> {
    const file = fileOf(profile);
    let start: { text: string; truncated: boolean };
    try {
      start = await readAtMost(file, MAX_FILE_LENGTH);
    } catch (error) {
      if (errorCode(error) === "ENOENT") return undefined;
      throw new PlexAuthError({
        message: `Could not read the stored login ${file} (${errorCode(error)}): make it readable by you, or delete it and run \`plex-auth login\` again.`,
      });
    }
    return start.truncated ? undefined : parseStoredLogin(start.text);
  }

  return {
    kind: "file",
    describe: fileOf,
    read,
    async write(profile, login) {
      const file = fileOf(profile);
      const text = `${serializeStoredLogin(login)}\n`;
      try {
        writePrivateFile(file, text);
      } catch (error) {
        // Node's message names the file only, but the code says all that helps; the text is never quoted.
        throw new PlexAuthError({
          message:
            `Could not store the login in ${file} (${errorCode(error)}): make ${path.dirname(file)} writable by you, ` +
            "or set PLEX_AUTH_TOKEN_STORE=keychain to keep it in the system keychain.",
        });
      }
    },
    async delete(profile) {
      const file = fileOf(profile);
      try {
        await unlink(file);
        return true;
      } catch (error) {
        if (errorCode(error) === "ENOENT") return false;
        throw new PlexAuthError({
          message: `Could not delete the stored login ${file} (${errorCode(error)}): make ${path.dirname(file)} writable by you, then try again.`,
        });
      }
    },
    async whereIs(profile) {
      return (await read(profile)) ? "file" : undefined;
    },
  };
}
