/**
 * Whether the host was quiet enough for the run to stand for the code. On these shared machines a busy
 * neighbour slows every process start (page faults, scheduling) while pure computation stays steady, so
 * a run on a busy host publishes cold start, MCP start and loopback regressions that are not in the code.
 * The check times `node -e 0` at the start and at the end of the run and holds the medians to the quietest
 * start seen in earlier runs on the same kind of machine, which each quiet run carries forward in
 * results.json. Pure functions, apart from {@link timeNodeStarts}.
 * @module
 */
import { spawnSync } from "node:child_process";
import { median } from "./stats.mjs";

/** A start slower than the reference by more than this share marks the host busy. */
export const BUSY_SHARE = 0.15;

/**
 * Median wall time of `runs` starts of `node -e 0`, after one discarded warm-up start.
 * @param {{ runs: number }} options
 */
export function timeNodeStarts({ runs }) {
  /** @type {number[]} */
  const samples = [];
  for (let run = 0; run <= runs; run++) {
    const started = process.hrtime.bigint();
    spawnSync(process.execPath, ["-e", "0"], { stdio: "ignore", timeout: 30_000 });
    if (run > 0) samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return median(samples);
}

/**
 * The quietest `node -e 0` start of an earlier run on the same kind of machine (CPU, cores, Node), from
 * its results.json, or undefined when there is none to compare with.
 * @param {any} previous the earlier run's results, if any
 * @param {{ cpu: string, cores: number, node: string }} machine this run's
 */
export function referenceStart(previous, machine) {
  const before = previous?.machine;
  if (!before || before.cpu !== machine.cpu || before.cores !== machine.cores || before.node !== machine.node) {
    return undefined;
  }
  const carried = previous.host?.referenceMs;
  if (typeof carried === "number") return { ms: carried, from: previous.host.referenceFrom ?? before.date };
  // Runs from before this check: their cold-start baseline, if that run was quiet, is the best there is.
  const baseline = previous.coldStart?.targets?.node?.medianMs;
  return typeof baseline === "number" ? { ms: baseline, from: before.date } : undefined;
}

/**
 * Judges the host from this run's two start medians and the reference.
 * @param {{ atStartMs: number, atEndMs: number }} starts
 * @param {{ ms: number, from: string } | undefined} reference
 * @param {string} date this run's date, which becomes the reference's when it sets a new quietest start
 */
export function judgeHost(starts, reference, date) {
  const slowest = Math.max(starts.atStartMs, starts.atEndMs);
  const quickest = Math.min(starts.atStartMs, starts.atEndMs);
  /** @type {string[]} */
  const reasons = [];
  if (reference && slowest > reference.ms * (1 + BUSY_SHARE)) {
    reasons.push(
      `\`node -e 0\` took ${slowest.toFixed(1)} ms against ${reference.ms.toFixed(1)} ms on the quietest earlier run (${reference.from})`,
    );
  }
  if (slowest > quickest * (1 + BUSY_SHARE)) {
    reasons.push(
      `\`node -e 0\` took ${starts.atStartMs.toFixed(1)} ms at the start of the run and ${starts.atEndMs.toFixed(1)} ms at its end`,
    );
  }
  const busy = reasons.length > 0;
  const quieter = !busy && (!reference || slowest < reference.ms);
  return {
    ...starts,
    busy,
    reasons,
    referenceMs: quieter ? slowest : reference?.ms,
    referenceFrom: quieter ? date : reference?.from,
    comparedWithMs: reference?.ms,
  };
}

/**
 * The results.md paragraph on the host: a plain line when it was quiet, a warning when it was not.
 * @param {ReturnType<typeof judgeHost> | undefined} host
 */
export function hostMarkdown(host) {
  if (!host) return "";
  const starts = `\`node -e 0\` started in ${host.atStartMs.toFixed(1)} ms at the start of the run and ${host.atEndMs.toFixed(1)} ms at its end`;
  if (host.busy) {
    return (
      `> **Busy host: do not commit these results.** ${host.reasons.join("; ")}. On a busy host every process start ` +
      "slows while pure computation does not, so the cold-start, MCP-start, loopback and throughput figures below are " +
      "inflated by the host, not by the code. Run `pnpm bench` again when the machine is quiet.\n\n"
    );
  }
  if (host.comparedWithMs === undefined) {
    return (
      `Host check: ${starts}. There is no earlier run on this kind of machine to compare with, so only the drift ` +
      "during the run was checked (within 15 %); this run's start becomes the reference for the next.\n\n"
    );
  }
  return `Host check: ${starts} (the quietest earlier run: ${host.comparedWithMs.toFixed(1)} ms), so the host was quiet.\n\n`;
}
