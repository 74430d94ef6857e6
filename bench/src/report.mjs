/**
 * Turns the results into the one table (text for the terminal, Markdown for results.md), the chart spec
 * and results.md itself. Pure functions of the results object.
 * @module
 */
import { hostMarkdown } from "./host.mjs";
import { missesMarkdown, profileMarkdown } from "./misses.mjs";
import { PEER_LABELS } from "./peer-versions.mjs";
import { ratio } from "./stats.mjs";

/**
 * @typedef {{ section: string, figure: string, unit: string, raw?: number, ours?: number, ofetch?: number,
 *   ky?: number, plexjs?: number, rawLabel?: string }} Row
 */

/** The clients compared to raw fetch, in the order of the table's columns and the chart's bars. */
export const COMPARED = /** @type {const} */ (["ours", "ofetch", "ky", "plexjs"]);

/** Column and legend names of the compared clients. */
export const CLIENT_LABELS = Object.freeze({
  ours: "@plex-auth/core",
  ofetch: PEER_LABELS.ofetch,
  ky: PEER_LABELS.ky,
  plexjs: "plexjs 0.43.0",
});

/**
 * One figure of every compared client.
 * @param {(client: string) => number | undefined} pick
 */
function perClient(pick) {
  return Object.fromEntries(COMPARED.map((client) => [client, pick(client)]));
}

const OPERATIONS = ["getTransientToken", "getSourceConnectionInformation", "getTokenDetails", "postUsersSignInData"];

/**
 * The rows of the main table: every figure, for raw fetch, our client, the two peers and plexjs.
 * @param {any} results
 * @returns {Row[]}
 */
