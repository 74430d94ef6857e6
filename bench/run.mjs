#!/usr/bin/env node
/**
 * `pnpm bench`: every benchmark of issue 7 in one run, as ratios to raw fetch measured in the same run;
 * prints one table, writes bench/results.md, results.json and results.svg, and exits non-zero when a
 * target is missed. `--quick` measures only the deterministic bundle sizes, holds them to the CI regression
 * budgets of targets.mjs (the real targets are reported alongside), checks that the size analysis still
 * builds (its quick form), and writes nothing. Both end with the line "N passed, N failed" (targets met / missed).
 *
 * Usage: node bench/run.mjs [--quick]
 * @module
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderChart } from "./src/chart.mjs";
import { killAllTracked } from "./src/children.mjs";
import { measureColdStart } from "./src/cold-start.mjs";
import { profileCalls } from "./src/cpu-profile.mjs";
import { measureConnectionPick, measurePinApproval } from "./src/flows.mjs";
import { judgeHost, referenceStart, timeNodeStarts } from "./src/host.mjs";
import { GUARDED_RAW, measureLoopback } from "./src/loopback.mjs";
import { machineInfo } from "./src/machine.mjs";
import { measureMcp } from "./src/mcp.mjs";
import { measureMemory } from "./src/memory.mjs";
import { measureOverhead } from "./src/overhead.mjs";
import { chartSpec, resultsMarkdown, tableCells, targetCells, textTable } from "./src/report.mjs";
import { esbuildVersion, measureSizes, stopEsbuild } from "./src/size.mjs";
import { analyzeSizes } from "./src/size-analysis.mjs";
import { checkTargets, worst } from "./src/targets.mjs";

const quick = process.argv.includes("--quick");

// The runtime sections force a GC between blocks: re-run this script with --expose-gc when it is missing.
if (!quick && typeof globalThis.gc !== "function") {
  const child = spawnSync(process.execPath, ["--expose-gc", fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  process.exit(child.status ?? 1);
}

/** Iteration counts: sized so that the full run stays well under five minutes on two busy cores. */
const PLAN = Object.freeze({
  host: { runs: 11 },
  coldStart: { runs: 21 },
  // Blocks of 5000: the forced GC before a block leaves work (concurrent sweeping on helper threads, which
  // process CPU counts, and a young generation shrunk to its minimum) that 1000-call blocks billed to too
  // few calls: raw fetch measured 63-77 us per call in them, 45-50 us in 5000-call blocks of the same run.
  overhead: { blocks: 6, callsPerBlock: 5_000, warmupCalls: 1_000 },
  profile: { warmupCalls: 3_000, calls: 20_000, rounds: 3 },
  loopbackProfile: { warmupCalls: 2_000, calls: 10_000, rounds: 3 },
  loopback: { blocks: 6, sequentialCalls: 250, throughputCalls: 1_000, warmupCalls: 50, firstWarmupCalls: 1_000 },
  memory: { repeats: 3, calls: 10_000 },
  mcp: { blocks: 6, callsPerBlock: 60, warmupCalls: 10, starts: 5 },
  connection: { rounds: 4 },
  pin: { samples: 5, intervalMs: 1_000 },
});

const OUT = new URL("./", import.meta.url);

/** The results.json of the run before this one, if there is one (it carries the host's reference start). */
function previousResults() {
  try {
    return JSON.parse(readFileSync(new URL("results.json", OUT), "utf8"));
  } catch {
    return undefined;
  }
}

/** @param {string} text */
function say(text) {
  process.stdout.write(`${text}\n`);
}

/**
 * Runs one section, timing it; a section that fails is recorded as not measured (and its targets fail).
 * @template T
 * @param {string} name
 * @param {() => Promise<T> | T} run
 * @param {Record<string, string>} skipped
 * @returns {Promise<T | undefined>}
 */
