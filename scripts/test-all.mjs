#!/usr/bin/env node
// Runs every check and test runner of the project, one after another, and ends with a single line
// "N passed, N failed" that sums them all. Runners are discovered from each package's scripts:
//   test, test:<name>   a vitest run, except test:deno (deno test) and test:bun (bun test)
//   check:<name>        any script whose last summary line reads "N passed, N failed"
// plus the repo-wide build, lint and typecheck, which count as one check each.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI colour codes.
const ANSI = /\u001b\[[0-9;]*m/g;

const parsers = {
  vitest(output) {
    const line = output.match(/^\s*Tests\s+(.+)$/m)?.[1];
    if (!line) return undefined;
    return {
      passed: Number(line.match(/(\d+) passed/)?.[1] ?? 0),
      failed: Number(line.match(/(\d+) failed/)?.[1] ?? 0),
    };
  },
  deno(output) {
    const match = [...output.matchAll(/(\d+) passed(?: \(\d+ steps?\))? \| (\d+) failed/g)].at(-1);
    return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
  },
  bun(output) {
    const passed = output.match(/^\s*(\d+) pass\s*$/m)?.[1];
    const failed = output.match(/^\s*(\d+) fail\s*$/m)?.[1];
    return passed === undefined ? undefined : { passed: Number(passed), failed: Number(failed ?? 0) };
  },
  summary(output) {
    const match = [...output.matchAll(/^(\d+) passed, (\d+) failed\s*$/gm)].at(-1);
    return match ? { passed: Number(match[1]), failed: Number(match[2]) } : undefined;
  },
  single() {
    return undefined;
  },
};

function parserFor(script) {
  if (script === "test:deno") return "deno";
  if (script === "test:bun") return "bun";
  if (script.startsWith("check:")) return "summary";
  return "vitest";
}

function run(label, command, args, cwd) {
  return new Promise((resolve) => {
    process.stdout.write(`\n━━ ${label}\n`);
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, FORCE_COLOR: "0" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const collect = (chunk) => {
      output += chunk;
      process.stdout.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    child.on("close", (code) => resolve({ code: code ?? 1, output: output.replace(ANSI, "") }));
  });
}

const steps = [
  { label: "build (turbo)", command: "pnpm", args: ["run", "build"], cwd: root, parser: "single" },
  { label: "lint (biome)", command: "pnpm", args: ["run", "lint"], cwd: root, parser: "single" },
  { label: "typecheck (turbo)", command: "pnpm", args: ["run", "typecheck"], cwd: root, parser: "single" },
];
// Every package, then the examples (whose test runs the demo end to end), then the reliability suite
// (chaos, load, fuzzing, secrets and real sockets; it writes reliability-report.md), then the benchmarks'
// unit tests and check:size (the quick bench: only the deterministic bundle-size targets).
const packageDirs = [
  ...readdirSync(join(root, "packages"))
    .sort()
    .map((name) => join(root, "packages", name)),
  join(root, "examples"),
  join(root, "reliability"),
  join(root, "bench"),
];
for (const dir of packageDirs) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  } catch {
    continue;
  }
  for (const script of Object.keys(manifest.scripts ?? {})) {
    if (/^test(:[\w-]+)?$/.test(script) || /^check:[\w-]+$/.test(script)) {
      steps.push({
        label: `${manifest.name} ${script}`,
        command: "pnpm",
        args: ["run", script],
        cwd: dir,
        parser: parserFor(script),
      });
    }
  }
}

let passed = 0;
let failed = 0;
const table = [];
for (const step of steps) {
  const started = Date.now();
  const { code, output } = await run(step.label, step.command, step.args, step.cwd);
  let counts = parsers[step.parser](output) ?? (code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 });
  // A runner that exits non-zero has failed, whatever its summary said (a crash after the summary, a
  // threshold missed).
  if (code !== 0 && counts.failed === 0) counts = { passed: counts.passed, failed: 1 };
  passed += counts.passed;
  failed += counts.failed;
  table.push(
    `${code === 0 ? "ok  " : "FAIL"} ${step.label}: ${counts.passed} passed, ${counts.failed} failed (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

process.stdout.write(`\n━━ summary\n${table.join("\n")}\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
