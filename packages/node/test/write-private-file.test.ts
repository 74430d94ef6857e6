import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writePrivateFile } from "../src/index.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

const temporaryDirectory = useTemporaryDirectories();
// Windows has no POSIX permission bits: Node reports 0o666 (0o444 read-only) for every file and 0o777 for
// folders, whatever mode was asked for. The writes are still checked there; their modes only elsewhere.
const POSIX_PERMISSIONS = process.platform !== "win32";

describe("writePrivateFile", () => {
  it("writes the file 0600, creating its folders 0700", () => {
    const file = join(temporaryDirectory(), "my-app", "secrets", "token");
    writePrivateFile(file, "secret-token\n");
    expect(readFileSync(file, "utf8")).toBe("secret-token\n");
    if (POSIX_PERMISSIONS) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(file, "..")).mode & 0o777).toBe(0o700);
      expect(statSync(join(file, "..", "..")).mode & 0o777).toBe(0o700);
    }
  });

  it("leaves the mode of a folder that exists alone", () => {
    const directory = temporaryDirectory();
    mkdirSync(join(directory, "shared"), { mode: 0o755 });
    writePrivateFile(join(directory, "shared", "token"), "secret");
    expect(readFileSync(join(directory, "shared", "token"), "utf8")).toBe("secret");
    if (POSIX_PERMISSIONS) {
      expect(statSync(join(directory, "shared")).mode & 0o777).toBe(0o755);
      expect(statSync(join(directory, "shared", "token")).mode & 0o777).toBe(0o600);
    }
  });

  it("replaces a file atomically: a new file (new inode) renamed over the old, no temporary file left", () => {
    const directory = temporaryDirectory();
    const file = join(directory, "token");
    writePrivateFile(file, "first");
    // As a bigint: Windows' 64-bit file ids lose their low bits as a number, so two files could look one.
    const first = statSync(file, { bigint: true }).ino;
    writePrivateFile(file, "second");
    expect(readFileSync(file, "utf8")).toBe("second");
    // Renamed over, not rewritten in place: a reader holding the old file still reads "first" whole.
    expect(statSync(file, { bigint: true }).ino).not.toBe(first);
    expect(readdirSync(directory)).toEqual(["token"]);
  });

  it("makes a replaced file 0600 even when the old one was readable by others", () => {
    const directory = temporaryDirectory();
    const file = join(directory, "token");
    writeFileSync(file, "old", { mode: 0o644 });
    writePrivateFile(file, "new");
    if (POSIX_PERMISSIONS) expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toBe("new");
  });

  it("throws Node's error, with its code, and leaves no temporary file when it cannot write", () => {
    const directory = temporaryDirectory();
    // A folder where the file should be: the rename fails after the temporary file was written (Windows:
    // EPERM or EACCES, access denied).
    mkdirSync(join(directory, "token"));
    writeFileSync(join(directory, "token", "inside"), "x");
    expect(() => writePrivateFile(join(directory, "token"), "secret")).toThrow(
      expect.objectContaining({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST|EPERM|EACCES)$/) }),
    );
    expect(readdirSync(directory)).toEqual(["token"]);
  });
});