async function section(name, run, skipped) {
  const started = Date.now();
  process.stdout.write(`-- ${name} ... `);
  try {
    const result = await run();
    const reason = /** @type {any} */ (result)?.skipped;
    if (reason) {
      skipped[name] = reason;
      say(`not measured: ${reason}`);
      return undefined;
    }
    say(`${((Date.now() - started) / 1000).toFixed(1)} s`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    skipped[name] = `failed: ${message}`;
    say(`FAILED: ${message}`);
    return undefined;
  }
}

/** The operation of a section where our ratio to raw fetch is the worst: the one its profile explains. */
function worstOperation(section, field) {
  return worst(section?.operations, "ours", field, "max")?.detail ?? "getTransientToken";
}

async function main() {
  const started = Date.now();
  /** @type {Record<string, string>} */
  const skipped = {};
  /** @type {any} */
  const results = { machine: machineInfo(), esbuildVersion, mode: quick ? "quick" : "full", skipped };
  say(
    `plex-auth bench (${results.mode}): ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}`,
  );

  results.size = await section("bundle size", measureSizes, skipped);
  // In quick mode too, in its three-build form: CI fails when the analysis no longer builds against core.
  results.sizeAnalysis = await section("bundle size analysis", () => analyzeSizes({ quick }), skipped);
  await stopEsbuild();

  const hostAtStartMs = quick ? undefined : timeNodeStarts(PLAN.host);
  if (!quick) {
    results.coldStart = await section("cold start", () => measureColdStart(PLAN.coldStart), skipped);
    results.overhead = await section("CPU per call (stub fetch)", () => measureOverhead(PLAN.overhead), skipped);
    results.profile = await section(
      "CPU profile (worst operation)",
      () => profileCalls({ operation: worstOperation(results.overhead, "ratio"), ...PLAN.profile }),
      skipped,
    );
    results.loopback = await section("loopback", () => measureLoopback(PLAN.loopback), skipped);
    results.loopbackProfile = await section(
      "loopback profile (worst operation)",
      () =>
        profileCalls({
          operation: worstOperation(results.loopback, "p50Ratio"),
          ...PLAN.loopbackProfile,
          over: "loopback",
          clients: ["raw", GUARDED_RAW, "ours"],
        }),
      skipped,
    );
    results.memory = await section("memory", () => measureMemory(PLAN.memory), skipped);
    results.mcp = await section("MCP", () => measureMcp(PLAN.mcp), skipped);
    results.connection = await section("connection picking", () => measureConnectionPick(PLAN.connection), skipped);
    results.pin = await section("PIN approval", () => measurePinApproval(PLAN.pin), skipped);
  }
  if (hostAtStartMs !== undefined) {
    const starts = { atStartMs: hostAtStartMs, atEndMs: timeNodeStarts(PLAN.host) };
    results.host = judgeHost(starts, referenceStart(previousResults(), results.machine), results.machine.date);
  }
  results.durationMs = Date.now() - started;
  results.plan = quick ? undefined : PLAN;

  const check = checkTargets(results, { quick });
  results.targets = check.rows;
  const table = tableCells(results);
  const targets = targetCells(check);
  say("");
  say(textTable(table.header, table.body));
  say("");
  say(textTable(targets.header, targets.body));
  for (const [name, reason] of Object.entries(skipped)) say(`\n${name}: not measured, ${reason}`);

  if (!quick) {
    writeFileSync(new URL("results.json", OUT), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(new URL("results.md", OUT), resultsMarkdown(results, check));
    writeFileSync(new URL("results.svg", OUT), renderChart(chartSpec(results)));
    say("\nwrote bench/results.md, bench/results.json, bench/results.svg");
    if (results.host?.busy) say(`\nBUSY HOST: do not commit these results. ${results.host.reasons.join("; ")}.`);
  }
  say(
    `\n${quick ? "size figures within their CI budget" : "targets"}: ${check.passed} met, ${check.failed} missed or not measured (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  say(`${check.passed} passed, ${check.failed} failed`);
  return check.failed === 0 ? 0 : 1;
}

main().then(
  (code) => {
    killAllTracked();
    process.exit(code);
  },
  (error) => {
    killAllTracked();
    process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(signal, () => {
    killAllTracked();
    process.exit(130);
  });
}
