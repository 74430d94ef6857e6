/**
 * One client's calls under V8's CPU profiler, in a process of its own (no other client's code warms or
 * pollutes its JIT state): warm-up calls first, then the profiled calls. Over `stub`, the in-process stub
 * `fetch` the CPU-per-call section uses; over `loopback`, Node's `fetch` against the bench's loopback server
 * (a child of this process). `rawGuarded` is raw fetch over `guardedFetch`, as in the loopback section.
 * Prints the profile, the process's CPU time and the wall time of the profiled calls as JSON on stdout.
 *
 * Usage: node cpu-profile-child.mjs <client> <operation> <warm-up calls> <profiled calls> [stub|loopback]
 * @module
 */
import { Session } from "node:inspector/promises";
import { startLoopbackServer } from "./children.mjs";
import { createStubFetch, guardedFetch, makeClient } from "./clients.mjs";

const ORIGIN = "http://plex.bench.invalid:32400";
const [name, operation, warmup, calls, over = "stub"] = process.argv.slice(2);

const server = over === "loopback" ? await startLoopbackServer() : undefined;
const target = server
  ? { serverUrl: server.url, plexTvUrl: server.plexTvUrl }
  : { serverUrl: ORIGIN, plexTvUrl: `${ORIGIN}/api/v2`, fetch: createStubFetch(ORIGIN) };
const guarded = name === "rawGuarded";
if (guarded && !server) throw new Error("rawGuarded is profiled over loopback only");
const client = await makeClient(guarded ? "raw" : /** @type {any} */ (name), {
  ...target,
  ...(guarded ? { fetch: guardedFetch } : {}),
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
const wallStart = process.hrtime.bigint();
for (let index = 0; index < Number(calls); index++) await call();
const wallUs = Number(process.hrtime.bigint() - wallStart) / 1e3;
const cpu = process.cpuUsage(cpuStart);
const { profile } = await session.post("Profiler.stop");
session.disconnect();
await server?.close();
process.stdout.write(JSON.stringify({ profile, cpuUs: cpu.user + cpu.system, wallUs }));
