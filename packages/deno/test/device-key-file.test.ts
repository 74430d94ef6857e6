import assert from "node:assert/strict";
import { exportDeviceKey, generateDeviceKey, loadDeviceKey, loadOrCreateDeviceKey } from "../jwt.ts";
import { InvalidInputError, PlexAuthError } from "../mod.ts";
import { everythingShown, withTemporaryDirectory } from "./support/jwt-device.ts";

const names = (directory: string) => [...Deno.readDirSync(directory)].map((entry) => entry.name);
// Windows has no POSIX permission bits: Deno's `mode` is null there. The files are still checked; their modes
// only elsewhere.
const POSIX_PERMISSIONS = Deno.build.os !== "windows";
// A real temporary directory is a Windows path on Windows, which "linux" would ignore as a relative XDG_CONFIG_HOME.
const OS = Deno.build.os === "windows" ? "windows" : "linux";

Deno.test(
  "loadOrCreateDeviceKey makes the key once, 0600 in a 0700 directory, and loads the same key after",
  withTemporaryDirectory(async (configHome) => {
    const env = { XDG_CONFIG_HOME: configHome };
    const first = await loadOrCreateDeviceKey({ env, os: OS, product: "My App" });
    const file = `${configHome}/plex-auth/device-keys/my-app`;
    const stored = JSON.parse(Deno.readTextFileSync(file));
    assert.equal(stored.kid, first.kid);
    assert.equal(stored.crv, "Ed25519");
    if (POSIX_PERMISSIONS) {
      assert.equal((Deno.statSync(file).mode ?? 0) & 0o777, 0o600);
      assert.equal((Deno.statSync(`${configHome}/plex-auth/device-keys`).mode ?? 0) & 0o777, 0o700);
    }
    const second = await loadOrCreateDeviceKey({ env, os: OS, product: "My App" });
    assert.equal(second.kid, first.kid);
    assert.equal(second.privateKey.extractable, false);
    assert.deepEqual(names(`${configHome}/plex-auth/device-keys`), ["my-app"]);
  }),
);

Deno.test(
  "loadDeviceKey tells a registered installation from a new one, and keeps a key someone else stored",
  withTemporaryDirectory(async (directory) => {
    const file = `${directory}/device-key`;
    assert.equal(await loadDeviceKey({ file }), undefined);
    const mine = await exportDeviceKey(await generateDeviceKey());
    Deno.writeTextFileSync(file, JSON.stringify(mine));
    assert.equal((await loadOrCreateDeviceKey({ file })).kid, mine.kid);
  }),
);

Deno.test(
  "loadOrCreateDeviceKey refuses a file that holds no key, leaves it as it was and never shows the key",
  withTemporaryDirectory(async (directory) => {
    const file = `${directory}/device-key`;
    const real = await exportDeviceKey(await generateDeviceKey());
    for (const text of [JSON.stringify(real).slice(0, -20), JSON.stringify({ ...real, kid: "edited" }), ""]) {
      Deno.writeTextFileSync(file, text);
      const error = await loadOrCreateDeviceKey({ file }).catch((caught: unknown) => caught);
      assert.ok(error instanceof InvalidInputError);
      assert.ok(error.message.includes(file));
      assert.match(error.message, /fix it, or delete it to make a new key.*registered with Plex again/);
      assert.ok(!everythingShown(error).includes(real.d));
      assert.equal(Deno.readTextFileSync(file), text);
    }
  }),
);

Deno.test(
  "loadOrCreateDeviceKey says which file it could not use",
  withTemporaryDirectory(async (directory) => {
    Deno.writeTextFileSync(`${directory}/blocker`, "");
    const file = `${directory}/blocker/device-key`;
    const error = await loadOrCreateDeviceKey({ file }).catch((caught: unknown) => caught);
    assert.ok(error instanceof PlexAuthError);
    assert.ok(error.message.includes(`the Plex device key in ${file}`));
  }),
);

Deno.test({
  name: "concurrent first runs in separate Deno processes agree on one device key",
  // Not on Windows: there a link or delete of a file another process has open can fail (EPERM, EBUSY), so
  // processes racing for one file test the platform's locking more than this code.
  ignore: Deno.build.os === "windows",
  fn: withTemporaryDirectory(async (directory) => {
    const file = `${directory}/config/plex-auth/device-key`;
    const module = new URL("../jwt.ts", import.meta.url).href;
    const startAt = Date.now() + 1_500;
    const script = [
      `const { loadOrCreateDeviceKey } = await import(${JSON.stringify(module)});`,
      // Start together, so the runs really race for the file. Bounded by startAt, ~1.5 s away.
      `while (Date.now() < ${startAt}) {}`,
      `console.log((await loadOrCreateDeviceKey({ file: ${JSON.stringify(file)} })).kid);`,
    ].join("\n");
    const runs = Array.from({ length: 4 }, () =>
      new Deno.Command(Deno.execPath(), {
        args: ["eval", "--quiet", script],
        stdout: "piped",
        stderr: "piped",
      }).output(),
    );
    const kids = (await Promise.all(runs)).map((output) => {
      assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
      return new TextDecoder().decode(output.stdout).trim();
    });
    assert.match(kids[0] ?? "", /^[\w-]{43}$/);
    assert.deepEqual(new Set(kids), new Set([kids[0]]));
    assert.equal(JSON.parse(Deno.readTextFileSync(file)).kid, kids[0]);
    assert.deepEqual(names(`${directory}/config/plex-auth`), ["device-key"]);
  }),
});
