/**
 * For every missed target, what the rest would cost: the figures of the same run that own the gap (the
 * size breakdown, the CPU profile, the memory and cold-start figures) and the guarantee that would have
 * to go to close it. Written once per target here; the numbers in each come from the run, so the text
 * stays true when the figures move. Pure functions.
 * @module
 */

import { TARGETS } from "./targets.mjs";

const B = (/** @type {number} */ bytes) => `${Math.round(bytes).toLocaleString("en-US")} B`;
const us = (/** @type {number} */ value) => `${value.toFixed(1)} us`;
const ms = (/** @type {number} */ value) => `${value.toFixed(0)} ms`;

/** A folder's marginal gzip in the one-operation bundle, 0 when the analysis did not run. */
function folderBytes(results, prefix) {
  const folders = results.sizeAnalysis?.attribution?.folders ?? [];
  return folders.filter((row) => row.folder.startsWith(prefix)).reduce((sum, row) => sum + row.marginalGzip, 0);
}

// What one measured cut saves alone on the one-operation bundle (gzip), against the unchanged source.
function cutSaving(results, startsWith) {
  const analysis = results.sizeAnalysis;
  const cut = (analysis?.experiments ?? []).find((row) => String(row.label).startsWith(startsWith));
  const reference = analysis?.reference?.one?.gzip;
  return cut && typeof reference === "number" ? reference - cut.one.gzip : undefined;
}

// Who owns the one-operation bundle's bytes, and which guarantee each layer is.
function sizeOwners(results) {
  const peer = results.size?.["ofetch-one"]?.gzip;
  const ours = results.size?.["ours-one"]?.gzip;
  const gap = typeof peer === "number" && typeof ours === "number" ? ours - peer : undefined;
  const shortMessages = cutSaving(results, "every string over 40 chars");
  return (
    `The breakdown above gives every byte an owner${gap === undefined ? "" : `; the gap to the ofetch + valibot peer is ${B(gap)}`}. ` +
    `The transport (${B(folderBytes(results, "core/src/transport"))} marginal gzip) is the whole-request deadline shared by the attempts, ` +
    "retries that honour Retry-After and never resend a sign-in, the capped body read, the token dropped on a cross-origin redirect and the " +
    `classified network errors; the peer has none of the last four. The errors (${B(folderBytes(results, "core/src/errors"))}) are one class per ` +
    "typed code with a message that says what to do, and the mapping from Plex's status and body. valibot " +
    `(${B(folderBytes(results, "valibot"))}) checks the input against the table's schemas and names the bad field; the options ` +
    `(${B(folderBytes(results, "core/src/option"))}) name a bad option and say what to set. ` +
    `${shortMessages ? `Cutting every message to a code would save only ${B(shortMessages)} (measured above). ` : ""}` +
    `${allCuts(results)}Reaching the peer means dropping at least two of those layers: typed errors with advice, field-naming input checks, or the transport's ` +
    "safety (capped body, redirect token stripping, one deadline). Each is a standard of this project."
  );
}

// Every measured cut at once: the floor of what rewording, moving or compacting the text could reach.
function allCuts(results) {
  const last = (results.sizeAnalysis?.experiments ?? []).at(-1);
  const one = last?.cumulativeOne?.gzip;
  const all = last?.cumulativeAll?.gzip;
  if (typeof one !== "number" || typeof all !== "number") return "";
  return (
    `With every cut above at once (options by hand, the tool metadata moved out, every message a code: more than any compact table of ` +
    `messages or shared "what to do" formatter could save) the one-operation bundle is still ${B(one)} and the four seed operations ` +
    `${B(all)}${one > 5 * 1024 ? ": what is left is code, not text, so no redesign of the messages reaches 5 KB" : ""}. `
  );
}

// The profile's first sentence: how much more CPU a call of core costs than one of raw fetch.
function cpuGap(profile) {
  const { raw, ours } = profile.clients;
  return (
    `In the profile of ${profile.operation} (steady state, one process per client), core costs ` +
    `${us(ours.processCpuUs - raw.processCpuUs)} per call more than raw fetch (${us(ours.processCpuUs)} against ${us(raw.processCpuUs)}).`
  );
}

