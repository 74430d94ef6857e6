import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The stdio tests spawn the built bin: build it first when it is missing or older than the sources, so a
 * plain `pnpm test` never runs against a stale bundle.
 */
export default function setup(): void {
  const bin = join(root, "dist", "command", "bin.js");
  if (existsSync(bin) && statSync(bin).mtimeMs >= newestSource(join(root, "src"))) return;
  execFileSync(process.execPath, [join(root, "node_modules", "tsup", "dist", "cli-default.js")], {
    cwd: root,
    stdio: "ignore",
  });
}
