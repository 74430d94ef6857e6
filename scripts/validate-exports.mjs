#!/usr/bin/env node
// Checks, for every package with both an npm and a JSR manifest, that they describe the same package:
// same name and version, the same export subpaths, and each npm entry built from the file JSR serves
// (dist/<name>.js from src/<name>.ts). JSR-only packages (private on npm) get their JSR entries checked.
// Ends with "N passed, N failed", like every check:* script. (The idea is hono's build/validate-exports.ts.)
import { existsSync, readFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { findPackages } from "./jsr-manifests.mjs";

/** `{ ".": target, "./sub": target }` from an `exports` field given as a string, a subpath map or conditions. */
function subpathMap(exports) {
  if (exports === undefined) return {};
  if (typeof exports === "string") return { ".": exports };
  const keys = Object.keys(exports);
  return keys.every((key) => key.startsWith(".")) ? exports : { ".": exports };
}

/** The file an npm export target resolves to for `import`, following nested conditions. */
function importTarget(target) {
  if (typeof target === "string") return target;
  for (const condition of ["import", "default"]) {
    if (target?.[condition] !== undefined) return importTarget(target[condition]);
  }
  return undefined;
}

function stem(path) {
  return basename(path).replace(/\.(d\.)?[cm]?[jt]sx?$/, "");
}

/** The member directories of the root deno.json workspace, relative to the root, without "./". */
function workspaceMembers(root) {
  const path = join(root, "deno.json");
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, "utf8")).workspace ?? []).map((member) =>
    member.replace(/^\.\//, "").replace(/\/$/, ""),
  );
}

/** Returns `[{ name, ok, detail? }]`, one per check. */
export function validateExports(root) {
  const results = [];
  const check = (name, ok, detail) => results.push(ok ? { name, ok } : { name, ok, detail });
  const members = workspaceMembers(root);
  for (const { dir, npm, jsr, jsrPath } of findPackages(root)) {
    if (!jsr) continue;
    const label = `${npm.name} (${relative(root, jsrPath)})`;
    const jsrExports = subpathMap(jsr.exports);
    // `deno publish` at the root publishes the workspace members, and only those resolve each other.
    check(
      `${label}: is a member of the root deno.json workspace`,
      members.includes(relative(root, dir)),
      `members: ${members.join(", ")}`,
    );
    check(`${label}: JSR name matches package.json`, jsr.name === npm.name, `${jsr.name} != ${npm.name}`);
    check(
      `${label}: JSR version matches package.json`,
      jsr.version === npm.version,
      `${jsr.version} != ${npm.version}`,
    );
    const missing = Object.values(jsrExports).filter((target) => !existsSync(join(dir, target)));
    check(
      `${label}: every JSR export exists`,
      missing.length === 0 && Object.keys(jsrExports).length > 0,
      missing.join(", ") || "no exports",
    );
    if (npm.private) continue;

    const npmExports = Object.fromEntries(
      Object.entries(subpathMap(npm.exports)).filter(([subpath]) => subpath !== "./package.json"),
    );
    const npmPaths = Object.keys(npmExports).sort();
    const jsrPaths = Object.keys(jsrExports).sort();
    check(
      `${label}: npm and JSR export the same subpaths`,
      npmPaths.join() === jsrPaths.join(),
      `npm: ${npmPaths.join(", ")}; JSR: ${jsrPaths.join(", ")}`,
    );
    const mismatched = jsrPaths.filter((subpath) => {
      const built = importTarget(npmExports[subpath]);
      return built !== undefined && stem(built) !== stem(jsrExports[subpath]);
    });
    check(
      `${label}: each npm entry is built from the file JSR serves`,
      mismatched.length === 0,
      mismatched
        .map((subpath) => `${subpath}: ${importTarget(npmExports[subpath])} vs ${jsrExports[subpath]}`)
        .join("; "),
    );
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The repository root: the first argument, or the working directory.
  const results = validateExports(process.argv[2] ?? process.cwd());
  for (const result of results) {
    process.stdout.write(
      `${result.ok ? "ok  " : "FAIL"} ${result.name}${result.ok ? "" : `\n     ${result.detail}`}\n`,
    );
  }
  const failed = results.filter((result) => !result.ok).length;
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  process.exitCode = failed === 0 && results.length > 0 ? 0 : 1;
}
