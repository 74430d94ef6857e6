import { InvalidInputError, PlexAuthError } from "@plex-auth/core";
import { createExclusively, isPermissionError, makeParentDirectory, parentOf } from "./atomic-file.ts";
import { type ClientIdentifierLocation, clientIdentifierFile } from "./config-directory.ts";

/** Where {@link loadOrCreateClientIdentifier} keeps the identifier. */
export interface ClientIdentifierOptions extends ClientIdentifierLocation {
  /** The file itself, instead of the product's file in the config directory (see `clientIdentifierFile`). */
  file?: string | undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: an identifier with control characters was not written by us.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const MAX_IDENTIFIER_LENGTH = 256;

function storageError(file: string, action: "read" | "store", error: unknown): PlexAuthError {
  const hint = isPermissionError(error)
    ? `run with --allow-read and --allow-write for ${parentOf(file)}, set PLEX_CLIENT_IDENTIFIER`
    : "set PLEX_CLIENT_IDENTIFIER";
  const reason = error instanceof Error ? error.name : "unknown error";
  return new PlexAuthError({
    message: `Could not ${action} the Plex client identifier in ${file} (${reason}): ${hint}, or pass { clientIdentifier } or { file }.`,
    cause: error,
  });
}

/** The stored identifier; `undefined` when there is no file yet. */
function readIdentifier(file: string): string | undefined {
  let text: string;
  try {
    text = Deno.readTextFileSync(file).trim();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw storageError(file, "read", error);
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

/**
 * This installation's Plex client identifier: read from `<config directory>/plex-auth/client-id`, or on the
 * first run a random UUID written there (directory mode 0700, file mode 0600). Plex registers a device per
 * identifier and mails the account owner about each new one, so an app must send the same identifier on
 * every run. Concurrent first runs agree on one identifier: it is written atomically and read back.
 *
 * Needs `--allow-env=XDG_CONFIG_HOME,HOME` (Windows: `APPDATA,USERPROFILE`) to find the directory, and
 * `--allow-read` and `--allow-write` for it.
 *
 * @example
 * ```ts
 * import { createPlexAuth, loadOrCreateClientIdentifier } from "@plex-auth/deno";
 * const plex = createPlexAuth({ clientIdentifier: loadOrCreateClientIdentifier(), product: "My App" });
 * ```
 */
export function loadOrCreateClientIdentifier(options: ClientIdentifierOptions = {}): string {
  const file = options.file ?? clientIdentifierFile(options);
  const existing = readIdentifier(file);
  if (existing !== undefined) return existing;
  try {
    makeParentDirectory(file);
    createExclusively(file, `${crypto.randomUUID()}\n`);
  } catch (error) {
    throw storageError(file, "store", error);
  }
  const stored = readIdentifier(file);
  if (stored === undefined) throw storageError(file, "read", new Deno.errors.NotFound(file));
  return stored;
}
