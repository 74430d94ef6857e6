import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { InvalidInputError, PlexAuthError } from "@plex-auth/core";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { createFileTokenStore, tokenDirectory } from "../../src/store/file-store.ts";
import { caught, everythingShown, loginWith, TOKEN, useTemporaryDirectories } from "./support.ts";

const temporaryDirectory = useTemporaryDirectories();
// Windows has no POSIX permission bits (Node reports 0o666 for files, 0o777 for folders): modes are checked elsewhere.
const POSIX_PERMISSIONS = process.platform !== "win32";
// A real temporary directory is a Windows path on Windows, which "linux" would ignore as a relative
// XDG_CONFIG_HOME (and then write to the real ~/.config).
const PLATFORM = process.platform === "win32" ? "win32" : "linux";

function storeIn(configHome: string, platform: string = PLATFORM) {
  const env = { XDG_CONFIG_HOME: configHome };
  return {
    store: createFileTokenStore({ env, platform }),
    folder: tokenDirectory({ env, platform }),
  };
}

describe("createFileTokenStore", () => {
  it("keeps a profile's login in <config>/plex-auth/cli-tokens/<profile>, beside the client identifiers", () => {
    const { store } = storeIn("/xdg", "linux");
    expect(store.kind).toBe("file");
    expect(store.describe("work")).toBe("/xdg/plex-auth/cli-tokens/work");
    const windows = createFileTokenStore({ env: { APPDATA: "C:\\Users\\me\\AppData\\Roaming" }, platform: "win32" });
    expect(windows.describe("default")).toBe("C:\\Users\\me\\AppData\\Roaming\\plex-auth\\cli-tokens\\default");
  });

  it("writes the login 0600 in a 0700 folder and reads it back", async () => {
    const { store, folder } = storeIn(temporaryDirectory());
    await store.write("default", loginWith());
    if (POSIX_PERMISSIONS) {
      expect(statSync(join(folder, "default")).mode & 0o777).toBe(0o600);
      expect(statSync(folder).mode & 0o777).toBe(0o700);
      expect(statSync(join(folder, "..")).mode & 0o777).toBe(0o700);
    }
    expect(await store.read("default")).toEqual(loginWith());
    expect(await store.whereIs?.("default")).toBe("file");
    expect(JSON.parse(readFileSync(join(folder, "default"), "utf8"))).toEqual(loginWith());
  });

  it("keeps profiles apart, and reads a missing one as none", async () => {
    const { store } = storeIn(temporaryDirectory());
    await store.write("work", loginWith("work-token-1234"));
    expect(await store.read("home")).toBeUndefined();
    expect(await store.whereIs?.("home")).toBeUndefined();
    expect((await store.read("work"))?.token).toBe("work-token-1234");
  });

  it("replaces a login atomically and leaves no temporary file behind", async () => {
    const { store, folder } = storeIn(temporaryDirectory());
    await store.write("default", loginWith("first-token-1234"));
    await store.write("default", loginWith("second-token-5678"));
    expect((await store.read("default"))?.token).toBe("second-token-5678");
    expect(readdirSync(folder)).toEqual(["default"]);
    if (POSIX_PERMISSIONS) expect(statSync(join(folder, "default")).mode & 0o777).toBe(0o600);
  });

  it("deletes a login: true when there was one, false after", async () => {
    const { store, folder } = storeIn(temporaryDirectory());
    await store.write("default", loginWith());
    expect(await store.delete("default")).toBe(true);
    expect(await store.delete("default")).toBe(false);
    expect(await store.read("default")).toBeUndefined();
    expect(readdirSync(folder)).toEqual([]);
  });

  it("reads a corrupt file as no login, never throwing", async () => {
    const { store, folder } = storeIn(temporaryDirectory());
    mkdirSync(folder, { recursive: true });
    const corrupt = [
      "",
      "not json",
      `{"token":"${TOKEN}"`,
      "null",
      "[]",
      '"a string"',
      "{}",
      JSON.stringify({ token: 12345, storedAt: "2026-01-02" }),
      JSON.stringify({ token: "", storedAt: "2026-01-02" }),
      JSON.stringify({ token: "with\nnewline", storedAt: "2026-01-02" }),
      JSON.stringify({ token: "with\u001b[2Jescape", storedAt: "2026-01-02" }),
      JSON.stringify({ token: "x".repeat(16_385), storedAt: "2026-01-02" }),
      JSON.stringify({ token: TOKEN }),
      JSON.stringify({ token: TOKEN, storedAt: "2026-01-02", username: "evil\u001b]0;title\u0007" }),
      JSON.stringify({ token: TOKEN, storedAt: "2026-01-02", uuid: 42 }),
      `${JSON.stringify(loginWith())}${" ".repeat(40_000)}`,
    ];
    for (const text of corrupt) {
      writeFileSync(join(folder, "default"), text);
      expect(await store.read("default"), text.slice(0, 60)).toBeUndefined();
    }
  });

  it("reads the longest plausible token, and keeps only the known fields", async () => {
    const { store, folder } = storeIn(temporaryDirectory());
    mkdirSync(folder, { recursive: true });
    const token = "x".repeat(16_384);
    writeFileSync(join(folder, "default"), JSON.stringify({ token, storedAt: "2026-01-02", extra: "ignored" }));
    expect(await store.read("default")).toEqual({ token, storedAt: "2026-01-02" });
  });

  it("refuses a login it could not read back, without quoting the token", async () => {
    const { store, folder } = storeIn(temporaryDirectory());
    const badToken = `${TOKEN}\n`;
    const error = await caught(() => store.write("default", loginWith(badToken)));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("token must be 1 to 16384 characters");
    expect(everythingShown(error)).not.toContain(TOKEN);
    expect(() => readdirSync(folder)).toThrow();
  });

  it("refuses a profile name that is a path", async () => {
    const { store } = storeIn(temporaryDirectory());
    expect(() => store.describe("../escape")).toThrow(InvalidInputError);
    await expect(store.write("../escape", loginWith())).rejects.toThrow(/--profile/);
    await expect(store.read("a/b")).rejects.toThrow(InvalidInputError);
  });

  it("says which file could not be written and what to do, never the token", async () => {
    const configHome = temporaryDirectory();
    const { store, folder } = storeIn(configHome);
    // A file where the folder should be: nothing can be created under it (root ignores permissions).
    mkdirSync(join(folder, ".."), { recursive: true });
    writeFileSync(folder, "in the way");
    const error = await caught(() => store.write("default", loginWith()));
    expect(error).toBeInstanceOf(PlexAuthError);
    expect(error.message).toContain(`Could not store the login in ${join(folder, "default")} (`);
    expect(error.message).toContain(`make ${folder} writable by you, or set PLEX_AUTH_TOKEN_STORE=keychain`);
    expect(everythingShown(error)).not.toContain(TOKEN);
  });

  it("says which file could not be read or deleted", async () => {
    const { store, folder } = storeIn(temporaryDirectory());
    mkdirSync(join(folder, "default"), { recursive: true });
    const readError = await caught(() => store.read("default"));
    expect(readError).toBeInstanceOf(PlexAuthError);
    expect(readError.message).toContain(`Could not read the stored login ${join(folder, "default")} (EISDIR)`);
    const deleteError = await caught(() => store.delete("default"));
    expect(deleteError).toBeInstanceOf(PlexAuthError);
    expect(deleteError.message).toContain(`Could not delete the stored login ${join(folder, "default")} (`);
  });

  // Not on Windows: there a rename over a file that a reader has open fails with EPERM or EBUSY (and a reader
  // can hit a file being replaced), which is the platform's locking, not a partial file.
  it.skipIf(process.platform === "win32")(
    "never lets a reader see a partial file while processes write at once",
    async () => {
      const directory = temporaryDirectory();
      const script = join(directory, "write.mjs");
      const source = fileURLToPath(new URL("../../src/store/file-store.ts", import.meta.url));
      await build({
        stdin: {
          contents: [
            `import { createFileTokenStore } from ${JSON.stringify(source)};`,
            "const [configHome, writer, startAt] = process.argv.slice(2);",
            "const store = createFileTokenStore({ env: { XDG_CONFIG_HOME: configHome }, platform: 'linux' });",
            // Start together, so the writers really race: asleep until startAt (~500 ms away), not spinning.
            "Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, Number(startAt) - Date.now()));",
            "for (let round = 0; round < 100; round++) {",
            // Tokens near the limit, so a non-atomic write would be caught half done.
            "  const token = (writer + '-' + round + '-').padEnd(16_000, writer);",
            "  await store.write('default', { token, username: writer, storedAt: new Date().toISOString() });",
            "}",
          ].join("\n"),
          resolveDir: directory,
          loader: "ts",
        },
        bundle: true,
        platform: "node",
        format: "esm",
        outfile: script,
        logLevel: "silent",
      });
      const configHome = join(directory, "config");
      const { store, folder } = storeIn(configHome);
      const writers = ["a", "b", "c", "d"];
      await store.write("default", loginWith("a-start-token"));
      const startAt = String(Date.now() + 500);
      let finished = false;
      const running = Promise.all(writers.map((writer) => runNode(script, [configHome, writer, startAt]))).finally(
        () => {
          finished = true;
        },
      );
      let reads = 0;
      while (!finished) {
        const login = await store.read("default");
        expect(login, "a reader saw no login, or a partial one").toBeDefined();
        expect(login?.token.length === 16_000 || login?.token === "a-start-token").toBe(true);
        expect(writers).toContain(login?.token[0]);
        reads++;
      }
      await running;
      expect(reads).toBeGreaterThan(0);
      expect((await store.read("default"))?.token).toMatch(/^[abcd]-99-/);
      expect(readdirSync(folder)).toEqual(["default"]);
    },
    20_000,
  );
});

function runNode(script: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`exit ${code}: ${stderr}`))));
  });
}
