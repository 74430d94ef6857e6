import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { InvalidInputError, PlexAuthError } from "../src/index.ts";
import { exportDeviceKey, generateDeviceKey, loadDeviceKey, loadOrCreateDeviceKey } from "../src/jwt/index.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

const temporaryDirectory = useTemporaryDirectories();
// Windows has no POSIX permission bits (Node reports 0o666 for files, 0o777 for folders): modes are checked elsewhere.
const POSIX_PERMISSIONS = process.platform !== "win32";
// A real temporary directory is a Windows path on Windows, which "linux" would ignore as a relative XDG_CONFIG_HOME.
const PLATFORM = process.platform === "win32" ? "win32" : "linux";

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

/** Everything an error shows: message, stack, JSON and cause. */
function everythingShown(error: unknown): string {
  const { message, stack, cause } = error as Error;
  return `${message}\n${stack}\n${JSON.stringify(error)}\n${String(cause)}`;
}

describe("loadOrCreateDeviceKey", () => {
  it("makes the key on the first run, 0600 in a 0700 directory, and loads the same key after", async () => {
    const configHome = temporaryDirectory();
    const env = { XDG_CONFIG_HOME: configHome };
    const first = await loadOrCreateDeviceKey({ env, platform: PLATFORM, product: "My App" });
    const file = join(configHome, "plex-auth", "device-keys", "my-app");
    const stored = JSON.parse(readFileSync(file, "utf8"));
    expect(stored).toMatchObject({ kty: "OKP", crv: "Ed25519", kid: first.kid });
    if (POSIX_PERMISSIONS) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(configHome, "plex-auth", "device-keys")).mode & 0o777).toBe(0o700);
      expect(statSync(join(configHome, "plex-auth")).mode & 0o777).toBe(0o700);
    }

    const second = await loadOrCreateDeviceKey({ env, platform: PLATFORM, product: "My App" });
    expect(second.kid).toBe(first.kid);
    expect(second.publicJwk).toEqual(first.publicJwk);
    // Loaded keys stay inside Web Crypto: the file is the one copy of the private bytes.
    expect(second.privateKey.extractable).toBe(false);
    expect(readdirSync(join(configHome, "plex-auth", "device-keys"))).toEqual(["my-app"]);
  });

  it("keeps a key someone else stored, and loadDeviceKey tells a registered installation from a new one", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "device-key");
    expect(await loadDeviceKey({ file })).toBeUndefined();
    const mine = await exportDeviceKey(await generateDeviceKey());
    writeFileSync(file, JSON.stringify(mine));
    expect((await loadOrCreateDeviceKey({ file })).kid).toBe(mine.kid);
    expect((await loadDeviceKey({ file }))?.kid).toBe(mine.kid);
  });

  it("refuses a file that holds no key, names it, leaves it as it was and never shows the key material", async () => {
    const directory = temporaryDirectory();
    const file = join(directory, "device-key");
    const real = await exportDeviceKey(await generateDeviceKey());
    const broken = [
      // Cut off: JSON.parse's own message would quote the text around `d`.
      JSON.stringify(real).slice(0, -20),
      // Edited: the kid is no longer the key's thumbprint.
      JSON.stringify({ ...real, kid: "not-its-thumbprint" }),
      JSON.stringify({ ...real, crv: "P-256" }),
      "",
    ];
    for (const text of broken) {
      writeFileSync(file, text);
      const error = await caught(() => loadOrCreateDeviceKey({ file }));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(/fix it, or delete it to make a new key.*registered with Plex again/);
      expect(everythingShown(error)).not.toContain(real.d);
      expect(readFileSync(file, "utf8")).toBe(text);
    }
  }, 20_000);

  it("says which file it could not use and what to do", async () => {
    const blocker = join(temporaryDirectory(), "not-a-directory");
    writeFileSync(blocker, "");
    const file = join(blocker, "device-key");
    const error = await caught(() => loadOrCreateDeviceKey({ file }));
    expect(error).toBeInstanceOf(PlexAuthError);
    if (process.platform === "win32") {
      // Windows answers a path through a file with ENOENT, not ENOTDIR: nothing is read, and making the folder fails.
      expect((error as Error).message).toMatch(/^Could not (read|store) the Plex device key in /);
      expect((error as Error).message).toContain(` the Plex device key in ${file} (`);
    } else {
      expect((error as Error).message).toContain(`Could not read the Plex device key in ${file} (ENOTDIR)`);
    }
  });

  // Not on Windows: there a rename, link or delete of a file another process has open can fail with EPERM or
  // EBUSY, so eight processes racing for one file test the platform's locking more than this code.
  it.skipIf(process.platform === "win32")(
    "makes concurrent first runs in separate processes agree on one key",
    async () => {
      const directory = temporaryDirectory();
      const script = join(directory, "load.mjs");
      const source = fileURLToPath(new URL("../src/jwt/device-key-file.ts", import.meta.url));
      await build({
        stdin: {
          contents: [
            `import { loadOrCreateDeviceKey } from ${JSON.stringify(source)};`,
            "const [file, startAt] = process.argv.slice(2);",
            // Start together, so the runs really race for the file. Bounded by startAt, ~500 ms away.
            "while (Date.now() < Number(startAt)) {}",
            "process.stdout.write((await loadOrCreateDeviceKey({ file })).kid);",
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
      const configDirectory = join(directory, "config");
      mkdirSync(configDirectory);
      const file = join(configDirectory, "plex-auth", "device-key");
      const startAt = String(Date.now() + 500);
      const kids = await Promise.all(Array.from({ length: 8 }, () => runNode(script, [file, startAt])));
      expect(kids[0]).toMatch(/^[\w-]{43}$/);
      expect(new Set(kids)).toEqual(new Set([kids[0]]));
      expect(JSON.parse(readFileSync(file, "utf8")).kid).toBe(kids[0]);
      // The losers' temporary files are gone.
      expect(readdirSync(join(configDirectory, "plex-auth"))).toEqual(["device-key"]);
    },
    20_000,
  );
});

function runNode(script: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}: ${stderr}`))));
  });
}
