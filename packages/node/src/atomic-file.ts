import { fs, path } from "./builtins.ts";

/** The `code` of a Node file-system error (`"ENOENT"`), or `undefined` for anything else. */
export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Creates the directory of `file` (and its parents), mode 0700: what it will hold is the user's alone. */
export function makeParentDirectory(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
}

/** A file beside `file`, mode 0600, holding `text`: on the same file system, so a link or rename is atomic. */
function writeTemporary(file: string, text: string): string {
  const temporary = `${file}.${process.pid}.${crypto.randomUUID()}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600, flag: "wx" });
  return temporary;
}

/**
 * Creates `file` (mode 0600) holding `text` unless it exists already, atomically: readers never see half a
 * file, and of two concurrent callers exactly one wins; the other keeps what the winner wrote.
 */
export function createExclusively(file: string, text: string): void {
  const temporary = writeTemporary(file, text);
  try {
    // A hard link fails with EEXIST when another process got there first, and never overwrites; rename
    // would overwrite, so two first runs could each keep their own value.
    fs.linkSync(temporary, file);
  } catch (error) {
    const code = errorCode(error);
    if (code === "EEXIST") return;
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "ENOSYS" && code !== "EOPNOTSUPP") throw error;
    // A file system without hard links (FAT, some network shares): exclusive create, then write. A reader
    // may see the file empty for a moment, which readers of such files wait out.
    try {
      fs.writeFileSync(file, text, { mode: 0o600, flag: "wx" });
    } catch (fallbackError) {
      if (errorCode(fallbackError) !== "EEXIST") throw fallbackError;
    }
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Replaces `file` (mode 0600) with `text` atomically: written aside, then renamed over it; the last writer wins. */
export function replaceAtomically(file: string, text: string): void {
  const temporary = writeTemporary(file, text);
  try {
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Writes a secret to `file`: its folder created 0700 when missing, the file 0600, replaced atomically
 * (written aside, then renamed over it), so a reader sees the old text or the new one, never half, and a
 * crash leaves no partial secret behind. For an app keeping its own Plex token on disk, as `@plex-auth/cli`
 * does when no keychain is available. Throws Node's file-system error (with its `code`) when it cannot.
 *
 * @example
 * ```ts
 * import { writePrivateFile } from "@plex-auth/node";
 * writePrivateFile("/home/me/.config/my-app/token", `${account.authToken}\n`);
 * ```
 */
export function writePrivateFile(file: string, text: string): void {
  makeParentDirectory(file);
  replaceAtomically(file, text);
}
