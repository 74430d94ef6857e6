#!/usr/bin/env node
// Installs the @plex-auth packages of this clone into another project, until they are on npm:
//
//   pnpm install && pnpm build && pnpm install-into ../my-app     (or: node scripts/install-from-clone.mjs ../my-app)
//
// Every published package (each packages/*/package.json that is not private) is packed with `pnpm pack`,
// as `pnpm publish` packs it (workspace: ranges become versions), and all the tarballs are installed
// together with one `npm install` in the target project. Together, because a tarball installed alone asks
// the registry for the @plex-auth packages it depends on, and they are not there yet. Third-party
// dependencies (valibot, jose, …) come from the registry as usual. Arguments starting with `-` go to
// `npm install` (e.g. `--save-dev`).
//
// It builds nothing: run `pnpm build` first. The tarballs are kept in this clone's tmp/install-from-clone/
// (ignored by git), because the target's package.json and lockfile point at them (`file:` paths): a later
// `npm install` there needs them.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { pack, publishedPackages } from "../packages/integration/scripts/published-packages.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DESTINATION = join(ROOT, "tmp", "install-from-clone");
const windows = process.platform === "win32";

function fail(message) {
  process.stderr.write(`install-from-clone: ${message}\n`);
  process.exit(1);
}

/** Runs a command (through the shell on Windows, where npm and pnpm are .cmd files). */
function run(command, args, options) {
  const quoted = windows ? args.map((arg) => (/[\s"&|<>^]/.test(arg) ? `"${arg.replaceAll('"', '""')}"` : arg)) : args;
  const outcome = spawnSync(command, quoted, { encoding: "utf8", shell: windows, ...options });
  if (outcome.error) fail(`${command} could not be started: ${outcome.error.message}`);
  return outcome;
}

/** The newest modification time of any file under `dir` (0 when there is none). */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let time = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return time;
}

const args = process.argv.slice(2);
const npmArgs = args.filter((arg) => arg.startsWith("-"));
const targets = args.filter((arg) => !arg.startsWith("-"));
if (targets.length !== 1) {
  fail(
    "give the project to install into, e.g. `pnpm install-into ../my-app` (run `pnpm build` first; flags such as --save-dev go to npm install)",
  );
}
// `pnpm install-into` runs in the repository root; a relative path means the one the user typed it from.
// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm and npm, read outside any turbo task.
const base = process.env.INIT_CWD ?? process.cwd();
const target = isAbsolute(targets[0]) ? targets[0] : resolve(base, targets[0]);
if (!existsSync(join(target, "package.json"))) {
  fail(`${target} has no package.json (run \`npm init -y\` there first), so npm would install somewhere else`);
}

// The same set, packed the same way, as the packaging checks install (check:pack).
const packages = publishedPackages();

for (const { dir, manifest } of packages) {
  if (!(manifest.files ?? []).includes("dist")) continue;
  const built = newest(join(dir, "dist"));
  if (built === 0)
    fail(`${manifest.name} is not built (${relative(ROOT, dir)}/dist is missing): run \`pnpm build\` first`);
  if (newest(join(dir, "src")) > built) {
    process.stderr.write(
      `install-from-clone: warning: ${relative(ROOT, dir)}/src changed after its last build; run \`pnpm build\` to install the change\n`,
    );
  }
}

mkdirSync(DESTINATION, { recursive: true });
const tarballs = packages.map(({ dir, manifest }) => {
  let tarball = "";
  try {
    tarball = pack(dir, DESTINATION);
  } catch (error) {
    fail(`pnpm pack of ${manifest.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.stdout.write(`packed ${manifest.name}@${manifest.version}: ${relative(ROOT, tarball)}\n`);
  return tarball;
});

// Settings `pnpm run` passes down that npm does not know, and would warn about.
const env = { ...process.env };
for (const name of ["verify_deps_before_run", "_jsr_registry", "npm_globalconfig", "reporter"]) {
  delete env[`npm_config_${name}`];
}
process.stdout.write(`npm install ${tarballs.length} packages in ${target}\n`);
const installed = run("npm", ["install", ...npmArgs, ...tarballs], { cwd: target, env, stdio: "inherit" });
if (installed.status !== 0) fail(`npm install failed in ${target}`);
process.stdout.write(
  `installed ${packages.map(({ manifest }) => manifest.name).join(", ")} into ${target}\n` +
    `(its package.json points at the tarballs in ${DESTINATION}: keep this clone, and run this again after a change)\n`,
);