export function tableRows(results) {
  /** @type {Row[]} */
  const rows = [];
  const size = results.size ?? {};
  for (const scope of ["one", "all"]) {
    const what = scope === "one" ? "one operation" : "all operations";
    for (const [field, label] of [
      ["gzip", "min+gzip"],
      ["brotli", "min+brotli"],
      ["minified", "minified"],
    ]) {
      rows.push({
        section: "size",
        figure: `bundle, ${what}, ${label}`,
        unit: "B",
        raw: size[`raw-${scope}`]?.[field],
        ...perClient((client) => size[`${client}-${scope}`]?.[field]),
      });
    }
  }
  for (const [scope, what] of [
    ["client", "the whole client (every operation and flow)"],
    ["jwt", "the JWT entry (device key + token source, jose included)"],
    ["web", "Sign in with Plex in a browser (popup, redirect, resume)"],
    ["page", "the web example's page (both ways to sign in, the account lookup)"],
  ]) {
    const entry = size[`ours-${scope}`];
    if (entry) rows.push({ section: "size", figure: `bundle, ${what}, min+gzip`, unit: "B", ours: entry.gzip });
  }
  const cold = results.coldStart?.targets;
  if (cold) {
    rows.push({
      section: "cold start",
      figure: `cold start: node + import (median of ${results.coldStart.runs})`,
      unit: "ms",
      raw: cold.node?.medianMs,
      ours: cold.core?.medianMs,
      ofetch: cold.ofetch?.medianMs,
      ky: cold.ky?.medianMs,
      plexjs: cold.plexjs?.medianMs,
      rawLabel: "node -e 0",
    });
    // Our other packages, the MCP SDK alone (the floor of the server's start) and plexjs's leanest import.
    const others = [
      ["node-pkg", "ours", "import @plex-auth/node"],
      ["mcp-server", "ours", "import @plex-auth/mcp-server"],
      ["mcp-sdk", "ours", "import @modelcontextprotocol/server alone (the MCP SDK)"],
      ["plexjs-funcs", "plexjs", "import plexjs core.js + one standalone function"],
    ];
    for (const [id, column, what] of others) {
      rows.push({
        section: "cold start",
        figure: `cold start: node + ${what}`,
        unit: "ms",
        raw: cold.node?.medianMs,
        [column]: cold[id]?.medianMs,
        rawLabel: "node -e 0",
      });
    }
  }
  for (const op of OPERATIONS) {
    const row = results.overhead?.operations?.[op];
    if (!row) continue;
    rows.push({
      section: "cpu",
      figure: `CPU per call, stub fetch: ${op}`,
      unit: "us",
      raw: row.raw?.cpuUs,
      ...perClient((client) => row[client]?.cpuUs),
    });
  }
  for (const [op, row] of Object.entries(results.loopback?.operations ?? {})) {
    rows.push(
      {
        section: "loopback",
        figure: `loopback p50: ${op}`,
        unit: "us",
        raw: row.raw?.p50Us,
        ...perClient((client) => row[client]?.p50Us),
      },
      {
        section: "loopback",
        figure: `loopback p99: ${op}`,
        unit: "us",
        raw: row.raw?.p99Us,
        ...perClient((client) => row[client]?.p99Us),
      },
      {
        section: "loopback",
        figure: `throughput, ${results.loopback.inFlight} in flight: ${op}`,
        unit: "calls/s",
        raw: row.raw?.callsPerSecond,
        ...perClient((client) => row[client]?.callsPerSecond),
      },
    );
  }
  const memory = results.memory?.targets;
  if (memory) {
    for (const [field, label] of [
      ["heapAfterImportMb", "heap after import"],
      ["heapAfterCallsMb", `heap after ${results.memory.calls.toLocaleString("en-US")} calls`],
      ["rssAfterImportMb", "RSS after import"],
      ["rssAfterCallsMb", `RSS after ${results.memory.calls.toLocaleString("en-US")} calls`],
    ]) {
      rows.push({
        section: "memory",
        figure: label,
        unit: "MB",
        raw: memory.raw?.[field],
        ...perClient((client) => memory[client]?.[field]),
      });
    }
  }
  const mcp = results.mcp;
  if (mcp?.calls) {
    rows.push(
      {
        section: "mcp",
        figure: `MCP ${mcp.tool} over stdio, median`,
        unit: "ms",
        raw: mcp.calls.direct.medianMs,
        ours: mcp.calls.stdio.medianMs,
        rawLabel: "direct SDK call",
      },
      {
        section: "mcp",
        figure: `MCP ${mcp.tool} over Streamable HTTP, median`,
        unit: "ms",
        raw: mcp.calls.direct.medianMs,
        ours: mcp.calls.http.medianMs,
        rawLabel: "direct SDK call",
      },
      ...(mcp.context
        ? [
            {
              section: "mcp",
              figure: `MCP tools/list, the ${mcp.context.tools} tools as a model reads them (instructions: ${mcp.context.instructionsBytes.toLocaleString("en-US")} B)`,
              unit: "B",
              ours: mcp.context.toolsListBytes,
            },
          ]
        : []),
      {
        section: "mcp",
        figure: "MCP start to first tools/list, stdio",
        unit: "ms",
        ours: mcp.firstToolsList.stdio.medianMs,
      },
      {
        section: "mcp",
        figure: "MCP start to first tools/list, Streamable HTTP",
        unit: "ms",
        ours: mcp.firstToolsList.http.medianMs,
      },
    );
  }
  const connection = results.connection;
  if (connection) {
    rows.push({
      section: "flows",
      figure: `time to a working connection, ${connection.dead} of ${connection.candidates} dead (median)`,
      unit: "ms",
      raw: connection.sequential.medianMs,
      ours: connection.ours.medianMs,
      rawLabel: "one after another",
    });
  }
  const pin = results.pin;
  if (pin) {
    rows.push({
      section: "flows",
      figure: `PIN approved to waitForOAuthPin resolved, ${pin.intervalMs} ms cadence (worst of ${pin.samples})`,
      unit: "ms",
      ours: pin.maxMs,
    });
  }
  return rows;
}

/**
 * A number in a unit, with sensible precision.
 * @param {number | undefined} value
 * @param {string} unit
 */
export function formatValue(value, unit) {
  if (value === undefined || !Number.isFinite(value)) return "-";
  if (unit === "B") return `${Math.round(value).toLocaleString("en-US")} B`;
  if (unit === "calls/s") return `${Math.round(value).toLocaleString("en-US")}/s`;
  if (unit === "MB") return `${value.toFixed(1)} MB`;
  if (unit === "x") return `${value.toFixed(2)}x`;
  if (unit === "us") return value >= 1000 ? `${(value / 1000).toFixed(2)} ms` : `${value.toFixed(1)} us`;
  if (unit === "ms") return `${value.toFixed(value >= 100 ? 0 : 1)} ms`;
  return `${value}`;
}

/** @param {number | undefined} value */
function formatRatio(value) {
  return value === undefined ? "-" : `${value.toFixed(2)}x`;
}

