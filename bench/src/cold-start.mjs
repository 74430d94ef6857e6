/**
 * Cold start: wall time of a fresh `node` process that imports a package and exits, against `node -e 0`.
 * Runs are interleaved (every target once per round, in a rotating order) so drift hits all alike; the
 * first round is a warm-up (file cache) and is discarded; the figure is the median of the rest.
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { BENCH_DIR } from "./size.mjs";
import { median, rotation } from "./stats.mjs";

/**
 * What is started. `args` follow `node`; every import resolves from the bench package, like an app's.
 * @type {readonly { id: string, label: string, args: string[], package?: string }[]}
 */
// The MCP SDK's own entry, as the MCP server resolves it: what the server cannot start faster than.
function mcpSdkEntry() {
  try {
    const require = createRequire(`${BENCH_DIR}node_modules/@plex-auth/mcp-server/package.json`);
    // `require` resolves the CommonJS entry (dist/index.cjs); the server imports the ES module beside it.
    const entry = join(dirname(require.resolve("@modelcontextprotocol/server")), "index.mjs");
    return existsSync(entry) ? entry : "@modelcontextprotocol/server";
  } catch {
    return "@modelcontextprotocol/server";
  }
}
const MCP_SDK = mcpSdkEntry();

export const COLD_TARGETS = Object.freeze([
  { id: "node", label: "node -e 0 (baseline)", args: ["-e", "0"] },
  { id: "node-esm", label: "node, empty ES module", args: ["--input-type=module", "-e", ""] },
  {
    id: "core",
    label: "import @plex-auth/core",
    args: ["--input-type=module", "-e", 'import "@plex-auth/core";'],
    package: "@plex-auth/core",
  },
  {
    id: "node-pkg",
    label: "import @plex-auth/node",
    args: ["--input-type=module", "-e", 'import "@plex-auth/node";'],
    package: "@plex-auth/node",
  },
  {
    id: "mcp-sdk",
    label: "import @modelcontextprotocol/server (the MCP SDK alone)",
    args: ["--input-type=module", "-e", `import ${JSON.stringify(MCP_SDK)};`],
    package: MCP_SDK,
  },
  {
    id: "mcp-server",
    label: "import @plex-auth/mcp-server",
    args: ["--input-type=module", "-e", 'import "@plex-auth/mcp-server";'],
    package: "@plex-auth/mcp-server",
  },
  // The peers: their client module, which imports the HTTP library and valibot (the path is relative to
  // the bench package, the directory every start runs in).
  {
    id: "ofetch",
    label: "import the ofetch + valibot client",
    args: ["--input-type=module", "-e", 'import "./src/ofetch-client.mjs";'],
    package: "./src/ofetch-client.mjs",
  },
  {
    id: "ky",
    label: "import the ky + valibot client",
    args: ["--input-type=module", "-e", 'import "./src/ky-client.mjs";'],
    package: "./src/ky-client.mjs",
  },
  {
    id: "plexjs",
    label: "import @lukehagar/plexjs (PlexAPI)",
    args: ["--input-type=module", "-e", 'import "@lukehagar/plexjs";'],
    package: "@lukehagar/plexjs",
  },
  {
    id: "plexjs-funcs",
    label: "import plexjs core.js + generalGetTransientToken",
    args: [
      "--input-type=module",
      "-e",
      'import "@lukehagar/plexjs/core.js"; import "@lukehagar/plexjs/funcs/generalGetTransientToken.js";',
    ],
    package: "@lukehagar/plexjs",
  },
]);

/**
 * Whether a package (or a module of the bench, by relative path) resolves and loads from the bench
 * (`@plex-auth/node` may not be built yet).
 * @param {string} name
 */
function loads(name) {
  try {
    const resolved = createRequire(`${BENCH_DIR}package.json`).resolve(name);
    if (!existsSync(resolved)) return false;
  } catch {
    return false;
  }
  const check = spawnSync(process.execPath, ["--input-type=module", "-e", `import ${JSON.stringify(name)};`], {
    cwd: BENCH_DIR,
    stdio: "ignore",
    timeout: 30_000,
  });
  return check.status === 0;
}

/**
 * One timed start of a target, in milliseconds.
 * @param {string[]} args
 */
function timeStart(args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: BENCH_DIR, stdio: "ignore", timeout: 30_000 });
  const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  return elapsed;
}

/**
 * Median start time of each target over `runs` interleaved rounds (plus one discarded warm-up round).
 * @param {{ runs: number }} options
 */
export function measureColdStart({ runs }) {
  const targets = COLD_TARGETS.filter((target) => !target.package || loads(target.package));
  const unavailable = COLD_TARGETS.filter((target) => !targets.includes(target)).map((target) => target.id);
  /** @type {Record<string, number[]>} */
  const samples = Object.fromEntries(targets.map((target) => [target.id, []]));
  for (let round = 0; round <= runs; round++) {
    for (const target of rotation(targets, round)) {
      const elapsed = timeStart(target.args);
      if (round > 0) samples[target.id].push(elapsed);
    }
  }
  return {
    runs,
    unavailable,
    targets: Object.fromEntries(
      targets.map((target) => [
        target.id,
        {
          label: target.label,
          medianMs: median(samples[target.id]),
          minMs: Math.min(...samples[target.id]),
          maxMs: Math.max(...samples[target.id]),
        },
      ]),
    ),
  };
}
