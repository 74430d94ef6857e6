#!/usr/bin/env node
// Publishes the JSR packages: `deno publish` in each member of the root deno.json workspace, in the order
// the workspace lists them (a package before those that import it: @plex-auth/core, then @plex-auth/deno).
// Part of `pnpm release`, after `pnpm -r publish`, from the same commit; the versions are the ones
// `pnpm version-packages` copied from package.json (scripts/sync-jsr-versions.mjs).
//
//   node scripts/publish-jsr.mjs             publish; in GitHub Actions, Deno authenticates with the job's
//                                            OIDC token (needs `permissions: id-token: write`), no secret
//   node scripts/publish-jsr.mjs --dry-run   `deno publish --dry-run --allow-dirty` (type-checks, rejects
//                                            slow types, uploads nothing)
//
// A version JSR already has is skipped by Deno ("Skipping, already published"), so a release job that is
// re-run after a partial failure publishes only what is missing. Other arguments are passed to every
// `deno publish`. Outside GitHub Actions, give a JSR token with `--token` (its value is never printed
// back).
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
// The root devDependency (on PATH under `pnpm run`, but this also runs as a plain `node` script).
const localDeno = join(root, "node_modules", ".bin", process.platform === "win32" ? "deno.cmd" : "deno");
const deno = existsSync(localDeno) ? localDeno : "deno";

const args = process.argv.slice(2);
const dryRun = args.includes("--dry-run");
const passThrough = args.filter((arg) => arg !== "--dry-run");
const publishArgs = ["publish", ...(dryRun ? ["--dry-run", "--allow-dirty"] : []), ...passThrough];
// The command line as it may be printed: a `--token` value is a secret.
const printableArgs = publishArgs.map((arg, index) =>
  publishArgs[index - 1] === "--token" ? "…" : arg.startsWith("--token=") ? "--token=…" : arg,
);

const { workspace = [] } = JSON.parse(readFileSync(join(root, "deno.json"), "utf8"));
if (workspace.length === 0) {
  process.stderr.write("publish-jsr: the root deno.json lists no workspace members\n");
  process.exit(1);
}

const failed = [];
for (const member of workspace) {
  const dir = join(root, member);
  const manifestPath = ["jsr.json", "deno.json"].map((file) => join(dir, file)).find((path) => existsSync(path));
  if (!manifestPath) {
    failed.push(member);
    process.stderr.write(`publish-jsr: ${member} has no jsr.json or deno.json\n`);
    continue;
  }
  const { name, version } = JSON.parse(readFileSync(manifestPath, "utf8"));
  process.stdout.write(
    `\npublish-jsr: ${dryRun ? "dry run of " : ""}${name}@${version} (${relative(root, dir) || "."})\n`,
  );
  const outcome = spawnSync(deno, publishArgs, {
    cwd: dir,
    stdio: "inherit",
    // deno.cmd on Windows needs a shell; the arguments are ours, not user input.
    shell: process.platform === "win32",
  });
  if (outcome.status !== 0) {
    failed.push(name);
    process.stderr.write(
      `publish-jsr: deno ${printableArgs.join(" ")} failed for ${name}${outcome.error ? `: ${outcome.error.message}` : ""}\n`,
    );
    // A dependent published without its dependency would fail anyway; stop at the first failure.
    if (!dryRun) break;
  }
}

if (failed.length > 0) {
  process.stderr.write(`publish-jsr: failed: ${failed.join(", ")}\n`);
  process.exit(1);
}
process.stdout.write(`publish-jsr: ${dryRun ? "dry run passed" : "published"} for ${workspace.length} package(s)\n`);