/**
 * Cells of the main table, as strings.
 * @param {any} results
 */
export function tableCells(results) {
  const header = ["figure", "raw fetch", ...COMPARED.flatMap((client) => [CLIENT_LABELS[client], "ratio"])];
  const body = tableRows(results).map((row) => [
    row.figure,
    `${formatValue(row.raw, row.unit)}${row.rawLabel && row.raw !== undefined ? ` (${row.rawLabel})` : ""}`,
    ...COMPARED.flatMap((client) => [formatValue(row[client], row.unit), formatRatio(ratio(row[client], row.raw))]),
  ]);
  return { header, body };
}

/**
 * A plain-text table with aligned columns.
 * @param {string[]} header
 * @param {string[][]} body
 */
export function textTable(header, body) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((row) => row[column].length)));
  /** @param {string[]} row */
  const line = (row) =>
    row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join("  ");
  return [line(header), widths.map((width) => "-".repeat(width)).join("  "), ...body.map(line)].join("\n");
}

/**
 * A Markdown table.
 * @param {string[]} header
 * @param {string[][]} body
 * @param {string} [align] one of l/r per column, default first left and others right
 */
export function markdownTable(header, body, align) {
  const alignment = header.map((_, column) =>
    (align?.[column] ?? (column === 0 ? "l" : "r")) === "l" ? "---" : "--:",
  );
  /** @param {string[]} row */
  const line = (row) => `| ${row.map((cell) => String(cell).replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(header), `|${alignment.map((cell) => ` ${cell} `).join("|")}|`, ...body.map(line)].join("\n");
}

/**
 * Cells of the targets table.
 * @param {{ rows: any[] }} check
 */
export function targetCells(check) {
  return {
    header: ["figure", "target", "measured", "result"],
    body: check.rows.map((row) => [
      row.figure,
      row.target,
      row.value === undefined
        ? "-"
        : `${formatTargetValue(row.value, row.unit)}${row.detail ? ` (${row.detail})` : ""}`,
      (row.status === "pass" ? "pass" : row.status === "miss" ? "MISS" : "NOT MEASURED") +
        (!("budget" in row)
          ? ""
          : `; CI budget ${row.budget === undefined ? "-" : formatTargetValue(row.budget, row.unit)}${row.budgetNote ? ` (${row.budgetNote})` : ""}: ${row.withinBudget ? "within" : "EXCEEDED"}`),
    ]),
  };
}

/** @param {number} value @param {string} unit */
function formatTargetValue(value, unit) {
  if (unit === "B") return `${Math.round(value).toLocaleString("en-US")} B (${(value / 1024).toFixed(1)} KB)`;
  if (unit === "ms") return `${value >= 0 ? "+" : ""}${value.toFixed(1)} ms`;
  if (unit === "ms total") return `${value.toFixed(0)} ms`;
  if (unit === "MB") return `${value >= 0 ? "+" : ""}${value.toFixed(2)} MB`;
  if (unit === "B off") return `${Math.round(value).toLocaleString("en-US")} B off`;
  return formatValue(value, unit);
}

/**
 * The chart: every runtime and size figure as a ratio to raw fetch (throughput inverted, so that for every
 * bar lower is better and 1x is raw fetch).
 * @param {any} results
 * @returns {import("./chart.mjs").ChartSpec}
 */
export function chartSpec(results) {
  /** @type {import("./chart.mjs").Group[]} */
  const groups = [];
  /** @param {string} label @param {Record<string, number | undefined>} values */
  const add = (label, values) => {
    if (Object.values(values).some((value) => value !== undefined)) groups.push({ label, values });
  };
  const size = results.size ?? {};
  add(
    "bundle, one operation (min+gzip)",
    perClient((client) => ratio(size[`${client}-one`]?.gzip, size["raw-one"]?.gzip)),
  );
  add(
    "bundle, all operations (min+gzip)",
    perClient((client) => ratio(size[`${client}-all`]?.gzip, size["raw-all"]?.gzip)),
  );
  const cold = results.coldStart?.targets;
  if (cold) {
    const coldIds = { ours: "core", ofetch: "ofetch", ky: "ky", plexjs: "plexjs" };
    add(
      "cold start (vs node -e 0)",
      perClient((client) =>
        ratio(cold[coldIds[/** @type {keyof typeof coldIds} */ (client)]]?.medianMs, cold.node?.medianMs),
      ),
    );
  }
  for (const [op, row] of Object.entries(results.overhead?.operations ?? {})) {
    add(
      `CPU per call: ${op}`,
      perClient((client) => row[client]?.ratio),
    );
  }
  for (const [op, row] of Object.entries(results.loopback?.operations ?? {})) {
    add(
      `loopback p50: ${op}`,
      perClient((client) => row[client]?.p50Ratio),
    );
    add(
      `time per call, 50 in flight: ${op}`,
      perClient((client) => (row[client]?.throughputRatio ? 1 / row[client].throughputRatio : undefined)),
    );
  }
  const memory = results.memory?.targets;
  if (memory) {
    add(
      "heap after 10,000 calls",
      perClient((client) => ratio(memory[client]?.heapAfterCallsMb, memory.raw?.heapAfterCallsMb)),
    );
  }
  if (results.mcp?.calls) {
    add("MCP stdio call (vs direct SDK call)", {
      ours: ratio(results.mcp.calls.stdio.medianMs, results.mcp.calls.direct.medianMs),
    });
  }
  return {
    title: "plex-auth vs ofetch + valibot, ky + valibot and plexjs 0.43.0 (ratio to raw fetch, same run)",
    subtitle: `${results.machine?.date?.slice(0, 10) ?? ""} · ${results.machine?.cpu ?? ""} · ${results.machine?.cores ?? "?"} cores · Node ${results.machine?.node ?? ""}`,
    series: [
      { id: "ours", label: "@plex-auth/core", color: "#2f6fdf" },
      { id: "ofetch", label: PEER_LABELS.ofetch, color: "#2e9e6b" },
      { id: "ky", label: PEER_LABELS.ky, color: "#8a5cc7" },
      { id: "plexjs", label: "@lukehagar/plexjs 0.43.0", color: "#e07b39" },
    ],
    groups,
  };
}

/**
 * The size analysis as Markdown tables.
 * @param {any} analysis
 */
export function sizeAnalysisMarkdown(analysis) {
  if (!analysis?.reference) return "";
  const kb = (/** @type {number} */ bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  const lines = [
    "## Where the bytes go (one-operation bundle)",
    "",
    `The one-operation entry (\`createPlexAuthCore\` + \`getTokenDetails\`) bundled from the built package is ${analysis.baseline.one.minified.toLocaleString("en-US")} B minified, ${analysis.baseline.one.gzip.toLocaleString("en-US")} B min+gzip (${kb(analysis.baseline.one.gzip)}). By original file, through dist's source map. "Marginal gzip" is what the gzip size drops by when only that file's bytes are removed: it does not add up to the total, since what files share compresses once.`,
    "",
    markdownTable(
      ["source", "minified", "marginal gzip"],
      analysis.attribution.rows.map((/** @type {any} */ row) => [
        row.file,
        `${row.minified.toLocaleString("en-US")} B`,
        `${row.marginalGzip.toLocaleString("en-US")} B`,
      ]),
    ),
    "",
    "By folder (what dropping or merging a whole layer would save at most):",
    "",
    markdownTable(
      ["folder", "files", "minified", "marginal gzip"],
      analysis.attribution.folders.map((/** @type {any} */ row) => [
        row.folder,
        String(row.files),
        `${row.minified.toLocaleString("en-US")} B`,
        `${row.marginalGzip.toLocaleString("en-US")} B`,
      ]),
    ),
    "",
    "## Cuts, measured",
    "",
    `Each cut is applied on the fly to core's source by an esbuild plugin (no file of core is changed) and bundled with the same options. "alone" is the cut by itself, "saves" what it saves alone, "with the rows above" accumulates. All against the reference: the same entry bundled from core's source unchanged, ${analysis.reference.one.gzip.toLocaleString("en-US")} B (one operation) and ${analysis.reference.all.gzip.toLocaleString("en-US")} B (the four seed operations) min+gzip, against ${analysis.baseline.one.gzip.toLocaleString("en-US")} B and ${analysis.baseline.all.gzip.toLocaleString("en-US")} B from the built package (whose bundler build is already one module per source file).`,
    "",
    markdownTable(
      [
        "cut",
        "one op, alone",
        "saves",
        "one op, with the rows above",
        "all four, alone",
        "saves",
        "all four, with the rows above",
      ],
      analysis.experiments.map((/** @type {any} */ row) => [
        row.label,
        `${row.one.gzip.toLocaleString("en-US")} B`,
        `${(analysis.reference.one.gzip - row.one.gzip).toLocaleString("en-US")} B`,
        `${row.cumulativeOne.gzip.toLocaleString("en-US")} B`,
        `${row.all.gzip.toLocaleString("en-US")} B`,
        `${(analysis.reference.all.gzip - row.all.gzip).toLocaleString("en-US")} B`,
        `${row.cumulativeAll.gzip.toLocaleString("en-US")} B`,
      ]),
    ),
  ];
  return lines.join("\n");
}

