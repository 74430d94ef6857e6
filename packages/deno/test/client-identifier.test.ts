import assert from "node:assert/strict";
import { InvalidInputError, loadOrCreateClientIdentifier, PlexAuthError } from "../mod.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
// Windows has no POSIX permission bits: Deno's `mode` is null there. The files are still checked; their modes
// only elsewhere.
const POSIX_PERMISSIONS = Deno.build.os !== "windows";
// A real temporary directory is a Windows path on Windows, which "linux" would ignore as a relative XDG_CONFIG_HOME.
const OS = Deno.build.os === "windows" ? "windows" : "linux";

function withTemporaryDirectory(run: (directory: string) => void | Promise<void>): () => Promise<void> {
  return async () => {
    const directory = Deno.makeTempDirSync({ prefix: "plex-auth-deno-" });
    try {
      await run(directory);
    } finally {
      Deno.removeSync(directory, { recursive: true });
    }
  };
}

Deno.test(
  "loadOrCreateClientIdentifier writes a UUID once, 0600 in a 0700 directory",
  withTemporaryDirectory((configHome) => {
    const env = { XDG_CONFIG_HOME: configHome };
    const first = loadOrCreateClientIdentifier({ env, os: OS });
    const file = `${configHome}/plex-auth/client-id`;
    assert.match(first, UUID);
    assert.equal(Deno.readTextFileSync(file), `${first}\n`);
    if (POSIX_PERMISSIONS) {
      assert.equal((Deno.statSync(file).mode ?? 0) & 0o777, 0o600);
      assert.equal((Deno.statSync(`${configHome}/plex-auth`).mode ?? 0) & 0o777, 0o700);
    }
    assert.equal(loadOrCreateClientIdentifier({ env, os: OS }), first);
    assert.deepEqual(
      [...Deno.readDirSync(`${configHome}/plex-auth`)].map((entry) => entry.name),
      ["client-id"],
    );
  }),
);

Deno.test(
  "loadOrCreateClientIdentifier keeps a stored identifier and refuses a broken file",
  withTemporaryDirectory((directory) => {
    const file = `${directory}/client-id`;
    Deno.writeTextFileSync(file, " mine \n");
    assert.equal(loadOrCreateClientIdentifier({ file }), "mine");
    Deno.writeTextFileSync(file, "");
    assert.throws(() => loadOrCreateClientIdentifier({ file }), InvalidInputError);
    assert.equal(Deno.readTextFileSync(file), "");
  }),
);

Deno.test(
  "loadOrCreateClientIdentifier says which file it could not use",
  withTemporaryDirectory((directory) => {
    Deno.writeTextFileSync(`${directory}/blocker`, "");
    const file = `${directory}/blocker/plex-auth/client-id`;
    assert.throws(
      () => loadOrCreateClientIdentifier({ file }),
      (error: unknown) =>
        error instanceof PlexAuthError &&
        error.message.includes(file) &&
        error.message.includes("PLEX_CLIENT_IDENTIFIER"),
    );
  }),
);

Deno.test({
  name: "concurrent first runs in separate Deno processes agree on one identifier",
  // Not on Windows: there a link or delete of a file another process has open can fail (EPERM, EBUSY), so
  // processes racing for one file test the platform's locking more than this code.
  ignore: Deno.build.os === "windows",
  fn: withTemporaryDirectory(async (directory) => {
    const file = `${directory}/config/plex-auth/client-id`;
    const module = new URL("../mod.ts", import.meta.url).href;
    const startAt = Date.now() + 1_000;
    const script = [
      `const { loadOrCreateClientIdentifier } = await import(${JSON.stringify(module)});`,
      // Start together, so the runs really race for the file. Bounded by startAt, ~1 s away.
      `while (Date.now() < ${startAt}) {}`,
      `console.log(loadOrCreateClientIdentifier({ file: ${JSON.stringify(file)} }));`,
    ].join("\n");
    const runs = Array.from({ length: 4 }, () =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--quiet", script],
        stdout: "piped",
        stderr: "piped",
      }).output(),
    );
    const outputs = await Promise.all(runs);
    const identifiers = outputs.map((output) => {
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
      return new TextDecoder().decode(output.stdout).trim();
    });
    assert.match(identifiers[0] ?? "", UUID);
    assert.deepEqual(new Set(identifiers), new Set([identifiers[0]]));
    assert.equal(Deno.readTextFileSync(file).trim(), identifiers[0]);
    assert.deepEqual(
      [...Deno.readDirSync(`${directory}/config/plex-auth`)].map((entry) => entry.name),
      ["client-id"],
    );
  }),
});
