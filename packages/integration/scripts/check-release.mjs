// check:release: the release job of .github/workflows/release.yml, run here without uploading anything.
//   - `pnpm build`, as the job does before publishing
//   - `changeset status` from the root, with the pending changesets in .changeset/
//   - the release plan of those changesets: no package may go to a new major version unless a changeset
//     asks for one (a minor bump of a workspace peer dependency, with `linked`, turns 0.x into 1.0.0)
//   - `pnpm version-packages` (changeset version + sync-jsr-versions) in a scratch copy of the manifests,
//     then npm, JSR and MCP-bundle versions must agree there, and match the release plan
//   - npm and JSR (and MCP-bundle) versions agree in the working tree
//   - `pnpm -r publish --dry-run` from the root (packs and "publishes" every public package, no upload)
//   - `node scripts/publish-jsr.mjs --dry-run` (`deno publish --dry-run` of each JSR package)
//   - `mcpb validate` of packages/mcp-server/manifest.json and `mcpb pack` of packages/mcp-server into a
//     temporary directory, with the bundle's manifest and entry point present
// Not exercised: npm provenance (npm's --dry-run returns before signing; signing needs the GitHub Actions
// OIDC token), `changeset tag`, JSR's OIDC login, the GitHub release upload and the MCP registry publish.
// A step that fails only because jsr.io cannot be reached is reported as a skip, not as a pass.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ROOT } from "./published-packages.mjs";
import { report } from "./summary.mjs";

// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes.
const ANSI = /\u001b\[[0-9;]*m/g;
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const changesetBin = join(ROOT, "node_modules/@changesets/cli/bin.js");
const mcpbBin = here("../node_modules/@anthropic-ai/mcpb/dist/cli/cli.js");
const mcpServerDir = join(ROOT, "packages/mcp-server");
const LEVELS = { none: 0, patch: 1, minor: 2, major: 3 };

const results = [];
const skips = [];

/** Runs a command to completion; returns `{ status, output }` with colours stripped. */
function run(command, args, cwd, timeout = 300_000) {
  const outcome = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: undefined },
  });
  const output = `${outcome.stdout ?? ""}${outcome.stderr ?? ""}${outcome.error ?? ""}`.replace(ANSI, "");
  return { status: outcome.status, output: output.trim() };
}

const readJson = (path) => JSON.parse(readFileSync(path, "utf8"));

/** Every workspace package but the root: `[{ name, dir }]`, as pnpm sees them. */
let workspace;
function workspacePackages() {
  if (workspace) return workspace;
  const { status, output } = run("pnpm", ["ls", "-r", "--depth", "-1", "--json"], ROOT);
  if (status !== 0) throw new Error(`pnpm ls failed:\n${output}`);
  workspace = JSON.parse(output.slice(output.indexOf("[")))
    .map(({ name, path }) => ({ name, dir: resolve(path) }))
    .filter(({ dir }) => dir !== resolve(ROOT));
  return workspace;
}

/** `[{ label, ok }]`: each JSR or MCP-bundle version under `root` that must equal its package.json's. */
function versionPairs(root) {
  const pairs = [];
  for (const { dir } of workspacePackages()) {
    const moved = join(root, relative(ROOT, dir));
    const npmPath = join(moved, "package.json");
    if (!existsSync(npmPath)) continue;
    const npm = readJson(npmPath);
    const jsrPath = ["jsr.json", "deno.json"].map((file) => join(moved, file)).find((path) => existsSync(path));
    if (jsrPath) {
      pairs.push({
        label: `${npm.name}: package.json ${npm.version} = ${relative(moved, jsrPath)} ${readJson(jsrPath).version}`,
        ok: readJson(jsrPath).version === npm.version,
      });
    }
    const bundlePath = join(moved, "manifest.json");
    if (existsSync(bundlePath)) {
      const bundle = readJson(bundlePath);
      if (bundle.manifest_version === undefined) continue;
      const pins = JSON.stringify(bundle.server?.mcp_config ?? {}).match(
        new RegExp(`--package=${npm.name.replace("/", "\\/")}@([^"\\s]+)`, "g"),
      );
      const pinned = (pins ?? []).map((pin) => pin.slice(pin.lastIndexOf("@") + 1));
      pairs.push({
        label: `${npm.name}: package.json ${npm.version} = manifest.json ${bundle.version}${pinned.length ? ` (npx pin ${pinned.join(", ")})` : ""}`,
        ok: bundle.version === npm.version && pinned.every((version) => version === npm.version),
      });
    }
    const entryPath = join(moved, "server.json");
    if (existsSync(entryPath)) {
      const entry = readJson(entryPath);
      const versions = [entry.version, ...(entry.packages ?? []).map((item) => item.version)];
      pairs.push({
        label: `${npm.name}: package.json ${npm.version} = server.json ${versions.join(", ")}`,
        ok: versions.every((version) => version === npm.version) && entry.name === npm.mcpName,
      });
    }
  }
  return pairs;
}

