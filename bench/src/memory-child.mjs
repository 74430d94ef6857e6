#!/usr/bin/env node
/**
 * One memory measurement, in a fresh process (run with --expose-gc): heap and RSS before anything is
 * imported, after importing one client's package and making the client, and after `calls` calls of
 * getTransientToken against the loopback server (10 in flight), each after a full GC, a pause of the event
 * loop and another full GC. Prints one JSON line.
 * Usage: node --expose-gc memory-child.mjs <raw|ours|ofetch|ky|plexjs> <serverUrl> <calls>
 * @module
 */
// Load the bench's own helper first, so it is in every target's baseline alike.
const { CLIENTS, makeClient } = await import("./clients.mjs");
const [name, serverUrl, callsText] = process.argv.slice(2);
const calls = Number(callsText);
if (!CLIENTS.includes(/** @type {any} */ (name)) || !serverUrl || !(calls > 0)) {
  process.stderr.write(`usage: memory-child.mjs <${CLIENTS.join("|")}> <serverUrl> <calls>\n`);
  process.exit(2);
}
if (typeof globalThis.gc !== "function") {
  process.stderr.write("run with --expose-gc\n");
  process.exit(2);
}

// The pause lets pending FinalizationRegistry callbacks run: undici registers one per request made with a
// signal, and it holds that signal and its abort listener until it runs, after the GC that found the request
// unreachable. Measured right after that GC, 10,000 calls with a signal left 0.3-3 MB of such garbage,
// varying from run to run (core, ofetch and ky; raw fetch passes no signal); after the pause it was gone.
async function snapshot() {
  globalThis.gc?.();
  await new Promise((resolve) => setTimeout(resolve, 10));
  globalThis.gc?.();
  globalThis.gc?.();
  const usage = process.memoryUsage();
  return { heapUsed: usage.heapUsed, rss: usage.rss };
}

const before = await snapshot();
const ops = await makeClient(/** @type {any} */ (name), { serverUrl, plexTvUrl: `${serverUrl}/api/v2` });
const call = ops.getTransientToken;
if (!call) throw new Error(`${name} has no getTransientToken`);
const afterImport = await snapshot();
let next = 0;
const worker = async () => {
  while (next < calls) {
    next++;
    await call();
  }
};
await Promise.all(Array.from({ length: 10 }, worker));
const afterCalls = await snapshot();
process.stdout.write(`${JSON.stringify({ name, calls, before, afterImport, afterCalls })}\n`);