// The profile's account of core's extra CPU per call.
function cpuOwners(results) {
  const profile = results.profile;
  if (!profile) return "The CPU profile did not run, so this miss has no breakdown.";
  const raw = profile.clients.raw;
  const ours = profile.clients.ours;
  const coreRows = Object.entries(ours.layers)
    .filter(([layer]) => layer.startsWith("core:") || layer === "valibot")
    .sort((a, b) => b[1] - a[1]);
  const coreUs = coreRows.reduce((sum, [, value]) => sum + value, 0);
  const top = coreRows
    .slice(0, 3)
    .map(([layer, value]) => `${layer.replace(/^core: /, "")} ${us(value)}`)
    .join(", ");
  return (
    `${cpuGap(profile)} Its own code takes ${us(coreUs)} of the main thread (${top}), ` +
    "part of it doing what undici's response.json() does for raw fetch (reading the body), so undici's row is the smaller; the rest " +
    "of the difference is the Node work and garbage its extra objects cause. The transport's share is the attempt's signal " +
    "and shared deadline timer, the capped streaming body read with its decode, and the retry bookkeeping. Under 1.3x would take reading " +
    "the body with response.text() without a cap (a broken or hostile server could make the client buffer any size) and dropping the " +
    `whole-request deadline. The profile's ratio is ${(ours.processCpuUs / raw.processCpuUs).toFixed(2)}x; the CPU-per-call section forces ` +
    `a full GC before each block of ${results.overhead?.callsPerBlock ?? "?"} calls, after which V8 starts again from a small young ` +
    "generation, so each allocation there costs more than in a long-running process."
  );
}

// Raw fetch with the two fetch options core's guarantees need, beside raw fetch and core (loopback p50).
function guardedShare(results) {
  const parts = Object.entries(results.loopback?.operations ?? {}).flatMap(([op, row]) => {
    const { raw, ours, rawGuarded } = row;
    if (!raw || !ours || !rawGuarded) return [];
    return [
      `${op} ${us(raw.p50Us)} raw, ${us(rawGuarded.p50Us)} with them (${rawGuarded.throughputRatio.toFixed(2)}x the throughput), ${us(ours.p50Us)} core`,
    ];
  });
  if (parts.length === 0) return "";
  const text =
    " Part of the gap is undici's, not core's: raw fetch given a timeout signal (`AbortSignal.timeout`) and `redirect: \"manual\"` measured " +
    `${parts.join("; ")} (p50). Those two options are what lets go of a timed-out request's socket and keeps the token from ` +
    "following a redirect; leaving them out would drop both guarantees.";
  return text + unexplainedLatency(results);
}

// Core's p50 over raw fetch with the same fetch options, against its CPU gap: from the profile over the
// socket when it ran, else from the stub profile, and what CPU does not account for is said as open.
function unexplainedLatency(results) {
  const overSocket = socketAccount(results);
  if (overSocket) return overSocket;
  const cpu = results.profile
    ? results.profile.clients.ours.processCpuUs - results.profile.clients.raw.processCpuUs
    : undefined;
  const gaps = Object.values(results.loopback?.operations ?? {}).flatMap(({ ours, rawGuarded }) =>
    ours && rawGuarded ? [ours.p50Us - rawGuarded.p50Us] : [],
  );
  if (cpu === undefined || gaps.length === 0) return "";
  const worst = Math.max(...gaps);
  if (worst <= cpu * 2) return "";
  return (
    ` The rest, up to ${us(worst)} of core over that guarded raw fetch, is more than core's ${us(cpu)} of CPU per call in the ` +
    "profile: latency that CPU does not explain (event-loop turns or timers per attempt are the suspects), not profiled over the socket in this run."
  );
}

// The loopback p50 target's limit (a ratio to raw fetch), from the one table of targets.
const P50_LIMIT = /** @type {number} */ (TARGETS.find((target) => target.id === "loopback-p50")?.limit);

/** Core's own layers in a profile's client, summed. */
function coreOwnUs(client) {
  return Object.entries(client.layers)
    .filter(([layer]) => layer.startsWith("core:"))
    .reduce((sum, [, value]) => sum + value, 0);
}

