import { InvalidInputError, PlexAuthError } from "@plex-auth/core";
import { createExclusively, errorCode, makeParentDirectory } from "./atomic-file.ts";
import { fs } from "./builtins.ts";
import { type ClientIdentifierLocation, clientIdentifierFile } from "./config-directory.ts";

/** Where {@link loadOrCreateClientIdentifier} keeps the identifier. */
export interface ClientIdentifierOptions extends ClientIdentifierLocation {
  /** The file itself, instead of the product's file in the config directory (see `clientIdentifierFile`). */
  file?: string | undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: an identifier with control characters was not written by us.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const MAX_IDENTIFIER_LENGTH = 256;
// Only the fallback path (no hard links) can expose a file that exists but is still empty.
const EMPTY_FILE_RETRIES = 20;
const EMPTY_FILE_WAIT_MS = 10;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The stored identifier; `undefined` when there is no file yet. */
function readIdentifier(file: string): string | undefined {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8").trim();
    } catch (error) {
      if (errorCode(error) === "ENOENT") return undefined;
      throw storageError(file, "read", error);
    }
    if (text === "" && attempt < EMPTY_FILE_RETRIES) {
      sleepSync(EMPTY_FILE_WAIT_MS);
      continue;
    }
    if (text === "" || text.length > MAX_IDENTIFIER_LENGTH || CONTROL_CHARACTERS.test(text)) {
      // Never replace it silently: a new identifier registers a new device on the user's Plex account.
      throw new InvalidInputError({
        where: "client identifier file",
        issues: [
          { path: file, message: "does not hold a client identifier: fix it, or delete it to generate a new one" },
        ],
      });
    }
    return text;
  }
}

function storageError(file: string, action: "read" | "store", error: unknown): PlexAuthError {
  const code = errorCode(error) ?? "unknown error";
  return new PlexAuthError({
    message:
      `Could not ${action} the Plex client identifier in ${file} (${code}). ` +
      "Set PLEX_CLIENT_IDENTIFIER, or pass { clientIdentifier } or { file }.",
    cause: error,
  });
}

/**
 * This installation's Plex client identifier for a product: read from its file in the config directory
 * (`clientIdentifierFile`), or on the first run a random UUID written there (directory mode 0700, file
 * mode 0600). Plex registers a device per
 * identifier and mails the account owner about each new one, so an app must send the same identifier on
 * every run. Concurrent first runs agree on one identifier: it is written atomically and read back.
 *
 * @example
 * ```ts
 * import { createPlexAuth, loadOrCreateClientIdentifier } from "@plex-auth/node";
 * const plex = createPlexAuth({ clientIdentifier: loadOrCreateClientIdentifier({ product: "My App" }), product: "My App" });
 * ```
 */
export function loadOrCreateClientIdentifier(options: ClientIdentifierOptions = {}): string {
  const file = options.file ?? clientIdentifierFile(options);
  const existing = readIdentifier(file);
  if (existing !== undefined) return existing;
  try {
    makeParentDirectory(file);
    // Web Crypto's, not node:crypto's: the same CSPRNG, and importing node:crypto (about 3 ms on its own)
    // slowed every start of an app for a call made once per install.
    createExclusively(file, `${crypto.randomUUID()}\n`);
  } catch (error) {
    throw storageError(file, "store", error);
  }
  const stored = readIdentifier(file);
  if (stored === undefined) throw storageError(file, "read", Object.assign(new Error("vanished"), { code: "ENOENT" }));
  return stored;
}
