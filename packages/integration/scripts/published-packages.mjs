// The packages npm users get: every non-private package under packages/, and how to pack them.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../..", import.meta.url));

/** `[{ name, dir, manifest }]` for each package under packages/ that is not private, sorted by directory. */
export function publishedPackages() {
  const packagesDir = join(ROOT, "packages");
  return readdirSync(packagesDir)
    .sort()
    .map((entry) => join(packagesDir, entry, "package.json"))
    .filter((path) => existsSync(path))
    .map((path) => ({ dir: join(path, ".."), manifest: JSON.parse(readFileSync(path, "utf8")) }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir, manifest }));
}

/** The export subpaths of a manifest that lead to code (not JSON such as `./package.json`), e.g. `[".", "./node"]`. */
export function codeSubpaths(manifest) {
  const exports = manifest.exports;
  if (exports === undefined) return manifest.main ? ["."] : [];
  if (typeof exports === "string" || !Object.keys(exports).some((key) => key.startsWith("."))) return ["."];
  return Object.keys(exports).filter(
    (subpath) =>
      !subpath.endsWith(".json") && !JSON.stringify(exports[subpath]).includes('.json"') && !subpath.includes("*"),
  );
}

/** Whether an export target (a path, a condition map or a fallback array) has `condition` at any depth. */
function hasCondition(target, condition) {
  if (Array.isArray(target)) return target.some((item) => hasCondition(item, condition));
  if (target === null || typeof target !== "object") return false;
  return Object.entries(target).some(([key, value]) => key === condition || hasCondition(value, condition));
}

/**
 * The code subpaths a CommonJS consumer can `require()`: those whose export has a `require` condition. An
 * ESM-only package (such as @plex-auth/cli) has none. Decided from the manifest, not from whether
 * `require()` happens to work: Node >= 20.19 loads ESM through require(esm), which proves no CJS build.
 */
export function requireSubpaths(manifest) {
  const exports = manifest.exports;
  // Without conditions to read, the package type decides what `main` (or the single export) is.
  if (exports === undefined || typeof exports === "string")
    return manifest.type === "module" ? [] : codeSubpaths(manifest);
  const conditionsOnly = !Object.keys(exports).some((key) => key.startsWith("."));
  return codeSubpaths(manifest).filter((subpath) =>
    hasCondition(conditionsOnly ? exports : exports[subpath], "require"),
  );
}

/**
 * Packs a package with `pnpm pack`, as `pnpm publish` would (workspace: ranges become real versions), into
 * `destination`. Returns the tarball's path.
 */
export function pack(dir, destination) {
  const output = execFileSync("pnpm", ["pack", "--pack-destination", destination], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tarball = output.trim().split("\n").pop();
  if (!tarball?.endsWith(".tgz") || !existsSync(tarball))
    throw new Error(`pnpm pack in ${dir} printed no tarball:\n${output}`);
  return tarball;
}
