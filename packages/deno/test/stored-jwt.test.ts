import assert from "node:assert/strict";
import { readStoredJwt, writeStoredJwt } from "../jwt.ts";
import { InvalidInputError, PlexAuthError } from "../mod.ts";
import { withTemporaryDirectory } from "./support/jwt-device.ts";

const JWT = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJwbGV4LnR2In0.c2lnbmF0dXJl";
const NEWER = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJwbGV4LnR2IiwibmV3Ijp0cnVlfQ.c2lnbmF0dXJlMg";
// Windows has no POSIX permission bits: Deno's `mode` is null there. The files are still checked; their modes
// only elsewhere.
const POSIX_PERMISSIONS = Deno.build.os !== "windows";

Deno.test(
  "the stored JWT is written 0600 in a 0700 directory, replaced by a newer one, and read back",
  withTemporaryDirectory((root) => {
    const directory = `${root}/plex-auth/jwts`;
    const file = `${directory}/my-app`;
    assert.equal(readStoredJwt(file), undefined);
    writeStoredJwt(file, JWT);
    assert.equal(Deno.readTextFileSync(file), `${JWT}\n`);
    if (POSIX_PERMISSIONS) {
      assert.equal((Deno.statSync(file).mode ?? 0) & 0o777, 0o600);
      assert.equal((Deno.statSync(directory).mode ?? 0) & 0o777, 0o700);
    }
    writeStoredJwt(file, NEWER);
    assert.equal(readStoredJwt(file), NEWER);
    if (POSIX_PERMISSIONS) assert.equal((Deno.statSync(file).mode ?? 0) & 0o777, 0o600);
    assert.deepEqual(
      [...Deno.readDirSync(directory)].map((entry) => entry.name),
      ["my-app"],
    );
  }),
);

Deno.test(
  "a corrupt JWT file counts as none; what is not a JWT is not stored, nor repeated",
  withTemporaryDirectory((directory) => {
    const file = `${directory}/jwt`;
    for (const text of ["", "not a jwt", `${JWT}\ngarbage`]) {
      Deno.writeTextFileSync(file, text);
      assert.equal(readStoredJwt(file), undefined);
    }
    assert.throws(
      () => writeStoredJwt(file, "secret-token\nwith a newline"),
      (error: unknown) => error instanceof InvalidInputError && !JSON.stringify(error).includes("secret-token"),
    );
    Deno.writeTextFileSync(`${directory}/blocker`, "");
    assert.throws(
      () => writeStoredJwt(`${directory}/blocker/jwt`, JWT),
      (error: unknown) =>
        error instanceof PlexAuthError &&
        error.message.startsWith(`Could not store the Plex JWT in ${directory}/blocker/jwt`) &&
        !`${error.message}${error.stack}`.includes(JWT),
    );
  }),
);
