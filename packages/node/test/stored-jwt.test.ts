import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PlexAuthError } from "../src/index.ts";
import { readStoredJwt, writeStoredJwt } from "../src/jwt/index.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

const temporaryDirectory = useTemporaryDirectories();
// Windows has no POSIX permission bits (Node reports 0o666 for files, 0o777 for folders): modes are checked elsewhere.
const POSIX_PERMISSIONS = process.platform !== "win32";
const JWT = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJwbGV4LnR2In0.c2lnbmF0dXJl";
const NEWER = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJwbGV4LnR2IiwibmV3Ijp0cnVlfQ.c2lnbmF0dXJlMg";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("the stored JWT", () => {
  it("is written 0600 in a 0700 directory, replaced by a newer one, and read back", () => {
    const directory = join(temporaryDirectory(), "plex-auth", "jwts");
    const file = join(directory, "my-app");
    expect(readStoredJwt(file)).toBeUndefined();
    writeStoredJwt(file, JWT);
    expect(readFileSync(file, "utf8")).toBe(`${JWT}\n`);
    if (POSIX_PERMISSIONS) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(directory).mode & 0o777).toBe(0o700);
    }
    expect(readStoredJwt(file)).toBe(JWT);
    writeStoredJwt(file, NEWER);
    expect(readStoredJwt(file)).toBe(NEWER);
    if (POSIX_PERMISSIONS) expect(statSync(file).mode & 0o777).toBe(0o600);
    // Written aside and renamed: no temporary file is left.
    expect(readdirSync(directory)).toEqual(["my-app"]);
  });

  it("counts a corrupt or unreadable file as no JWT, since the device key mints a new one", () => {
    const directory = temporaryDirectory();
    const file = join(directory, "jwt");
    for (const text of ["", "not a jwt", `${JWT}\ngarbage`, `${"a".repeat(20_000)}.b.c`]) {
      writeFileSync(file, text);
      expect(readStoredJwt(file)).toBeUndefined();
    }
    mkdirSync(join(directory, "a-directory"));
    expect(readStoredJwt(join(directory, "a-directory"))).toBeUndefined();
  });

  it("refuses to store what is not a JWT, without repeating it", () => {
    const file = join(temporaryDirectory(), "jwt");
    const error = caught(() => writeStoredJwt(file, "secret-token\nwith a newline"));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(JSON.stringify(error) + (error as Error).message).not.toContain("secret-token");
  });

  it("names the file it could not write, never the JWT", () => {
    const blocker = join(temporaryDirectory(), "not-a-directory");
    writeFileSync(blocker, "");
    const file = join(blocker, "jwt");
    const error = caught(() => writeStoredJwt(file, JWT));
    expect(error).toBeInstanceOf(PlexAuthError);
    expect((error as Error).message).toMatch(
      // The path escaped: a Windows path's backslashes would be read as regular expression escapes.
      new RegExp(
        `^Could not store the Plex JWT in ${escapeRegExp(file)} \\((ENOTDIR|EEXIST)\\)\\. Make its folder writable`,
      ),
    );
    expect(`${(error as Error).message}${(error as Error).stack}${JSON.stringify(error)}`).not.toContain(JWT);
  });
});
