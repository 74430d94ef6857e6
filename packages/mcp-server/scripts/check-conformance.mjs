// Runs the official MCP conformance suite (@modelcontextprotocol/conformance, which needs Node 22) against
// the Streamable HTTP transport: first on loopback with --no-auth (the suite cannot send credentials), where
// every applicable scenario must pass; then with a bearer token required, where the same scenarios must be
// refused with 401. Ends with "N passed, N failed" for scripts/test-all.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { BIN, startHttpBin } from "./start-bin.mjs";

const NODE22 = fileURLToPath(new URL("../../../tools/runtimes/node_modules/node22/bin/node", import.meta.url));
const CONFORMANCE = fileURLToPath(
  new URL("../node_modules/@modelcontextprotocol/conformance/dist/index.js", import.meta.url),
);
// The scenarios that apply to a server offering tools only. The others test resources, prompts,
// completions, logging and sampling, or call test-only tools (test_simple_text, …) this server does not have.
const SCENARIOS = [
  "server-initialize",
  "ping",
  "tools-list",
  "dns-rebinding-protection",
  "server-sse-multiple-streams",
];
const SCENARIO_TIMEOUT_MS = 60_000;

let passed = 0;
let failed = 0;
const record = (ok, label, detail = "") => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${label}${detail ? `: ${detail}` : ""}`);
};

/** Runs one scenario and returns its checks, or a single synthetic failure when the CLI broke. */
function runScenario(url, scenario) {
  const out = mkdtempSync(join(tmpdir(), "plex-auth-conformance-"));
  try {
    const run = spawnSync(NODE22, [CONFORMANCE, "server", "--url", url, "--scenario", scenario, "-o", out], {
      encoding: "utf8",
      timeout: SCENARIO_TIMEOUT_MS,
    });
    const [dir] = readdirSync(out);
    if (!dir)
      return [{ id: scenario, status: "FAILURE", errorMessage: `no results (exit ${run.status}) ${run.stderr}` }];
    return JSON.parse(readFileSync(join(out, dir, "checks.json"), "utf8"));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

async function initializeStatus(url) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
    body: JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "check", version: "1" } },
    }),
  });
  await response.body?.cancel();
  return response.status;
}

for (const [label, path] of [
  ["Node 22", NODE22],
  ["conformance CLI", CONFORMANCE],
  ["built bin (run the build first)", BIN],
]) {
  if (!existsSync(path)) {
    record(false, `${label} present`, path);
  }
}

async function checkOpenServer() {
  const open = await startHttpBin(["--no-auth", "--mock"]);
  try {
    for (const scenario of SCENARIOS) {
      for (const check of runScenario(open.url, scenario)) {
        record(check.status === "SUCCESS", `no-auth ${scenario} / ${check.id}`, check.errorMessage ?? "");
      }
    }
  } finally {
    await open.stop();
  }
}

async function checkGuardedServer() {
  const guarded = await startHttpBin(["--mock"], { PLEX_MCP_AUTH_TOKEN: "conformance-check-bearer-token" });
  try {
    record((await initializeStatus(guarded.url)) === 401, "auth on: initialize without a bearer token answers 401");
    for (const scenario of SCENARIOS) {
      const checks = runScenario(guarded.url, scenario);
      // Refused for the right reason: the 401 (its status, or the body's "Unauthorized"), not anything else.
      const refused = checks.some(
        (check) => check.status !== "SUCCESS" && /\b401\b|Unauthorized/.test(check.errorMessage ?? ""),
      );
      record(refused, `auth on: ${scenario} is refused with 401 without a bearer token`);
    }
  } finally {
    await guarded.stop();
  }
}

if (failed === 0) {
  for (const phase of [checkOpenServer, checkGuardedServer]) {
    try {
      await phase();
    } catch (error) {
      record(false, phase.name, error instanceof Error ? error.message : String(error));
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
