/** The folder `file` is in. */
export function parentOf(file: string): string {
  return file.replace(/[\\/][^\\/]*$/, "") || file;
}

/** Whether Deno's permissions, rather than the file system, refused. */
export function isPermissionError(error: unknown): boolean {
  return error instanceof Deno.errors.NotCapable || error instanceof Deno.errors.PermissionDenied;
}

/** Creates the folder of `file` (and its parents), mode 0700: what it will hold is the user's alone. */
export function makeParentDirectory(file: string): void {
  Deno.mkdirSync(parentOf(file), { recursive: true, mode: 0o700 });
}

/** A file beside `file`, mode 0600, holding `text`: on the same file system, so a link or rename is atomic. */
function writeTemporary(file: string, text: string): string {
  const temporary = `${file}.${Deno.pid}.${crypto.randomUUID()}.tmp`;
  Deno.writeTextFileSync(temporary, text, { mode: 0o600, createNew: true });
  return temporary;
}

/**
 * Creates `file` (mode 0600) holding `text` unless it exists already, atomically: readers never see half a
 * file, and of two concurrent callers exactly one wins; the other keeps what the winner wrote.
 */
export function createExclusively(file: string, text: string): void {
  const temporary = writeTemporary(file, text);
  try {
    // A hard link fails when another process got there first, and never overwrites; a rename would, so two
    // first runs could each keep their own value.
    Deno.linkSync(temporary, file);
  } catch (error) {
    if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
  } finally {
    Deno.removeSync(temporary);
  }
}

/** Replaces `file` (mode 0600) with `text` atomically: written aside, then renamed over it; the last writer wins. */
export function replaceAtomically(file: string, text: string): void {
  const temporary = writeTemporary(file, text);
  try {
    Deno.renameSync(temporary, file);
  } catch (error) {
    try {
      Deno.removeSync(temporary);
    } catch {
      // Reporting why the rename failed matters more than a leftover temporary file.
    }
    throw error;
  }
}
