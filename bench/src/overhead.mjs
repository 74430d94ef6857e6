/**
 * Client overhead: CPU time per call with an in-process stub `fetch` (no socket, no I/O), per operation,
 * for the hand-written baseline, our client, the ofetch and ky peers and plexjs, all calling the same stub. Each sample is one block
 * of sequential calls timed with `process.cpuUsage` (user + system, all threads); blocks rotate the order of
 * the clients, a forced GC precedes each block, warm-up calls are discarded; figures are medians of blocks.
 * @module
 */
import { CLIENTS, createStubFetch, makeCheckedClients, OPERATIONS } from "./clients.mjs";
import { median, ratio, rotation } from "./stats.mjs";

const ORIGIN = "http://plex.bench.invalid:32400";

/** @returns {void} */
function collectGarbage() {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  globalThis.gc();
}

/**
 * @param {() => Promise<unknown>} call
 * @param {number} count
 */
async function timeCalls(call, count) {
  const startCpu = process.cpuUsage();
  const startWall = process.hrtime.bigint();
  for (let index = 0; index < count; index++) await call();
  const cpu = process.cpuUsage(startCpu);
  return {
    cpuUs: (cpu.user + cpu.system) / count,
    wallUs: Number(process.hrtime.bigint() - startWall) / 1e3 / count,
  };
}

/**
 * @param {{ blocks: number, callsPerBlock: number, warmupCalls: number }} options
 */
export async function measureOverhead({ blocks, callsPerBlock, warmupCalls }) {
  const clients = await makeCheckedClients({
    serverUrl: ORIGIN,
    plexTvUrl: `${ORIGIN}/api/v2`,
    fetch: createStubFetch(ORIGIN),
  });
  /** @type {Record<string, Record<string, { cpuUs: number, wallUs: number, ratio?: number }>>} */
  const operations = {};
  for (const op of OPERATIONS) {
    const names = CLIENTS.filter((name) => clients[name][op]);
    /** @type {Record<string, { cpu: number[], wall: number[] }>} */
    const samples = Object.fromEntries(names.map((name) => [name, { cpu: [], wall: [] }]));
    for (const name of names) await timeCalls(/** @type {any} */ (clients[name][op]), warmupCalls);
    for (let block = 0; block < blocks; block++) {
      for (const name of rotation(names, block)) {
        collectGarbage();
        const { cpuUs, wallUs } = await timeCalls(/** @type {any} */ (clients[name][op]), callsPerBlock);
        samples[name].cpu.push(cpuUs);
        samples[name].wall.push(wallUs);
      }
    }
    const rawCpu = median(samples.raw.cpu);
    operations[op] = Object.fromEntries(
      names.map((name) => {
        const cpuUs = median(samples[name].cpu);
        return [name, { cpuUs, wallUs: median(samples[name].wall), ratio: ratio(cpuUs, rawCpu) }];
      }),
    );
  }
  return { blocks, callsPerBlock, warmupCalls, operations };
}
