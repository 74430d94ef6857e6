// check:packages: every published package, packed as `pnpm publish` would pack it, must be clean under
// publint (strict: warnings fail like errors; suggestions are printed) and arethetypeswrong (types and code resolve under node16 from ESM and
// from CJS, and under bundler resolution: the `node16` profile, as the package is for Node >= 20). A package
// whose exports have no `require` condition (ESM-only, like @plex-auth/cli) gets the `esm-only` profile,
// which does not ask CommonJS to resolve it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { codeSubpaths, pack, publishedPackages, requireSubpaths } from "./published-packages.mjs";
import { report } from "./summary.mjs";

// The CLI's own bin: its package exports no path to it.
const attw = fileURLToPath(new URL("../node_modules/.bin/attw", import.meta.url));
const destination = mkdtempSync(join(tmpdir(), "plex-auth-packages-"));
const results = [];
try {
  for (const { name, dir, manifest } of publishedPackages()) {
    let tarball;
    try {
      tarball = pack(dir, destination);
    } catch (error) {
      results.push({ name: `${name}: pnpm pack`, ok: false, detail: String(error.message) });
      continue;
    }
    const bytes = readFileSync(tarball);
    const lint = await publint({
      pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
      level: "suggestion",
      strict: true,
    });
    // As `publint --strict`: errors and warnings fail, suggestions are printed.
    const failing = lint.messages.filter((message) => message.type !== "suggestion");
    for (const message of lint.messages.filter((m) => m.type === "suggestion")) {
      process.stdout.write(`note ${name}: publint suggests: ${formatMessage(message, lint.pkg)}\n`);
    }
    results.push({
      name: `${name}: publint --strict`,
      ok: failing.length === 0,
      detail: failing.map((message) => `${message.type}: ${formatMessage(message, lint.pkg)}`).join("\n"),
    });
    if (codeSubpaths(manifest).length === 0) {
      // A command-line package (only `bin`) has no import for arethetypeswrong to resolve.
      process.stdout.write(`note ${name}: no exports, main or types, so arethetypeswrong does not apply\n`);
      continue;
    }
    const esmOnly = requireSubpaths(manifest).length === 0;
    const types = spawnSync(attw, [tarball, "--profile", esmOnly ? "esm-only" : "node16", "--format", "ascii"], {
      encoding: "utf8",
    });
    results.push({
      name: `${name}: arethetypeswrong (${esmOnly ? "esm-only: node16 ESM, bundler" : "node16 ESM and CJS, bundler"})`,
      ok: types.status === 0,
      detail: `${types.stdout}${types.stderr}`.trim(),
    });
  }
} finally {
  rmSync(destination, { recursive: true, force: true });
}
report(results);