// The loopback profile's account of core over the guarded raw fetch: wall time against main-thread work,
// core's own code, the layers that grew on its behalf, and what the p50 target would leave it.
function socketAccount(results) {
  const profile = results.loopbackProfile;
  const guarded = profile?.clients.rawGuarded;
  const ours = profile?.clients.ours;
  if (!guarded || !ours) return "";
  const wallGap = ours.wallUs - guarded.wallUs;
  // Within 3 %: each client's process varies more than that from one start to the next on a shared machine.
  if (wallGap <= guarded.wallUs * 0.03) {
    return (
      ` Profiled over the socket (${profile.operation}, one process per client; the table below), core's calls took ${us(ours.wallUs)} ` +
      `each against ${us(guarded.wallUs)} for that guarded raw fetch, within 3 %: that profile has no gap for core to explain, so the ` +
      "section's is as much the shared machine's noise as core's."
    );
  }
  const mainGap = ours.mainThreadUs - guarded.mainThreadUs;
  const own = coreOwnUs(ours);
  const grown = Object.keys(ours.layers)
    .filter((layer) => !layer.startsWith("core:") && !layer.startsWith("elsewhere"))
    .map((layer) => [layer, (ours.layers[layer] ?? 0) - (guarded.layers[layer] ?? 0)])
    .filter(([, delta]) => delta > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 2)
    .map(([layer, delta]) => `${layer.replace(/ \(.*\)$/, "")} +${us(delta)}`);
  const row = results.loopback?.operations?.[profile.operation];
  const room = row?.raw && row.rawGuarded ? row.raw.p50Us * P50_LIMIT - row.rawGuarded.p50Us : undefined;
  const within = `within ${P50_LIMIT.toFixed(2)}x raw fetch`;
  const verdict =
    mainGap >= wallGap * 0.75
      ? "the gap is main-thread work, not waiting."
      : `${us(wallGap - mainGap)} of it is not main-thread work (waiting), still open.`;
  const target =
    room === undefined
      ? ""
      : room <= 0
        ? ` The guarded raw fetch alone is already over ${P50_LIMIT.toFixed(2)}x raw fetch here, so no client keeping those two options meets the target.`
        : room < own
          ? ` A p50 ${within} leaves core ${us(room)} per call over the guarded raw fetch, less than its own code takes ` +
            `(${us(own)}): the input check, the URL and headers, the deadline, the answer's check and the retry bookkeeping, each a guarantee.`
          : ` A p50 ${within} leaves core ${us(room)} per call over the guarded raw fetch, no less than its own code takes ` +
            `(${us(own)}): the rest has to come out of the work done under it.`;
  return (
    ` Profiled over the socket (${profile.operation}, ${profile.calls.toLocaleString("en-US")} calls after ${profile.warmupCalls.toLocaleString("en-US")} ` +
    `warm-up calls, one process per client; the table below), core's calls took ${us(wallGap)} more wall time each than that guarded raw fetch's ` +
    `and its main thread worked ${us(mainGap)} more per call: ${verdict} Core's own code takes ${us(own)}` +
    (grown.length
      ? `; the layers under it grew (${grown.join(", ")}): the deadline's timer armed and cleared per call, the promises of the ` +
        "attempt's races and async steps, the objects they leave to collect."
      : ".") +
    target
  );
}

function loopbackOwners(results) {
  return (
    "With 50 in flight on two cores shared with the server process the run is CPU bound, so throughput follows the CPU per call " +
    `of the client and of undici under it.${guardedShare(results)}${results.profile ? ` ${cpuGap(results.profile)}` : ""}`
  );
}

function heapOwners(results) {
  const memory = results.memory?.targets;
  if (!memory?.ours || !memory.raw) return "The memory section did not run.";
  const atImport = memory.ours.heapAfterImportMb - memory.raw.heapAfterImportMb;
  const fromCalls = memory.ours.heapAfterCallsOverRawMb - atImport;
  return (
    `${atImport.toFixed(2)} MB of it is there before the first call: the operation table with its valibot schemas and compiled checks, ` +
    `the error classes and their messages, built when core is imported. The 10,000 calls add ${fromCalls.toFixed(2)} MB more than raw ` +
    "fetch's. Building each operation's schemas on first use would move most of the " +
    "import share to the operations an app calls; it was not done, since the table is data that the MCP server and the CLI read whole."
  );
}

