// Shared by validate-exports.mjs and sync-jsr-versions.mjs: finds each package's npm and JSR manifests.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The JSR manifest names, in the order Deno reads them. */
export const JSR_MANIFESTS = ["jsr.json", "deno.json"];

/**
 * Every directory under `<root>/packages` with a package.json, with its JSR manifest when it has one:
 * `{ dir, npm, npmPath, jsr, jsrPath }` (`jsr` and `jsrPath` undefined when there is none).
 */
export function findPackages(root) {
  const packagesDir = join(root, "packages");
  const found = [];
  for (const name of readdirSync(packagesDir).sort()) {
    const dir = join(packagesDir, name);
    const npmPath = join(dir, "package.json");
    if (!existsSync(npmPath)) continue;
    const jsrPath = JSR_MANIFESTS.map((file) => join(dir, file)).find((path) => existsSync(path));
    found.push({
      dir,
      npmPath,
      npm: JSON.parse(readFileSync(npmPath, "utf8")),
      jsrPath,
      jsr: jsrPath ? JSON.parse(readFileSync(jsrPath, "utf8")) : undefined,
    });
  }
  return found;
}
