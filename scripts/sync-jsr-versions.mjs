#!/usr/bin/env node
// Copies each package's package.json version into its jsr.json / deno.json, so JSR publishes the version
// changesets chose, into MCP bundle manifests (manifest.json), so the bundle runs the released version, and
// into MCP registry entries (server.json). Runs after `changeset version` (see the root "version-packages" script). Only the
// "version" value is rewritten, in place, so the file keeps its formatting.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { findPackages } from "./jsr-manifests.mjs";

const VERSION_FIELD = /("version"\s*:\s*)"[^"]*"/;

/** Returns `[{ file, from, to }]` for each manifest it changed. */
export function syncJsrVersions(root) {
  const changes = [];
  for (const { npm, jsr, jsrPath } of findPackages(root)) {
    if (!jsr || jsr.version === npm.version) continue;
    const text = readFileSync(jsrPath, "utf8");
    if (!VERSION_FIELD.test(text)) throw new Error(`${jsrPath} has no "version" field to update`);
    const updated = text.replace(VERSION_FIELD, `$1${JSON.stringify(npm.version)}`);
    // The first "version" in the file must be the top-level one; check rather than trust the regex.
    if (JSON.parse(updated).version !== npm.version) throw new Error(`could not update the version of ${jsrPath}`);
    writeFileSync(jsrPath, updated);
    changes.push({ file: relative(root, jsrPath), from: jsr.version, to: npm.version });
  }
  return changes;
}

/**
 * The same for MCP bundle manifests (packages/<name>/manifest.json with a "manifest_version"): their
 * "version", and the `--package=<name>@<version>` pin that `npx` runs, follow package.json.
 * Returns `[{ file, from, to }]` for each manifest it changed.
 */
export function syncBundleManifests(root) {
  const changes = [];
  const packagesDir = join(root, "packages");
  if (!existsSync(packagesDir)) return changes;
  for (const name of readdirSync(packagesDir)) {
    const manifestPath = join(packagesDir, name, "manifest.json");
    const packagePath = join(packagesDir, name, "package.json");
    if (!existsSync(manifestPath) || !existsSync(packagePath)) continue;
    const text = readFileSync(manifestPath, "utf8");
    const manifest = JSON.parse(text);
    const npm = JSON.parse(readFileSync(packagePath, "utf8"));
    if (manifest.manifest_version === undefined || manifest.version === npm.version) continue;
    const pin = (version) => `--package=${npm.name}@${version}`;
    const updated = text
      .replace(VERSION_FIELD, `$1${JSON.stringify(npm.version)}`)
      .split(pin(manifest.version))
      .join(pin(npm.version));
    if (JSON.parse(updated).version !== npm.version) throw new Error(`could not update the version of ${manifestPath}`);
    writeFileSync(manifestPath, updated);
    changes.push({ file: relative(root, manifestPath), from: manifest.version, to: npm.version });
  }
  return changes;
}

/**
 * The same for MCP registry entries (packages/<name>/server.json): the entry's "version" and the version of
 * each of its packages that is this npm package, as the registry requires them to match what was published.
 * Returns `[{ file, from, to }]` for each entry it changed.
 */
export function syncRegistryEntries(root) {
  const changes = [];
  const packagesDir = join(root, "packages");
  if (!existsSync(packagesDir)) return changes;
  for (const name of readdirSync(packagesDir)) {
    const entryPath = join(packagesDir, name, "server.json");
    const packagePath = join(packagesDir, name, "package.json");
    if (!existsSync(entryPath) || !existsSync(packagePath)) continue;
    const entry = JSON.parse(readFileSync(entryPath, "utf8"));
    const npm = JSON.parse(readFileSync(packagePath, "utf8"));
    const ours = (entry.packages ?? []).filter((item) => item.registryType === "npm" && item.identifier === npm.name);
    if (entry.version === npm.version && ours.every((item) => item.version === npm.version)) continue;
    const from = entry.version;
    entry.version = npm.version;
    for (const item of ours) item.version = npm.version;
    writeFileSync(entryPath, `${JSON.stringify(entry, null, 2)}\n`);
    changes.push({ file: relative(root, entryPath), from, to: npm.version });
  }
  return changes;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The repository root: the working directory, as `pnpm version-packages` runs it, or the first argument.
  const root = process.argv[2] ?? process.cwd();
  const changes = [...syncJsrVersions(root), ...syncBundleManifests(root), ...syncRegistryEntries(root)];
  for (const change of changes) process.stdout.write(`${change.file}: ${change.from} -> ${change.to}\n`);
  if (changes.length === 0) process.stdout.write("JSR manifests already match package.json versions\n");
}
