/**
 * One client's calls under V8's CPU profiler, in a process of its own (no other client's code warms or
 * pollutes its JIT state): warm-up calls first, then the profiled calls, with the same in-process stub
 * `fetch` the CPU-per-call section uses. Prints the profile as JSON on stdout.
 *
 * Usage: node cpu-profile-child.mjs <client> <operation> <warm-up calls> <profiled calls>
 * @module
 */
import { Session } from "node:inspector/promises";
import { createStubFetch, makeClient } from "./clients.mjs";

const ORIGIN = "http://plex.bench.invalid:32400";
const [name, operation, warmup, calls] = process.argv.slice(2);

const client = await makeClient(/** @type {any} */ (name), {
  serverUrl: ORIGIN,
  plexTvUrl: `${ORIGIN}/api/v2`,
  fetch: createStubFetch(ORIGIN),
});
const call = client[/** @type {keyof typeof client} */ (operation)];
if (!call) throw new Error(`${name} has no ${operation}`);
for (let index = 0; index < Number(warmup); index++) await call();

const session = new Session();
session.connect();
await session.post("Profiler.enable");
// 100 us: fine enough to see a call's parts, coarse enough not to slow the calls down much.
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const cpuStart = process.cpuUsage();
for (let index = 0; index < Number(calls); index++) await call();
const cpu = process.cpuUsage(cpuStart);
const { profile } = await session.post("Profiler.stop");
session.disconnect();
process.stdout.write(JSON.stringify({ profile, cpuUs: cpu.user + cpu.system }));