/**
 * The whole results.md.
 * @param {any} results
 * @param {{ rows: any[], passed: number, failed: number }} check
 */
export function resultsMarkdown(results, check) {
  const table = tableCells(results);
  const targets = targetCells(check);
  const machine = results.machine;
  const skipped = Object.entries(results.skipped ?? {}).map(
    ([section, reason]) => `- **${section}: not measured.** ${String(reason).replace(/\s*\n\s*/g, " ")}`,
  );
  return `# plex-auth benchmarks

Generated by \`pnpm bench\` (bench/run.mjs) on ${machine.date}: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB RAM, ${machine.os}, Node ${machine.node}; the run took ${(results.durationMs / 1000).toFixed(0)} s. Every ratio is to raw fetch measured in the same run. Do not edit: run \`pnpm bench\` again.

${hostMarkdown(results.host)}![Ratios to raw fetch](results.svg)

## Results

${markdownTable(table.header, table.body)}

## Targets

${markdownTable(targets.header, targets.body, "llrl")}

${check.passed} passed, ${check.failed} failed.
${skipped.length ? `\n${skipped.join("\n")}\n` : ""}
${sizeAnalysisMarkdown(results.sizeAnalysis)}

${profileMarkdown(results.profile, markdownTable)}
${profileMarkdown(results.loopbackProfile, markdownTable)}
${missesMarkdown(results, check)}

## How it is measured

- **Clients.** *raw fetch* is a hand-written client (bench/src/raw-client.mjs): \`fetch\`, a status check, \`JSON.parse\` and a type check of every field the caller relies on (the fields core requires), nothing else. *@plex-auth/core* is \`createPlexAuth\` with default options (retries, whole-request timeout, capped body read, validation, redaction all on). *${PEER_LABELS.ofetch}* and *${PEER_LABELS.ky}* (bench/src/ofetch-client.mjs, ky-client.mjs) are the peers: the four operations as a user would write them with that library and valibot \`v.looseObject\` schemas of the fields core requires (bench/src/peer-schemas.mjs), with core's retry count (2, GETs only, on 408/429/5xx, network errors and timeouts; the sign-in POST is never resent) and core's 30 s per-attempt timeout, the library's own defaults otherwise (ofetch: a fixed delay between retries, its timeout ends at the response headers, and 1.5.1 resends a timed-out call with its already aborted signal; ky: exponential backoff and \`Retry-After\`, its timeout covers the \`.json()\` body read). *plexjs* is \`@lukehagar/plexjs\` 0.43.0's \`PlexAPI\` with defaults. plexjs 0.43.0 has only the two Plex Media Server operations (\`general.getTransientToken\`, \`general.getSourceConnectionInformation\`); its plex.tv operations (token details, sign-in) are not in that release, so its "all operations" bundle has two, and it has no figures for the plex.tv operations.
- **Payloads.** Every response body is the spec's example (spec/plex-api/examples), the same bytes for every client.
- **Bundle size.** esbuild ${results.esbuildVersion ?? ""} \`--bundle --minify --format=esm --platform=neutral\` of an entry importing the built packages (bench/src/size.mjs; a peer's entry imports its client module: its factory and getTokenDetails for one operation, the whole module for all four), gzip level 9 and brotli quality 11 from node:zlib. 1 KB = 1024 B.
- **Cold start.** Wall time of \`spawnSync(node, …)\` for \`node -e 0\` and for \`node --input-type=module -e 'import "<package>"'\` (for a peer, its client module: the library, valibot and the schemas), ${results.coldStart?.runs ?? "?"} rounds in rotating order after a discarded warm-up round; medians. For reference, an empty ES module (\`node --input-type=module -e ""\`) took ${results.coldStart?.targets?.["node-esm"]?.medianMs?.toFixed(1) ?? "?"} ms; the fastest single start of core was ${results.coldStart?.targets?.core?.minMs?.toFixed(1) ?? "?"} ms against ${results.coldStart?.targets?.node?.minMs?.toFixed(1) ?? "?"} ms for \`node -e 0\`.
- **CPU per call.** In-process stub \`fetch\` (a new \`Response\` of the example body per call, no socket); \`process.cpuUsage\` over blocks of ${results.overhead?.callsPerBlock ?? "?"} sequential calls, ${results.overhead?.blocks ?? "?"} blocks per client in rotating order, forced GC before each block, ${results.overhead?.warmupCalls ?? "?"} warm-up calls discarded; median of blocks.
- **Loopback.** A bare \`node:http\` server in a child process on 127.0.0.1 (bench/src/server.mjs), Node's global fetch (undici, keep-alive) for all clients. First ${results.loopback?.firstWarmupCalls?.toLocaleString("en-US") ?? "?"} discarded warm-up calls per client and operation; then per block and client: forced GC, ${results.loopback?.warmupCalls ?? "?"} warm-up calls, ${results.loopback?.sequentialCalls ?? "?"} sequential calls timed one by one, then ${results.loopback?.throughputCalls ?? "?"} calls with ${results.loopback?.inFlight ?? "?"} in flight; ${results.loopback?.blocks ?? "?"} blocks in rotating order. p50/p99 pool all blocks; throughput is the median of blocks. getTransientToken is the operation all five clients have; getTokenDetails is the largest body. Raw fetch given a timeout signal (\`AbortSignal.timeout(30_000)\` per call) and \`redirect: "manual"\` (what core's guarantees ask of undici) is measured the same way, for the explanation of a miss only; the operation with the worst p50 is then profiled over the same kind of server, raw fetch, that guarded raw fetch and core each in a process of its own (the loopback table under "Where the time goes").
- **Memory.** A fresh \`node --expose-gc\` process per client and repeat (${results.memory?.repeats ?? "?"} repeats, rotating order): heap used and RSS, after a full GC, a 10 ms pause (so pending FinalizationRegistry callbacks, one per request undici made with a signal, run) and another full GC, after importing the package and making the client, and after ${results.memory?.calls?.toLocaleString("en-US") ?? "?"} getTransientToken calls (10 in flight) against the loopback server; medians.
- **MCP.** The built \`plex-auth-mcp\` bin in a child process, driven by the MCP SDK's \`Client\` over stdio and over Streamable HTTP (\`--http --no-auth\` on 127.0.0.1), pointed at the loopback server through PLEX_TOKEN / PLEX_SERVER_URL / PLEX_TV_URL. \`get_token_details\` calls interleaved in rotating blocks with the direct SDK call (\`getTokenDetails\` on the same server); medians. Start to first tools/list: from spawning the server to the answer of the first \`tools/list\`, median of ${results.mcp?.starts ?? "?"} fresh starts per transport.
- **Connection picking.** A server resource with ${results.connection?.candidates ?? "?"} connections on 127.0.0.1: 4 black-holed local addresses (a TCP server that accepts and never answers), 2 refused ports, a Plex Media Server that answers only \`/identity\`, and live ones answering its root after 30, 60 and 90 ms (bench/src/flows.mjs). \`findServerConnection\` (tiers ${results.connection?.staggerMs ?? "?"} ms apart) against a one-after-another picker making the same probe candidate by candidate, both with a ${results.connection?.probeTimeoutMs ?? "?"} ms probe timeout, ${results.connection?.rounds ?? "?"} alternating rounds; medians. Neither may pick a dead candidate.
- **PIN approval.** \`waitForOAuthPin\` at ${results.pin?.intervalMs ?? "?"} ms against a loopback server whose PIN is approved at a random moment of the cadence; the time from approval to the wait resolving, worst of ${results.pin?.samples ?? "?"}.
- **Targets** are checked by the bench only (bench/src/targets.mjs), never by a timed unit test. The two relative to the ofetch + valibot peer compare with its figures from the same run: its one-operation bundle, and its CPU per call operation by operation (the worst operation reported). In CI's quick mode the size comparison is reported and held to core's own size budget instead.
`;
}
