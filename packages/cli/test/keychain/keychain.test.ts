import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chooseTokenStore } from "../../src/store/choose-store.ts";
import { createKeychainTokenStore, probeKeychain } from "../../src/store/keychain-store.ts";
import type { StoredLogin } from "../../src/store/token-store.ts";

// The real keychain, through the real @napi-rs/keyring: only under scripts/with-secret-service.sh (a private
// D-Bus session and GNOME Keyring, so no one's own keyring is touched), which sets PLEX_AUTH_TEST_KEYCHAIN=1.
const enabled = process.env.PLEX_AUTH_TEST_KEYCHAIN === "1";

// A service of its own per run, so a run never meets another's entries (or a real plex-auth login).
const service = `plex-auth-test-${process.pid}-${Date.now()}`;
const profiles = ["default", "work", "auto", "moved"];

const run = promisify(execFile);
const probeSource = fileURLToPath(new URL("../../src/store/keychain-probe.ts", import.meta.url));
const modulesFolder = fileURLToPath(new URL("../../node_modules", import.meta.url));

function login(token: string): StoredLogin {
  return { token, username: "keychain-test", uuid: "uuid-1", storedAt: new Date().toISOString() };
}

describe.skipIf(!enabled)("the system keychain, for real", () => {
  // Made in beforeAll: a skipped suite's body still runs (to collect its tests), its hooks do not.
  let configHome = "";
  let env: Record<string, string> = {};

  beforeAll(() => {
    configHome = mkdtempSync(join(tmpdir(), "plex-auth-keychain-"));
    env = { XDG_CONFIG_HOME: configHome };
  });

  afterAll(async () => {
    const store = createKeychainTokenStore({ service });
    for (const profile of profiles) await store.delete(profile);
    rmSync(configHome, { recursive: true, force: true });
  });

  it("is unavailable, with the library's reason, where there is no session bus", async () => {
    // In a process of its own: libdbus reads DBUS_SESSION_BUS_ADDRESS once, at its first use, and keeps
    // it, so changing the variable here would change nothing (or break the other tests). The script sits
    // in this package's node_modules, where the native module (left out of the bundle) is found.
    mkdirSync(join(modulesFolder, ".cache"), { recursive: true });
    const scriptFolder = mkdtempSync(join(modulesFolder, ".cache", "plex-auth-keychain-"));
    const script = join(scriptFolder, "probe.mjs");
    await build({
      stdin: {
        contents: [
          `import { probeKeychain } from ${JSON.stringify(probeSource)};`,
          "probeKeychain().then((probe) => process.stdout.write(JSON.stringify(probe)));",
        ].join("\n"),
        resolveDir: scriptFolder,
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      external: ["@napi-rs/keyring"],
      outfile: script,
      logLevel: "silent",
    });
    const noBus = `unix:path=${join(configHome, "no-such-bus")}`;
    const { stdout } = await run(process.execPath, [script], {
      env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: noBus },
    }).finally(() => rmSync(scriptFolder, { recursive: true, force: true }));
    expect(JSON.parse(stdout)).toEqual({
      available: false,
      reason: `Platform failure: DBus error: Failed to connect to socket ${join(configHome, "no-such-bus")}: No such file or directory`,
    });
  });

  it("is available", async () => {
    expect(await probeKeychain({ service })).toEqual({ available: true });
    const required = await chooseTokenStore({ env: { ...env, PLEX_AUTH_TOKEN_STORE: "keychain" }, service });
    expect(required.describe("default")).toBe(`the system keychain (service "${service}", account "default")`);
  });

  it("stores, reads and deletes a login through createKeychainTokenStore", async () => {
    const store = createKeychainTokenStore({ service });
    expect(await store.read("default")).toBeUndefined();
    await store.write("default", login("real-keychain-token-1"));
    expect((await store.read("default"))?.token).toBe("real-keychain-token-1");
    await store.write("default", login("real-keychain-token-2"));
    expect((await store.read("default"))?.token).toBe("real-keychain-token-2");
    expect(await store.read("work")).toBeUndefined();
    expect(await store.delete("default")).toBe(true);
    expect(await store.delete("default")).toBe(false);
    expect(await store.read("default")).toBeUndefined();
  });

  it("is what chooseTokenStore picks in auto mode, and nothing lands in a file", async () => {
    const store = await chooseTokenStore({ env, service });
    expect(store.kind).toBe("keychain");
    await store.write("auto", login("real-keychain-token-3"));
    expect(store.kind).toBe("keychain");
    expect(store.describe("auto")).toBe(`the system keychain (service "${service}", account "auto")`);
    expect(await store.whereIs?.("auto")).toBe("keychain");
    expect((await createKeychainTokenStore({ service }).read("auto"))?.token).toBe("real-keychain-token-3");
    const file = await chooseTokenStore({ env: { ...env, PLEX_AUTH_TOKEN_STORE: "file" } });
    expect(await file.read("auto")).toBeUndefined();
    expect(await store.delete("auto")).toBe(true);
    expect(await store.read("auto")).toBeUndefined();
  });

  it("moves a login from the file to the keychain in auto mode", async () => {
    const file = await chooseTokenStore({ env: { ...env, PLEX_AUTH_TOKEN_STORE: "file" } });
    await file.write("moved", login("file-then-keychain-token"));
    const store = await chooseTokenStore({ env, service });
    expect((await store.read("moved"))?.token).toBe("file-then-keychain-token");
    expect(store.kind).toBe("file");
    await store.write("moved", login("file-then-keychain-token"));
    expect(await store.whereIs?.("moved")).toBe("keychain");
    expect(await file.read("moved")).toBeUndefined();
  });
});
