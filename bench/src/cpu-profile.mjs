/**
 * Where a call's CPU time goes: the worst operation of the CPU-per-call section, raw fetch and our client
 * each profiled (V8's sampling profiler, in a child process per client) over the same stub `fetch`, and
 * the main thread's samples attributed to layers: core's own source files (through dist's source maps),
 * valibot, undici (the `Response` and its body), the rest of Node, V8 builtins (JSON, promises) and the
 * garbage collector. The process's CPU time (all threads, as the CPU-per-call section counts it) is taken
 * over the same calls, so what the main thread does not account for (GC helper threads, the compiler) shows
 * as its own row.
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { spawnTracked } from "./children.mjs";
import { decodeMappings } from "./sourcemap.mjs";
import { rotation } from "./stats.mjs";

const CHILD = fileURLToPath(new URL("./cpu-profile-child.mjs", import.meta.url));

/** @param {string[]} args */
function runChild(args) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(process.execPath, [CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`profile child exited ${code}: ${err.trim().split("\n").at(-1)}`));
    });
  });
}

/** @type {Map<string, { lines: { column: number, source: string | undefined }[][] } | undefined>} */
const maps = new Map();

// The original source of a position in a built file of core, through the file's source map.
function originalSource(url, line, column) {
  if (!maps.has(url)) {
    const path = url.startsWith("file:") ? fileURLToPath(url) : url;
    let entry;
    if (existsSync(`${path}.map`)) {
      const map = JSON.parse(readFileSync(`${path}.map`, "utf8"));
      /** @type {{ column: number, source: string | undefined }[][]} */
      const lines = [];
      for (const segment of decodeMappings(map.mappings)) {
        const source = segment.source === undefined ? undefined : map.sources[segment.source];
        lines[segment.line] ??= [];
        lines[segment.line].push({ column: segment.column, source });
      }
      entry = { lines };
    }
    maps.set(url, entry);
  }
  const segments = maps.get(url)?.lines[line] ?? [];
  let found;
  for (const segment of segments) if (segment.column <= column) found = segment.source;
  return found;
}

/** The layer of core a source file belongs to, as the size breakdown groups them. */
function coreLayer(source) {
  const path = source.replace(/^.*?src\//, "");
  if (path.startsWith("transport/")) return "core: transport (attempts, timeout, body read, retry)";
  if (path.startsWith("errors/")) return "core: errors";
  if (path === "validation.ts" || path.startsWith("models/")) return "core: response check (validation.ts, models)";
  if (path.startsWith("option") || path === "options.ts") return "core: options";
  if (path === "redact.ts") return "core: redaction";
  return "core: operation table and client (operations, client-core, identity)";
}

// Core's built files, in the workspace or installed (not another package's `core`, such as the MCP SDK's).
const CORE_DIST = /(?:packages|@plex-auth)\/core\/dist\//;

/** The layer a profile node's self time is charged to. */
export function layerOf(callFrame) {
  const { url, functionName, lineNumber, columnNumber } = callFrame;
  if (functionName === "(garbage collector)") return "garbage collector (main thread)";
  if (functionName === "(program)" || functionName === "(root)") return "V8 runtime (program)";
  if (CORE_DIST.test(url)) {
    const source = originalSource(url, lineNumber, columnNumber);
    return source ? coreLayer(source) : "core: operation table and client (operations, client-core, identity)";
  }
  if (url.includes("valibot")) return "valibot";
  // wasm://: undici's HTTP parser (llhttp), the only WebAssembly a call runs.
  if (url.includes("undici") || url.startsWith("wasm://")) return "undici (fetch, Response, Headers, HTTP parser)";
  if (url.startsWith("node:")) return "Node (streams, encoding, timers)";
  if (url.includes("/bench/src/")) return "the bench's own code (hand-written client, stub or wrapped fetch)";
  if (url === "") return "V8 builtins (JSON, promises, regexps)";
  return "other";
}

/**
 * Self time per layer, in microseconds per call.
 * @param {{ nodes: { id: number, callFrame: any }[], samples: number[], timeDeltas: number[] }} profile
 * @param {number} calls
 */
export function layerTimes(profile, calls) {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  /** @type {Map<string, number>} */
  const byLayer = new Map();
  profile.samples.forEach((id, index) => {
    const frame = frames.get(id);
    if (!frame || frame.functionName === "(idle)") return;
    const layer = layerOf(frame);
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + (profile.timeDeltas[index] ?? 0));
  });
  return Object.fromEntries([...byLayer].map(([layer, us]) => [layer, us / calls]));
}

/** One profiled child's figures, in microseconds per call. */
async function profileOnce(name, operation, warmupCalls, calls, over) {
  const { profile, cpuUs, wallUs } = /** @type {any} */ (
    await runChild([name, operation, String(warmupCalls), String(calls), over])
  );
  const layers = layerTimes(profile, calls);
  const mainThreadUs = Object.values(layers).reduce((sum, us) => sum + us, 0);
  const processCpuUs = cpuUs / calls;
  layers["elsewhere in the process (GC helper threads, compiler)"] = Math.max(0, processCpuUs - mainThreadUs);
  return { processCpuUs, mainThreadUs, wallUs: wallUs / calls, layers };
}

/**
 * Of one client's profiled runs, the one of median wall time (the lower middle of an even count), whole,
 * with the range of the runs' wall time per call.
 * @template {{ wallUs: number }} Run
 * @param {Run[]} runs
 * @returns {Run & { wallUsRange: [number, number] }}
 */
export function medianRun(runs) {
  const byWall = [...runs].sort((a, b) => a.wallUs - b.wallUs);
  return { ...byWall[(byWall.length - 1) >> 1], wallUsRange: [byWall[0].wallUs, byWall[byWall.length - 1].wallUs] };
}

/**
 * Profiles the clients on `operation`, each in a child process of its own, over the stub `fetch` or over
 * the loopback server; every figure in microseconds per call. `wallUs` is the profiled calls' wall time.
 * Each client is profiled `rounds` times, the clients in a rotating order, and keeps its run of median wall
 * time whole (its layers come from one profile): one child per client, in a fixed order, let a change of
 * the host's load during the section bias them (the guarded raw fetch's wall time varied by 60 % from one
 * run to the next on a busy host).
 * @param {{ operation: string, warmupCalls: number, calls: number, rounds?: number, over?: "stub" | "loopback", clients?: string[] }} options
 */
export async function profileCalls({
  operation,
  warmupCalls,
  calls,
  rounds = 1,
  over = "stub",
  clients: names = ["raw", "ours"],
}) {
  /** @type {Record<string, Awaited<ReturnType<typeof profileOnce>>[]>} */
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of rotation(names, round))
      runs[name].push(await profileOnce(name, operation, warmupCalls, calls, over));
  }
  const clients = Object.fromEntries(names.map((name) => [name, medianRun(runs[name])]));
  return { operation, warmupCalls, calls, rounds, over, clients };
}
