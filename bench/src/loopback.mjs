/**
 * Loopback: the clients against the bench's `node:http` server in a child process on 127.0.0.1 (same
 * server, same payloads for all), through Node's global `fetch`. Two figures per client and operation:
 * sequential latency (p50, p99 of single calls, one at a time) and throughput with 50 calls in flight.
 * Each client first makes discarded warm-up calls; then blocks rotate the clients' order, a forced GC
 * precedes each block, each block starts with discarded warm-up calls; latency percentiles pool all
 * blocks' samples, throughput is the median of blocks.
 * @module
 */
import { startLoopbackServer } from "./children.mjs";
import { CLIENTS, guardedFetch, makeCheckedClients, makeClient } from "./clients.mjs";
import { median, percentile, ratio, rotation } from "./stats.mjs";

/** The operations compared over loopback: the one all five clients have, and the heaviest body. */
export const LOOPBACK_OPERATIONS = /** @type {const} */ (["getTransientToken", "getTokenDetails"]);

/** Calls in flight for the throughput figure. */
export const IN_FLIGHT = 50;

/** The loopback section's extra row: raw fetch with a 30 s timeout signal and `redirect: "manual"`. */
export const GUARDED_RAW = "rawGuarded";

function collectGarbage() {
  if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");
  globalThis.gc();
}

/**
 * `count` calls, at most `concurrency` at once; resolves to calls per second.
 * @param {() => Promise<unknown>} call
 * @param {number} count
 * @param {number} concurrency
 */
async function throughput(call, count, concurrency) {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      await call();
    }
  };
  const begin = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  return count / (Number(process.hrtime.bigint() - begin) / 1e9);
}

/**
 * @param {{ blocks: number, sequentialCalls: number, throughputCalls: number, warmupCalls: number, firstWarmupCalls: number }} options
 */
export async function measureLoopback({ blocks, sequentialCalls, throughputCalls, warmupCalls, firstWarmupCalls }) {
  const server = await startLoopbackServer();
  try {
    const target = { serverUrl: server.url, plexTvUrl: server.plexTvUrl };
    const clients = await makeCheckedClients(target);
    // Not a client of the tables: it tells how much of core's gap is undici's price for its guarantees.
    clients[GUARDED_RAW] = await makeClient("raw", { ...target, fetch: guardedFetch });
    /** @type {Record<string, Record<string, any>>} */
    const operations = {};
    for (const op of LOOPBACK_OPERATIONS) {
      const names = [...CLIENTS, GUARDED_RAW].filter((name) => clients[name][op]);
      /** @type {Record<string, { latency: number[], throughput: number[] }>} */
      const samples = Object.fromEntries(names.map((name) => [name, { latency: [], throughput: [] }]));
      // Once per client, as the CPU-per-call section does: V8 has compiled a client's hot code only after
      // some thousand calls, and blocks of 300 alone measured a larger library's code half-warm.
      for (const name of names) {
        for (let index = 0; index < firstWarmupCalls; index++) await clients[name][op]();
      }
      for (let block = 0; block < blocks; block++) {
        for (const name of rotation(names, block)) {
          const call = /** @type {() => Promise<unknown>} */ (clients[name][op]);
          collectGarbage();
          for (let index = 0; index < warmupCalls; index++) await call();
          for (let index = 0; index < sequentialCalls; index++) {
            const begin = process.hrtime.bigint();
            await call();
            samples[name].latency.push(Number(process.hrtime.bigint() - begin) / 1e3);
          }
          collectGarbage();
          await throughput(call, Math.min(warmupCalls * 5, throughputCalls), IN_FLIGHT);
          samples[name].throughput.push(await throughput(call, throughputCalls, IN_FLIGHT));
        }
      }
      const raw = { p50: percentile(samples.raw.latency, 50), throughput: median(samples.raw.throughput) };
      operations[op] = Object.fromEntries(
        names.map((name) => {
          const p50Us = percentile(samples[name].latency, 50);
          const callsPerSecond = median(samples[name].throughput);
          return [
            name,
            {
              p50Us,
              p99Us: percentile(samples[name].latency, 99),
              callsPerSecond,
              p50Ratio: ratio(p50Us, raw.p50),
              throughputRatio: ratio(callsPerSecond, raw.throughput),
            },
          ];
        }),
      );
    }
    return { blocks, sequentialCalls, throughputCalls, warmupCalls, firstWarmupCalls, inFlight: IN_FLIGHT, operations };
  } finally {
    await server.close();
  }
}
