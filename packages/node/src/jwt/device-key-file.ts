import { InvalidInputError, PlexAuthError } from "@plex-auth/core";
import type { DeviceKey, StoredDeviceKey } from "@plex-auth/core/jwt";
import { createExclusively, errorCode, makeParentDirectory } from "../atomic-file.ts";
import { fs } from "../builtins.ts";
import { coreJwt } from "./core-jwt.ts";
import { type JwtFilesLocation, jwtDeviceFiles } from "./files.ts";

/** Where {@link loadOrCreateDeviceKey} and {@link loadDeviceKey} keep the device key. */
export interface DeviceKeyFileOptions extends JwtFilesLocation {
  /** The key file itself, instead of the product's (`jwtDeviceFiles(options).deviceKey`). */
  file?: string | undefined;
}

// Only a file system without hard links shows a file that exists but is still empty (see createExclusively).
const EMPTY_FILE_RETRIES = 20;
const EMPTY_FILE_WAIT_MS = 10;

function storageError(file: string, action: "read" | "store", error: unknown): PlexAuthError {
  return new PlexAuthError({
    message:
      `Could not ${action} the Plex device key in ${file} (${errorCode(error) ?? "unknown error"}). ` +
      "Make the file and its folder readable and writable for this user, or choose another file with { file }.",
    cause: error,
  });
}

function notAKey(file: string): InvalidInputError {
  // Never replaced silently: a new key is a new device, which someone must approve at plex.tv again.
  return new InvalidInputError({
    where: "device key file",
    issues: [
      {
        path: file,
        message:
          "does not hold a Plex device key (an Ed25519 private JWK): fix it, or delete it to make a new " +
          "key, which must then be registered with Plex again (a new key is a new device)",
      },
    ],
  });
}

/** The file's text; `undefined` when there is no file. */
async function readKeyText(file: string): Promise<string | undefined> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8").trim();
    } catch (error) {
      const code = errorCode(error);
      if (code === "ENOENT") return undefined;
      throw storageError(file, "read", error);
    }
    if (text !== "" || attempt >= EMPTY_FILE_RETRIES) return text;
    await new Promise((resolve) => setTimeout(resolve, EMPTY_FILE_WAIT_MS));
  }
}

async function parseKey(file: string, text: string): Promise<DeviceKey> {
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    // Not attached, not repeated: JSON.parse's message quotes the text, which may be most of a key.
    throw notAKey(file);
  }
  const { importDeviceKey } = await coreJwt();
  try {
    // Not extractable: the file already holds the key, and nothing in this process needs its bytes again.
    return await importDeviceKey(stored as StoredDeviceKey, { extractable: false });
  } catch {
    throw notAKey(file);
  }
}

function keyFileOf(options: DeviceKeyFileOptions): string {
  return options.file ?? jwtDeviceFiles(options).deviceKey;
}

/**
 * The device key stored for a product (or in `file`), or `undefined` when there is none yet: a program
 * can tell whether this installation has been registered for Plex JWTs. A file that holds no key is
 * refused with `InvalidInputError` naming it, and left as it is.
 *
 * @example
 * ```ts
 * import { loadDeviceKey } from "@plex-auth/node/jwt";
 * if (!(await loadDeviceKey({ product: "My App" }))) console.log("run `my-app login` first");
 * ```
 */
export async function loadDeviceKey(options: DeviceKeyFileOptions = {}): Promise<DeviceKey | undefined> {
  const file = keyFileOf(options);
  const text = await readKeyText(file);
  return text === undefined ? undefined : parseKey(file, text);
}

/**
 * This installation's Ed25519 device key for a product: read from its file (`jwtDeviceFiles`), or on the
 * first run made and written there, directory mode 0700 and file mode 0600. The file is created
 * atomically (written aside, then hard-linked into place, which never overwrites) and read back, so
 * concurrent first runs agree on one key. A file that holds no key is refused with `InvalidInputError`
 * naming it, never overwritten: a new key must be registered with Plex again. No error ever holds key
 * material. Register a new key with `createJwtPin` and `waitForJwtPin`.
 *
 * @example
 * ```ts
 * import { createPlexAuthFromEnv } from "@plex-auth/node";
 * import { createJwtPin, loadOrCreateDeviceKey, waitForJwtPin } from "@plex-auth/node/jwt";
 * const plex = createPlexAuthFromEnv({ product: "My App" });
 * const key = await loadOrCreateDeviceKey({ product: "My App" });
 * const pin = await createJwtPin(plex, key);
 * console.log(`approve this device at ${plex.authAppUrl(pin)}`);
 * const approved = await waitForJwtPin(plex, pin, key);
 * ```
 */
export async function loadOrCreateDeviceKey(options: DeviceKeyFileOptions = {}): Promise<DeviceKey> {
  const file = keyFileOf(options);
  const existing = await loadDeviceKey({ file });
  if (existing) return existing;
  const { exportDeviceKey, generateDeviceKey } = await coreJwt();
  const text = `${JSON.stringify(await exportDeviceKey(await generateDeviceKey()))}\n`;
  try {
    makeParentDirectory(file);
    createExclusively(file, text);
  } catch (error) {
    throw storageError(file, "store", error);
  }
  // Read back: when another process won the race, its key is the one to use.
  const stored = await loadDeviceKey({ file });
  if (!stored) throw storageError(file, "read", Object.assign(new Error("vanished"), { code: "ENOENT" }));
  return stored;
}
