import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { InvalidInputError, loadOrCreateClientIdentifier, PlexAuthError } from "../src/index.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const temporaryDirectory = useTemporaryDirectories();
// Windows has no POSIX permission bits (Node reports 0o666 for files, 0o777 for folders): modes are checked elsewhere.
const POSIX_PERMISSIONS = process.platform !== "win32";
// A real temporary directory is a Windows path on Windows, which "linux" would ignore as a relative XDG_CONFIG_HOME.
const PLATFORM = process.platform === "win32" ? "win32" : "linux";

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("loadOrCreateClientIdentifier", () => {
  it("writes a random UUID on the first run, 0600 in a 0700 directory, and returns the same one after", () => {
    const configHome = temporaryDirectory();
    const env = { XDG_CONFIG_HOME: configHome };
    const first = loadOrCreateClientIdentifier({ env, platform: PLATFORM });
    const file = join(configHome, "plex-auth", "client-id");
    expect(first).toMatch(UUID);
    expect(readFileSync(file, "utf8")).toBe(`${first}\n`);
    if (POSIX_PERMISSIONS) {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(join(configHome, "plex-auth")).mode & 0o777).toBe(0o700);
    }
    expect(loadOrCreateClientIdentifier({ env, platform: PLATFORM })).toBe(first);
    expect(readdirSync(join(configHome, "plex-auth"))).toEqual(["client-id"]);
  });

  it("keeps an identifier someone else stored, trimmed", () => {
    const file = join(temporaryDirectory(), "client-id");
    writeFileSync(file, "  my-own-identifier \r\n");
    expect(loadOrCreateClientIdentifier({ file })).toBe("my-own-identifier");
  });

  it("refuses to replace a file that holds no identifier, since that would register a new device", () => {
    const file = join(temporaryDirectory(), "client-id");
    writeFileSync(file, "two\nlines");
    expect(() => loadOrCreateClientIdentifier({ file })).toThrow(InvalidInputError);
    expect(() => loadOrCreateClientIdentifier({ file })).toThrow(/delete it to generate a new one/);
    expect(readFileSync(file, "utf8")).toBe("two\nlines");
  });

  it("says which file it could not use and how to do without it", () => {
    const blocker = join(temporaryDirectory(), "not-a-directory");
    writeFileSync(blocker, "");
    const file = join(blocker, "plex-auth", "client-id");
    expect(() => loadOrCreateClientIdentifier({ file })).toThrow(PlexAuthError);
    // Windows answers a path through a file with ENOENT, not ENOTDIR: nothing is read, and making the folder fails.
    const [action, code] =
      process.platform === "win32" ? ["(?:read|store)", "(?:ENOTDIR|ENOENT|EEXIST)"] : ["read", "ENOTDIR"];
    expect(() => loadOrCreateClientIdentifier({ file })).toThrow(
      new RegExp(
        `Could not ${action} the Plex client identifier in ${escapeRegExp(file)} \\(${code}\\)\\. Set PLEX_CLIENT_IDENTIFIER`,
      ),
    );
  });

  // Not on Windows: there a rename, link or delete of a file another process has open can fail with EPERM or
  // EBUSY, so eight processes racing for one file test the platform's locking more than this code.
  it.skipIf(process.platform === "win32")(
    "makes concurrent first runs in separate processes agree on one identifier",
    async () => {
      const directory = temporaryDirectory();
      const script = join(directory, "load.mjs");
      const source = fileURLToPath(new URL("../src/client-identifier.ts", import.meta.url));
      await build({
        stdin: {
          contents: [
            `import { loadOrCreateClientIdentifier } from ${JSON.stringify(source)};`,
            "const [file, startAt] = process.argv.slice(2);",
            // Start together, so the runs really race for the file. Bounded by startAt, ~300 ms away.
            "while (Date.now() < Number(startAt)) {}",
            "process.stdout.write(loadOrCreateClientIdentifier({ file }));",
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
      const file = join(configDirectory, "plex-auth", "client-id");
      const startAt = String(Date.now() + 300);
      const runs = Array.from({ length: 8 }, () => runNode(script, [file, startAt]));
      const identifiers = await Promise.all(runs);
      expect(identifiers[0]).toMatch(UUID);
      expect(new Set(identifiers)).toEqual(new Set([identifiers[0]]));
      expect(readFileSync(file, "utf8").trim()).toBe(identifiers[0]);
      // The losers' temporary files are gone.
      expect(readdirSync(join(configDirectory, "plex-auth"))).toEqual(["client-id"]);
    },
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
