/**
 * Memory: heap and RSS after import and after 10,000 calls, in a fresh process per target and repeat
 * (`memory-child.mjs`), against the same loopback server. Repeats rotate the targets' order; figures are
 * medians over repeats.
 * @module
 */
import { fileURLToPath } from "node:url";
import { firstJsonLine, spawnTracked, startLoopbackServer, stopChild } from "./children.mjs";
import { CLIENTS } from "./clients.mjs";
import { median, rotation } from "./stats.mjs";

const CHILD = fileURLToPath(new URL("./memory-child.mjs", import.meta.url));
const MB = 1024 * 1024;

/**
 * @param {string} name
 * @param {string} serverUrl
 * @param {number} calls
 */
async function runChild(name, serverUrl, calls) {
  const child = spawnTracked(process.execPath, ["--expose-gc", CHILD, name, serverUrl, String(calls)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    return await firstJsonLine(child, 120_000);
  } finally {
    await stopChild(child);
  }
}

/**
 * @param {{ repeats: number, calls: number }} options
 */
export async function measureMemory({ repeats, calls }) {
  const server = await startLoopbackServer();
  try {
    /** @type {Record<string, any[]>} */
    const runs = Object.fromEntries(CLIENTS.map((name) => [name, []]));
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const name of rotation(CLIENTS, repeat)) runs[name].push(await runChild(name, server.url, calls));
    }
    /** @param {string} name @param {(run: any) => number} pick */
    const mb = (name, pick) => median(runs[name].map(pick)) / MB;
    const targets = Object.fromEntries(
      CLIENTS.map((name) => [
        name,
        {
          heapAfterImportMb: mb(name, (run) => run.afterImport.heapUsed),
          rssAfterImportMb: mb(name, (run) => run.afterImport.rss),
          heapAfterCallsMb: mb(name, (run) => run.afterCalls.heapUsed),
          rssAfterCallsMb: mb(name, (run) => run.afterCalls.rss),
          importHeapDeltaMb: mb(name, (run) => run.afterImport.heapUsed - run.before.heapUsed),
        },
      ]),
    );
    for (const name of CLIENTS) {
      targets[name].heapAfterCallsOverRawMb = targets[name].heapAfterCallsMb - targets.raw.heapAfterCallsMb;
      targets[name].rssAfterCallsOverRawMb = targets[name].rssAfterCallsMb - targets.raw.rssAfterCallsMb;
    }
    return { repeats, calls, targets };
  } finally {
    await server.close();
  }
}