function coldImportOwners(results) {
  const cold = results.coldStart?.targets;
  if (!cold?.core || !cold.node) return "The cold-start section did not run.";
  const esm = cold["node-esm"]?.medianMs;
  const loader = esm === undefined ? undefined : esm - cold.node.medianMs;
  const loaderNote =
    loader === undefined
      ? ""
      : loader > 1
        ? ` (an empty ES module is ${ms(loader)} of it)`
        : " (an empty ES module starts no slower than `node -e 0`, so all of it is core's)";
  return (
    `${ms(cold.core.medianMs - cold.node.medianMs)} over \`node -e 0\`${loaderNote}: ` +
    "Node parses core's whole single-file build (every operation and flow, with the part of valibot it uses: 123 KB, minified in " +
    "whitespace and syntax since 2026-12-03, from 162 KB, which took about 0.7 ms off) and evaluates the operation table, each row's " +
    "valibot schemas and the error classes. Timed apart (vm.SourceTextModule, medians of 21 starts): reading the file 0.3 ms, " +
    "parsing about 4.5 ms, linking 0.2 ms, evaluation about 3.5 ms, most of it V8 compiling on first call the hundred-odd functions " +
    "the import runs (valibot's schema constructors, the error classes' static fields, the table's getters). Mangling identifiers " +
    "too would save 0.3-0.9 ms more, but a stack trace would then name no function of core's. The ofetch + valibot peer " +
    `takes ${cold.ofetch ? ms(cold.ofetch.medianMs - cold.node.medianMs) : "?"} over the same baseline. A Node entry holding only the ` +
    "seed operations, or lazy schemas per operation, are the ways further down; no guarantee has to go."
  );
}

function mcpStartOwners(results) {
  const cold = results.coldStart?.targets;
  const start = results.mcp?.firstToolsList?.stdio?.medianMs;
  const node = cold?.node?.medianMs;
  const sdk = cold?.["mcp-sdk"] && node !== undefined ? cold["mcp-sdk"].medianMs - node : undefined;
  const budget = TARGETS.find((target) => target.id === "mcp-start")?.limit ?? 150;
  const split =
    start === undefined || node === undefined
      ? ""
      : `Of the ${ms(start)} from spawn to the answer, ${ms(node)} is \`node -e 0\` on this machine, which leaves ` +
        `${ms(budget - node)} of the ${budget} ms for everything the command does; it took ${ms(start - node)}. `;
  return (
    split +
    "The command (bin/plex-auth-mcp.js) is one bundle whose stdio path loads the MCP SDK's server and protocol code, zod 4 and " +
    "ajv (the SDK imports its JSON Schema validator statically), core and valibot; the HTTP transport stays in a chunk loaded only " +
    "for `--http`. A V8 profile of the start (taken on 2026-12-03, five starts) put over half of the whole process's time, node's " +
    "own start included, in the SDK's chunk: parsing its 0.5 MB and building its protocol schemas with zod at import. Core's " +
    "chunks (core, valibot, the tools and the JSON Schema conversion of their table) were about 4 %. For comparison, importing the SDK's package entry alone (all of it, HTTP " +
    `included) takes ${sdk === undefined ? "?" : ms(sdk)} over \`node -e 0\`. Under the target would need an SDK that builds its ` +
    "schemas and loads its validator lazily; Node 22's compile cache, which the command enables where it exists, was measured at " +
    "about 20 of 105 ms on a faster machine, and the bench runs Node 20, which lacks it."
  );
}

/** What each missable target's gap is made of; a target without an entry has none to give. */
export const MISS_EXPLANATIONS = Object.freeze({
  "size-one": sizeOwners,
  "size-one-peer": sizeOwners,
  "size-all": sizeOwners,
  "size-client": sizeOwners,
  "cpu-per-call": cpuOwners,
  "loopback-p50": loopbackOwners,
  throughput: loopbackOwners,
  heap: heapOwners,
  "cold-import": coldImportOwners,
  "mcp-start": mcpStartOwners,
});

