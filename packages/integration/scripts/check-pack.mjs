// check:pack: packs every published package as `pnpm publish` would, installs the tarballs with npm into a
// fresh project outside the workspace (third-party dependencies such as valibot come from the registry),
// then runs an ESM consumer of every export and a CJS consumer of every export with a `require` condition,
// the packed plex-auth bin through npx, the smoke scenario through the packed @plex-auth/node (ESM and CJS),
// and a TypeScript check of a consumer file under node16 and bundler resolution.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { codeSubpaths, pack, publishedPackages, requireSubpaths } from "./published-packages.mjs";
import { report } from "./summary.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const tsc = here("../node_modules/typescript/bin/tsc");
const results = [];

/** Runs a command; it passes when it exits 0 and `expect`, given its stdout, returns true. */
function run(name, command, args, cwd, expect = () => true) {
  const outcome = spawnSync(command, args, { cwd, encoding: "utf8", timeout: 180_000 });
  const ok = outcome.status === 0 && expect(outcome.stdout ?? "");
  results.push({ name, ok, detail: `${outcome.stdout ?? ""}${outcome.stderr ?? ""}${outcome.error ?? ""}`.trim() });
  return ok;
}

function specifiers(packages, subpaths = codeSubpaths) {
  return packages.flatMap(({ name, manifest }) =>
    subpaths(manifest).map((subpath) => (subpath === "." ? name : `${name}/${subpath.slice(2)}`)),
  );
}

function parsesAsJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const workspace = mkdtempSync(join(tmpdir(), "plex-auth-pack-"));
try {
  const packages = publishedPackages();
  const tarballDir = join(workspace, "tarballs");
  const project = join(workspace, "consumer");
  mkdirSync(tarballDir);
  mkdirSync(project);
  const tarballs = packages.map(({ dir }) => pack(dir, tarballDir));
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "consumer", private: true }, null, 2)}\n`);
  const installed = run(
    `npm install of ${tarballs.length} tarballs (${packages.map((p) => p.name).join(", ")})`,
    "npm",
    ["install", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs, "typescript@5.9.3", "@types/node@20"],
    project,
  );
  if (!installed) throw new Error("npm install failed");

  const every = specifiers(packages);
  writeFileSync(
    join(project, "imports.mjs"),
    `${every.map((spec, i) => `import * as m${i} from ${JSON.stringify(spec)};`).join("\n")}\n` +
      `for (const [spec, m] of [${every.map((spec, i) => `[${JSON.stringify(spec)}, m${i}]`).join(", ")}]) {\n` +
      `  if (Object.keys(m).length === 0) throw new Error(spec + " exports nothing");\n}\n`,
  );
  // Only exports with a CJS build: an ESM-only package would load through require(esm) on Node >= 20.19,
  // which its manifest does not promise (and Node 20.12 to 20.18 cannot do).
  const requirable = specifiers(packages, requireSubpaths);
  const esmOnly = packages.filter(({ manifest }) => requireSubpaths(manifest).length === 0).map((p) => p.name);
  writeFileSync(
    join(project, "requires.cjs"),
    `for (const spec of ${JSON.stringify(requirable)}) {\n` +
      `  if (Object.keys(require(spec)).length === 0) throw new Error(spec + " exports nothing");\n}\n`,
  );
  run(`ESM consumer imports ${every.join(", ")}`, process.execPath, ["imports.mjs"], project);
  run(
    `CJS consumer requires ${requirable.join(", ")}${esmOnly.length ? ` (ESM-only, not required: ${esmOnly.join(", ")})` : ""}`,
    process.execPath,
    ["requires.cjs"],
    project,
  );

  // The packed CLI as a user runs it. `npx --no --` runs the installed bin, never downloads one, and hands
  // every later flag to it rather than to npm. --mock loads the packed @plex-auth/mock-server (an optional
  // peer of the CLI, installed here from its tarball) and touches no real account, keychain or file.
  const cli = packages.find(({ name }) => name === "@plex-auth/cli");
  if (cli) {
    run("npx plex-auth --help lists login", "npx", ["--no", "--", "plex-auth", "--help"], project, (out) =>
      /^\s+login\b/m.test(out),
    );
    run(
      `npx plex-auth --version prints ${cli.manifest.version}`,
      "npx",
      ["--no", "--", "plex-auth", "--version"],
      project,
      (out) => out.trim() === cli.manifest.version,
    );
    run(
      "npx plex-auth --mock whoami --json prints JSON with a username",
      "npx",
      ["--no", "--", "plex-auth", "--mock", "whoami", "--json"],
      project,
      (out) => typeof parsesAsJson(out)?.username === "string",
    );
    run(
      "import @plex-auth/cli exports runCli and EXIT_CODES",
      process.execPath,
      [
        "-e",
        'import("@plex-auth/cli").then((m) => { if (typeof m.runCli !== "function" || typeof m.EXIT_CODES !== "object") process.exit(1); });',
      ],
      project,
    );
  }

  // The smoke scenario, compiled to plain JS, resolving @plex-auth/mock-server from the tarballs.
  for (const format of ["esm", "cjs"]) {
    await build({
      entryPoints: [here("../src/scenario.ts")],
      outfile: join(project, format === "esm" ? "scenario.mjs" : "scenario.cjs"),
      format,
      platform: "node",
      logLevel: "silent",
    });
  }
  const runSteps = `for (const step of smokeScenario(sdk, jwt)) await step.run();\nconsole.log("smoke scenario passed");\n`;
  writeFileSync(
    join(project, "smoke.mjs"),
    `import * as sdk from "@plex-auth/node";\nimport * as jwt from "@plex-auth/core/jwt";\nimport { smokeScenario } from "./scenario.mjs";\n${runSteps}`,
  );
  writeFileSync(
    join(project, "smoke.cjs"),
    `const sdk = require("@plex-auth/node");\nconst jwt = require("@plex-auth/core/jwt");\nconst { smokeScenario } = require("./scenario.cjs");\n(async () => {\n${runSteps}})().catch((error) => {\n  console.error(error);\n  process.exitCode = 1;\n});\n`,
  );
  run("smoke scenario through the packed @plex-auth/node ESM build", process.execPath, ["smoke.mjs"], project);
  run("smoke scenario through the packed @plex-auth/node CJS build", process.execPath, ["smoke.cjs"], project);

  copyFileSync(here("../consumer/consumer.mts"), join(project, "consumer.mts"));
  copyFileSync(here("../consumer/consumer.mts"), join(project, "consumer.cts"));
  copyFileSync(here("../consumer/consumer.mts"), join(project, "consumer.ts"));
  const strict = [
    "--strict",
    "--noEmit",
    "--skipLibCheck",
    "false",
    "--lib",
    "es2022",
    "--types",
    "node",
    "--target",
    "es2022",
  ];
  run(
    "tsc: consumer.mts and consumer.cts, module node16 (types of the ESM and CJS builds)",
    process.execPath,
    [tsc, ...strict, "--module", "node16", "--moduleResolution", "node16", "consumer.mts", "consumer.cts"],
    project,
  );
  run(
    "tsc: consumer.ts, moduleResolution bundler",
    process.execPath,
    [tsc, ...strict, "--module", "esnext", "--moduleResolution", "bundler", "consumer.ts"],
    project,
  );
} catch (error) {
  if (results.every((result) => result.ok))
    results.push({ name: "pack and install", ok: false, detail: String(error?.stack ?? error) });
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
report(results);