/** A hint when changesets fails on a workspace package without a "version" (it needs one in each). */
function versionHint(output) {
  if (!/Invalid version/.test(output)) return "";
  const missing = workspacePackages().filter(({ dir }) => readJson(join(dir, "package.json")).version === undefined);
  return missing.length
    ? `\nworkspace packages without a "version" (changesets reads one from every package, and \`linked\` matches them): ${missing.map(({ name, dir }) => `${name} (${relative(ROOT, dir)}/package.json)`).join(", ")}`
    : "";
}

/** Why `url` cannot be reached at all (a DNS, connection or timeout error), or undefined if it answers. */
async function unreachable(url) {
  try {
    await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(10_000) });
    return undefined;
  } catch (error) {
    return error.cause?.code ?? error.cause?.message ?? error.name;
  }
}

/** The file names in a zip archive, read from its central directory. */
function zipEntries(path) {
  const zip = readFileSync(path);
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error(`${path} is not a zip archive`);
  const count = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  const names = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString("utf8", offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

const scratch = mkdtempSync(join(tmpdir(), "plex-auth-release-"));
try {
  // The release job builds before it publishes; turbo's cache makes this quick after `pnpm build`.
  {
    const { status, output } = run("pnpm", ["run", "build"], ROOT, 900_000);
    results.push({ name: "pnpm build (as the release job, before publishing)", ok: status === 0, detail: output });
  }

  // changeset status: the gate changesets puts on a branch (every changed package has a changeset).
  {
    // It compares HEAD with the base branch. A pull request's checkout in CI has no local `main`, only
    // `origin/main` (with fetch-depth: 0): compare with that; it then counts the changesets the branch adds.
    const base = readJson(join(ROOT, ".changeset/config.json")).baseBranch ?? "main";
    const has = (ref) => run("git", ["rev-parse", "--verify", "--quiet", ref], ROOT).status === 0;
    const since = !has(`refs/heads/${base}`) && has(`refs/remotes/origin/${base}`) ? [`--since=origin/${base}`] : [];
    const { status, output } = run("node", [changesetBin, "status", "--verbose", ...since], ROOT);
    results.push({
      name: `pnpm changeset status${since.length ? ` ${since[0]}` : ""}`,
      ok: status === 0,
      detail: `${output}${status === 0 ? "" : versionHint(output)}`,
    });
  }

  // The release plan of every pending changeset: what the "Version Packages" pull request would do.
  let plan;
  let planError;
  try {
    // @changesets/get-release-plan, the module `changeset status` uses, resolved from the real @changesets/cli.
    const cli = createRequire(realpathSync(join(ROOT, "node_modules/@changesets/cli/package.json")));
    plan = await cli("@changesets/get-release-plan").default(ROOT);
  } catch (error) {
    planError = error;
  }
  if (plan) {
    const requested = new Map();
    for (const changeset of plan.changesets) {
      for (const { name, type } of changeset.releases) {
        if (LEVELS[type] > (LEVELS[requested.get(name)] ?? -1)) requested.set(name, type);
      }
    }
    const surprises = plan.releases.filter(
      (release) => release.type === "major" && requested.get(release.name) !== "major",
    );
    const versions = [
      ...new Set(plan.releases.filter((release) => release.type !== "none").map((release) => release.newVersion)),
    ];
    results.push({
      name: `release plan: no unrequested major (${plan.releases.filter((r) => r.type !== "none").length} packages to ${versions.join(", ") || "nothing"})`,
      ok: surprises.length === 0,
      detail: surprises
        .map(
          (release) =>
            `${release.name} ${release.oldVersion} -> ${release.newVersion} (major), but ${requested.has(release.name) ? `its changesets ask for ${requested.get(release.name)}` : "no changeset names it"}`,
        )
        .concat(
          surprises.length
            ? [
                "changesets bumps a package to major when a workspace peer dependency of it leaves the peer range (0.1.0 -> 0.2.0 is outside ^0.1.0), and `linked` carries that major to every linked package.",
              ]
            : [],
        )
        .join("\n"),
    });
  } else {
    results.push({
      name: "release plan: no unrequested major",
      ok: false,
      detail: `no release plan: ${planError?.stack ?? planError}${versionHint(String(planError))}`,
    });
  }

  // pnpm version-packages on a scratch copy of every file it reads or writes.
  {
    const copy = join(scratch, "repo");
    let versionedOk = false;
    let detail = "";
    try {
      cpSync(join(ROOT, "pnpm-workspace.yaml"), join(copy, "pnpm-workspace.yaml"));
      cpSync(join(ROOT, ".changeset"), join(copy, ".changeset"), { recursive: true });
      for (const { dir } of [{ dir: ROOT }, ...workspacePackages()]) {
        for (const file of ["package.json", "CHANGELOG.md", "jsr.json", "deno.json", "manifest.json", "server.json"]) {
          const from = join(dir, file);
          if (existsSync(from)) cpSync(from, join(copy, relative(ROOT, dir), file));
        }
      }
      // The changelog generator (@changesets/cli/changelog) resolves from the copy.
      symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
      const version = run("node", [changesetBin, "version"], copy);
      detail = `${version.output}${version.status === 0 ? "" : versionHint(version.output)}`;
      if (version.status === 0) {
        const sync = run("node", [join(ROOT, "scripts/sync-jsr-versions.mjs"), copy], copy);
        detail += `\n${sync.output}`;
        versionedOk = sync.status === 0;
      }
    } catch (error) {
      detail += `\n${error}`;
    }
    results.push({
      name: "pnpm version-packages (changeset version + sync-jsr-versions, in a scratch copy)",
      ok: versionedOk,
      detail,
    });
    if (versionedOk) {
      for (const pair of versionPairs(copy))
        results.push({ name: `after version-packages: ${pair.label}`, ok: pair.ok });
      if (plan) {
        const wrong = plan.releases.filter((release) => {
          const found = workspacePackages().find(({ name }) => name === release.name);
          const manifest = found && readJson(join(copy, relative(ROOT, found.dir), "package.json"));
          return manifest?.version !== release.newVersion;
        });
        results.push({
          name: "after version-packages: every package.json has the version of the release plan",
          ok: wrong.length === 0,
          detail: wrong.map((release) => `${release.name}: expected ${release.newVersion}`).join("\n"),
        });
      }
    }
  }

  // The versions in the working tree: what `pnpm release` would publish right now.
  for (const pair of versionPairs(ROOT)) results.push({ name: `versions: ${pair.label}`, ok: pair.ok });

  // The CHANGELOGs' Unreleased sections: what the next release will contain, kept in step with .changeset/.
  {
    const { status, output } = run(process.execPath, ["scripts/unreleased-changelog.mjs", "--check"], ROOT);
    results.push({
      name: "CHANGELOG Unreleased sections match the pending changesets",
      ok: status === 0,
      detail: output,
    });
  }

  // npm: the publish of `pnpm release`, dry. --provenance is left out: npm's --dry-run stops before the
  // provenance statement is made (it needs the GitHub Actions OIDC token), so the flag would prove nothing.
  {
    const publicNames = workspacePackages()
      .filter(({ dir }) => !readJson(join(dir, "package.json")).private)
      .map(({ name }) => name);
    const { status, output } = run(
      "pnpm",
      ["-r", "publish", "--dry-run", "--access", "public", "--no-git-checks"],
      ROOT,
      600_000,
    );
    const published = [...output.matchAll(/^\+ (@?[^@\s]+)@(\S+)$/gm)].map((match) => match[1]);
    const nothingNew = /There are no new packages that should be published/.test(output);
    const missing = publicNames.filter((name) => !published.includes(name));
    results.push({
      name: `pnpm -r publish --dry-run --access public --no-git-checks (${nothingNew ? "every version already on npm" : published.join(", ")})`,
      ok: status === 0 && (nothingNew || missing.length === 0),
      detail: `${missing.length ? `not published: ${missing.join(", ")}\n` : ""}${output
        .split("\n")
        .filter((line) => !/^npm notice [\d.]+\s?[kMG]?B /.test(line))
        .join("\n")}`,
    });
  }

  // JSR: the other half of `pnpm release`, dry.
  {
    const members = readJson(join(ROOT, "deno.json")).workspace.map((member) => join(ROOT, member));
    const names = members.map((dir) => readJson(join(dir, "deno.json")).name);
    const { status, output } = run("node", [join(ROOT, "scripts/publish-jsr.mjs"), "--dry-run"], ROOT);
    const label = `node scripts/publish-jsr.mjs --dry-run (${names.join(", ")}: no slow types, no warnings)`;
    // Deno says only that a jsr.io import "failed"; whether jsr.io is reachable at all tells a network
    // failure (a skip) from a real one (a missing package or version: a failure).
    const jsrImport = output.match(
      /Import '(https:\/\/jsr\.io\/[^']*)' failed|error sending request for url \((https:\/\/jsr\.io\/[^)]*)\)/,
    );
    const network = status !== 0 && jsrImport ? await unreachable("https://jsr.io/") : undefined;
    if (network) {
      skips.push({
        name: label,
        reason: `jsr.io cannot be reached from here (${network}); deno needed ${jsrImport[1] ?? jsrImport[2]}`,
      });
    } else {
      const simulated = names.filter((name) => output.includes(`Simulating publish of ${name}@`));
      results.push({
        name: label,
        ok: status === 0 && simulated.length === names.length && !/^\s*warning\[/im.test(output),
        detail: output
          .split("\n")
          .filter((line) => !line.trim().startsWith("file://"))
          .join("\n"),
      });
    }
  }

  // The MCP bundle: validate the manifest, then pack as the release job does, into a temporary directory.
  {
    const manifest = join(mcpServerDir, "manifest.json");
    const { status, output } = run("node", [mcpbBin, "validate", manifest], ROOT);
    results.push({ name: "mcpb validate packages/mcp-server/manifest.json", ok: status === 0, detail: output });

    const { version, server } = readJson(manifest);
    const bundle = join(scratch, "bundle", `plex-auth-mcp-server-${version}.mcpb`);
    mkdirSync(dirname(bundle), { recursive: true });
    const packed = run("node", [mcpbBin, "pack", mcpServerDir, bundle], ROOT, 600_000);
    let ok = packed.status === 0 && existsSync(bundle);
    let summary = "no bundle";
    let detail = packed.output;
    if (ok) {
      const entries = zipEntries(bundle);
      const required = ["manifest.json", server?.entry_point].filter(Boolean);
      const absent = required.filter((file) => !entries.includes(file));
      ok = absent.length === 0;
      const top = (prefix) => entries.filter((entry) => entry.startsWith(prefix)).length;
      const extras = ["node_modules/", "test/", "src/", "scripts/"].filter((prefix) => top(prefix) > 0);
      summary = `${(statSync(bundle).size / 1e6).toFixed(1)} MB, ${entries.length} files${extras.length ? `; also packs ${extras.map((prefix) => `${prefix} (${top(prefix)})`).join(", ")}` : ""}`;
      if (absent.length) detail = `missing from the bundle: ${absent.join(", ")}\n${detail}`;
    }
    results.push({ name: `mcpb pack packages/mcp-server (${summary})`, ok, detail });
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

for (const skip of skips) process.stdout.write(`skip ${skip.name}\n     ${skip.reason}\n`);
report(results);