/**
 * The "what the misses cost" section: one paragraph per missed target (sizes share one).
 * @param {any} results
 * @param {{ rows: { id: string, figure: string, status: string }[] }} check
 */
export function missesMarkdown(results, check) {
  const seen = new Set();
  const paragraphs = [];
  for (const row of check.rows.filter((candidate) => candidate.status === "miss")) {
    const explain = MISS_EXPLANATIONS[/** @type {keyof typeof MISS_EXPLANATIONS} */ (row.id)];
    if (!explain || seen.has(explain)) continue;
    seen.add(explain);
    const figures = check.rows
      .filter((other) => other.status === "miss" && MISS_EXPLANATIONS[other.id] === explain)
      .map((other) => other.figure);
    paragraphs.push(`- **${figures.join("; ")}.** ${explain(results)}`);
  }
  if (paragraphs.length === 0) return "";
  return ["## What the misses would cost", "", ...paragraphs, ""].join("\n");
}

const PROFILE_COLUMNS = Object.freeze({
  raw: "raw fetch",
  rawGuarded: "raw fetch, timeout signal + manual redirect",
  ours: "@plex-auth/core",
});

/**
 * A profile as a table: microseconds per call by layer, the clients side by side (raw fetch first), the
 * process totals last; over the socket, the wall time per call too.
 * @param {any} profile
 */
export function profileMarkdown(profile, markdownTable) {
  if (!profile) return "";
  const names = Object.keys(PROFILE_COLUMNS).filter((name) => profile.clients[name]);
  const clients = names.map((name) => profile.clients[name]);
  const ours = profile.clients.ours;
  const layers = [...new Set(clients.flatMap((client) => Object.keys(client.layers)))].sort(
    (a, b) => (ours.layers[b] ?? 0) - (ours.layers[a] ?? 0),
  );
  const cell = (value) => (value === undefined ? "-" : us(value));
  const bold = (label, pick) => [`**${label}**`, ...clients.map((client) => `**${us(pick(client))}**`)];
  const loopback = profile.over === "loopback";
  const rounds = (profile.rounds ?? 1) > 1;
  const median = rounds
    ? ` Each client ran in ${profile.rounds} child processes, the clients in a rotating order; each column is the run of median wall time, whole, and the last row gives the range of the runs' wall time per call.`
    : "";
  const intro = loopback
    ? `V8's sampling profiler (100 us) over ${profile.calls.toLocaleString("en-US")} sequential calls after ${profile.warmupCalls.toLocaleString("en-US")} warm-up calls, one child process per client, Node's \`fetch\` against the loopback section's server (bench/src/cpu-profile.mjs); the operation with the worst p50 of that section. Self time per layer of the main thread, idle left out; the wall time per call is of the profiled calls, slowed a little by the profiler.`
    : `V8's sampling profiler (100 us) over ${profile.calls.toLocaleString("en-US")} calls after ${profile.warmupCalls.toLocaleString("en-US")} warm-up calls, one child process per client, the stub \`fetch\` of the CPU-per-call section (bench/src/cpu-profile.mjs); the worst operation of that section. Self time per layer of the main thread; core's frames are mapped to their source files through dist's source maps. The last row is the process's CPU time (all threads) that the main thread's samples do not account for.`;
  return [
    `## Where the time goes (${loopback ? "loopback, one call at a time" : "CPU per call"}, ${profile.operation})`,
    "",
    intro + median,
    "",
    markdownTable(
      ["layer", ...names.map((name) => PROFILE_COLUMNS[name])],
      [
        ...layers.map((layer) => [layer, ...clients.map((client) => cell(client.layers[layer]))]),
        ...(loopback
          ? [
              bold("main thread per call", (client) => client.mainThreadUs),
              bold("wall time per call", (client) => client.wallUs),
            ]
          : []),
        bold("process CPU per call", (client) => client.processCpuUs),
        ...(rounds
          ? [
              [
                "wall time per call, range of the runs",
                ...clients.map((client) => client.wallUsRange.map(us).join(" to ")),
              ],
            ]
          : []),
      ],
      `l${"r".repeat(names.length)}`,
    ),
    "",
  ].join("\n");
}
