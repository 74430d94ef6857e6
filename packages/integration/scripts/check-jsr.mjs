// check:jsr: `deno publish --dry-run` of each member of the root deno.json workspace, run in the member's
// directory so a failure names its package. It type-checks the package as JSR will, rejects slow types
// (public API without explicit types) and resolves workspace imports (@plex-auth/deno -> @plex-auth/core).
// Runs offline; `--allow-dirty` because CI and developers run it on uncommitted trees.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./published-packages.mjs";
import { report } from "./summary.mjs";

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes.
const ANSI = /\u001b\[[0-9;]*m/g;
// The root devDependency, whether or not this runs under `pnpm run` (which would put it on PATH).
const deno = join(ROOT, "node_modules/.bin/deno");
const members = JSON.parse(readFileSync(join(ROOT, "deno.json"), "utf8")).workspace.map((member) => join(ROOT, member));

report(
  members.map((dir) => {
    const { name } = JSON.parse(readFileSync(join(dir, "deno.json"), "utf8"));
    const outcome = spawnSync(deno, ["publish", "--dry-run", "--allow-dirty"], {
      cwd: dir,
      encoding: "utf8",
      // Deno colours its output whenever FORCE_COLOR is set, even to 0 (as scripts/test-all.mjs sets it).
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
    });
    const output = `${outcome.stdout ?? ""}${outcome.stderr ?? ""}${outcome.error ?? ""}`.replace(ANSI, "");
    // Slow types fail the run; other problems (e.g. unanalyzable dynamic imports) print "warning[…]".
    const warned = /^\s*warning\[/im.test(output);
    return {
      name: `deno publish --dry-run: ${name} (no slow types, no warnings)`,
      ok: outcome.status === 0 && !warned && output.includes(`Simulating publish of ${name}@`),
      detail: output.trim(),
    };
  }),
);
