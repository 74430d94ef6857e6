#!/usr/bin/env node
// Copies each package's package.json version into its jsr.json / deno.json, so JSR publishes the version
// changesets chose. Runs after `changeset version` (see the root "version-packages" script). Only the
// "version" value is rewritten, in place, so the file keeps its formatting.
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The repository root: the working directory, as `pnpm version-packages` runs it, or the first argument.
  const root = process.argv[2] ?? process.cwd();
  const changes = syncJsrVersions(root);
  for (const change of changes) process.stdout.write(`${change.file}: ${change.from} -> ${change.to}\n`);
  if (changes.length === 0) process.stdout.write("JSR manifests already match package.json versions\n");
}
