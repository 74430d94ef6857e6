// Runs the official MCP conformance suite (@modelcontextprotocol/conformance 0.2, which needs Node 22)
// against the real Streamable HTTP server, bearer required, for each protocol revision's requirement set
// (2026-07-28 and 2025-11-25). The suite's CLI cannot send a bearer, so a loopback proxy adds it. Every
// check must pass except those listed in conformance-baseline.json: checks of the suite's fixture tools,
// prompts, resources and tasks, which a product server does not have. A baseline entry that passes fails
// too, so the baseline only ever shrinks. Then, with auth on and no proxy, every request is refused with
// 401. Ends with "N passed, N failed" for scripts/test-all.mjs.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startBearerProxy } from "./bearer-proxy.mjs";
import { BIN, startHttpBin } from "./start-bin.mjs";

const NODE22 = fileURLToPath(new URL("../../../tools/runtimes/node_modules/node22/bin/node", import.meta.url));
const CONFORMANCE = fileURLToPath(
  new URL("../node_modules/@modelcontextprotocol/conformance/dist/index.js", import.meta.url),
);
const BASELINE = JSON.parse(readFileSync(new URL("./conformance-baseline.json", import.meta.url), "utf8"));
const REVISIONS = ["2026-07-28", "2025-11-25"];
const BEARER = "conformance-check-bearer-token-0123456789abcdef";
// Per scenario; the suite's default is 30 s, and a fixture scenario waiting on a tool this server lacks
// would spend all of it.
const SCENARIO_TIMEOUT_MS = 15_000;
const RUN_TIMEOUT_MS = 15 * 60_000;

let passed = 0;
let failed = 0;
const record = (ok, label, detail = "") => {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? "PASS" : "FAIL"} ${label}${detail ? `: ${detail}` : ""}`);
};

/** Runs the suite (asynchronously: the proxy lives in this process) and resolves with its exit code. */
function runSuite(args) {
  return new Promise((resolve) => {
    const child = spawn(NODE22, [CONFORMANCE, "server", ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (chunk) => {
      stderr = (stderr + chunk).slice(-4_000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), RUN_TIMEOUT_MS);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

/** Every check of a run's output directory, as `{ scenario, id, status, errorMessage }`. */
function checksOf(out) {
  return readdirSync(out).flatMap((dir) => {
    const scenario = dir.replace(/^server-/, "").replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, "");
    const file = join(out, dir, "checks.json");
    if (!existsSync(file)) return [{ scenario, id: "checks.json", status: "FAILURE", errorMessage: "no results" }];
    return JSON.parse(readFileSync(file, "utf8")).map((check) => ({ scenario, ...check }));
  });
}

function judge(revision, checks) {
  const expected = BASELINE[revision] ?? {};
  const seen = new Set();
  for (const check of checks) {
    const key = `${check.scenario}/${check.id}`;
    seen.add(key);
    const bad = check.status === "FAILURE" || check.status === "WARNING";
    if (key in expected) {
      record(bad, `${revision} ${key} is a baseline entry (${expected[key]})`, bad ? "" : "it passes now: remove it");
    } else if (bad) {
      record(false, `${revision} ${key}`, `${check.status}: ${(check.errorMessage ?? "").slice(0, 300)}`);
    } else if (check.status === "SUCCESS") {
      record(true, `${revision} ${key}`);
    }
  }
  for (const key of Object.keys(expected)) {
    if (!seen.has(key)) record(false, `${revision} ${key} is in the baseline but was not run`, "remove it");
  }
}

async function checkRevision(revision) {
  const server = await startHttpBin(["--mock"], { PLEX_MCP_AUTH_TOKEN: BEARER });
  const proxy = await startBearerProxy(server.url, BEARER);
  const out = mkdtempSync(join(tmpdir(), "plex-auth-conformance-"));
  try {
    const args = ["--url", proxy.url, "--requirements", revision, "--timeout", String(SCENARIO_TIMEOUT_MS)];
    const run = await runSuite([...args, "-o", out]);
    const checks = checksOf(out);
    if (checks.length === 0) record(false, `${revision} suite ran`, `exit ${run.code}: ${run.stderr}`);
    judge(revision, checks);
  } finally {
    rmSync(out, { recursive: true, force: true });
    await proxy.close();
    await server.stop();
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

// Auth on and no proxy: the suite gets nowhere, and for the right reason.
async function checkGuardedServer() {
  const guarded = await startHttpBin(["--mock"], { PLEX_MCP_AUTH_TOKEN: BEARER });
  const out = mkdtempSync(join(tmpdir(), "plex-auth-conformance-"));
  try {
    record((await initializeStatus(guarded.url)) === 401, "auth on: initialize without a bearer token answers 401");
    for (const scenario of ["server-initialize", "tools-list"]) {
      await runSuite(["--url", guarded.url, "--scenario", scenario, "--timeout", "10000", "-o", out]);
    }
    for (const scenario of ["server-initialize", "tools-list"]) {
      const checks = checksOf(out).filter((check) => check.scenario === scenario);
      const refused = checks.some(
        (check) => check.status !== "SUCCESS" && /\b401\b|Unauthorized/.test(check.errorMessage ?? ""),
      );
      record(refused, `auth on: ${scenario} is refused with 401 without a bearer token`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
    await guarded.stop();
  }
}

for (const [label, path] of [
  ["Node 22", NODE22],
  ["conformance CLI", CONFORMANCE],
  ["built bin (run the build first)", BIN],
]) {
  if (!existsSync(path)) record(false, `${label} present`, path);
}

if (failed === 0) {
  const phases = [...REVISIONS.map((revision) => () => checkRevision(revision)), checkGuardedServer];
  for (const phase of phases) {
    try {
      await phase();
    } catch (error) {
      record(false, "conformance phase", error instanceof Error ? error.message : String(error));
    }
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
