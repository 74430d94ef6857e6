/**
 * The targets of issue 7, in one table, and the pure function that checks measured results against them.
 * Size targets are deterministic and are the only ones the quick mode (`check:size`) checks.
 * @module
 */

/** 1 KB = 1024 bytes, as esbuild prints sizes. */
export const KB = 1024;

/**
 * @typedef {{
 *   id: string,
 *   figure: string,
 *   target: string,
 *   limit: number,
 *   compare: "<=" | ">=",
 *   unit: string,
 *   quick: boolean,
 *   budget?: number | ((results: any) => number | undefined),
 *   budgetNote?: string,
 *   measure: (results: any) => { value: number, detail?: string } | undefined,
 * }} Target
 */

/**
 * Worst value over the operations of a section, with the operation as its detail (the bench profiles it).
 * @param {Record<string, Record<string, any>> | undefined} operations
 * @param {string} client
 * @param {string} field
 * @param {"max" | "min"} pick
 */
export function worst(operations, client, field, pick) {
  /** @type {{ value: number, detail?: string } | undefined} */
  let found;
  for (const [op, clients] of Object.entries(operations ?? {})) {
    const value = clients?.[client]?.[field];
    if (typeof value !== "number") continue;
    if (!found || (pick === "max" ? value > found.value : value < found.value)) found = { value, detail: op };
  }
  return found;
}

/** @param {number | undefined} value @param {string} [detail] */
function given(value, detail) {
  return typeof value === "number" && Number.isFinite(value) ? { value, detail } : undefined;
}

/** The peer the relative targets compare with: ofetch + valibot, measured in the same run. */
const PEER = "ofetch";

/**
 * Our one-operation bundle over the ofetch peer's, both min+gzip from the same run.
 * @param {any} results
 */
function sizeOverPeer(results) {
  const ours = results.size?.["ours-one"]?.gzip;
  const peer = results.size?.[`${PEER}-one`]?.gzip;
  if (typeof ours !== "number" || typeof peer !== "number" || !(peer > 0)) return undefined;
  return given(ours / peer, `${ours.toLocaleString("en-US")} B vs ${peer.toLocaleString("en-US")} B`);
}

/**
 * The worst operation of our CPU per call over the ofetch peer's (both with the same stub, in the same run):
 * the largest `ours.cpuUs / ofetch.cpuUs` over the operations both have.
 * @param {Record<string, Record<string, any>> | undefined} operations
 */
function cpuOverPeer(operations) {
  /** @type {{ value: number, detail?: string } | undefined} */
  let found;
  for (const [op, clients] of Object.entries(operations ?? {})) {
    const ours = clients?.ours;
    const peer = clients?.[PEER];
    if (typeof ours?.cpuUs !== "number" || typeof peer?.cpuUs !== "number" || !(peer.cpuUs > 0)) continue;
    const value = ours.cpuUs / peer.cpuUs;
    if (!found || value > found.value) {
      const against =
        typeof ours.ratio === "number" && typeof peer.ratio === "number"
          ? `: ${ours.ratio.toFixed(2)}x raw vs ${peer.ratio.toFixed(2)}x raw`
          : "";
      found = { value, detail: `${op}${against}` };
    }
  }
  return found;
}

/**
 * What CI's quick check holds the bundle to while the size targets are out of reach: the size last
 * measured plus about 3 %. First set at 10,857 / 12,267 B gzip (2026-11-28); raised on 2026-12-01 to
 * 12,418 / 14,068 B by the house issue (the table's path parameters, JSON bodies and four base URLs, typed
 * error codes with `retryable` and attempt counts, `withToken`, and messages that blame a wrong URL
 * instead of Plex: about 4 KB minified, 1.3 KB gzip), and `client` added for the whole client (19,150 B
 * with the Authentication group's nine operations and its three flows, against a 12 KB target). valibot
 * alone is ~2.1 KB of it (see the size analysis in results.md). On 2026-12-01 the JWT issue lowered `one` to
 * 12,600 (measured 12,224: each operation's own error codes now live with it, so getTokenDetails alone no
 * longer carries the sign-in, PIN and Home-profile classes), kept `all` (14,112, no larger than before the
 * issue although it now carries the 498 refresh of a JWT token source), raised `client` to 21,000 (20,432
 * with the four JWT operations and the PIN + JWK route), and added `jwt` for the `@plex-auth/core/jwt` entry
 * with jose (22,011). On 2026-12-02 the performance issue raised every budget by about 4 % (to the sizes then
 * measured, 12,858 / 14,757 / 21,288 / 22,718 / 16,042 / 19,265 B, plus about 1.5 %): the per-call CPU work
 * (a response predicate compiled from its schema, a shared attempt deadline) costs about 600 B gzip and brought
 * core to or below the ofetch peer's CPU per call on every operation. Later that day the one-operation budget
 * went from 13,050 to 13,100 B: building the URL and query without a URL and URLSearchParams per call, and
 * reusing the checked defaults of a call without input, cost 207 B and about 2 us of core's 8 us per call
 * (the profile in results.md); then to 13,150 B for redaction that skips its patterns on text without a
 * secret-looking word (+25 B, four times faster redaction). On 2026-12-03 the web budget went from 16,280
 * to 16,310 B: form names and values with nothing to escape are used as they are (+17 B; formPart's share of
 * a call went from 0.7 to 0.1 us of core's 5 us) and a chunked body read races the deadline once (+8 B); the
 * web bundle was 1 B under its budget before. A change that grows a bundle past these
 * fails CI; lower them whenever the bundle shrinks. The full bench still checks, and reports missing, the
 * real targets.
 */
export const CI_SIZE_BUDGETS = Object.freeze({
  one: 13_150,
  all: 14_980,
  client: 21_600,
  jwt: 23_050,
  // Added with the web sign-in (issue 15) at what they measured then (15,278 and 18,512 with the server path's retries), plus about 3 %.
  web: 16_310,
  page: 19_550,
});

/** @type {readonly Target[]} */
export const TARGETS = Object.freeze([
  {
    id: "size-one",
    figure: "core, one operation, min+gzip",
    // Issue 16: at most the ofetch + valibot peer's (the next target) and at most 5 KB.
    target: "<= 5 KB",
    limit: 5 * KB,
    compare: "<=",
    unit: "B",
    quick: true,
    budget: CI_SIZE_BUDGETS.one,
    measure: (results) => given(results.size?.["ours-one"]?.gzip),
  },
  {
    id: "size-one-peer",
    // The relative size target. Core is about twice the peer today, so in CI's quick mode this row
    // is held to core's own regression budget (CI_SIZE_BUDGETS.one over the peer's size in the same run):
    // it reports the ratio, and fails only when core's one-operation bundle outgrows its budget, or when
    // the peer could not be measured. The full bench reports the real comparison, met or missed.
    figure: "core, one operation, min+gzip, over the ofetch + valibot peer's (same run)",
    target: "<= 1.00x ofetch + valibot",
    limit: 1,
    compare: "<=",
    unit: "x",
    quick: true,
    budget: (results) => {
      const peer = results.size?.[`${PEER}-one`]?.gzip;
      return typeof peer === "number" && peer > 0 ? CI_SIZE_BUDGETS.one / peer : undefined;
    },
    budgetNote: `core's own ${CI_SIZE_BUDGETS.one.toLocaleString("en-US")} B`,
    measure: sizeOverPeer,
  },
  {
    id: "size-all",
    figure: "core, the four seed operations, min+gzip",
    target: "<= 6 KB",
    limit: 6 * KB,
    compare: "<=",
    unit: "B",
    quick: true,
    budget: CI_SIZE_BUDGETS.all,
    measure: (results) => given(results.size?.["ours-all"]?.gzip),
  },
  {
    id: "size-client",
    figure: "core, the whole client (every operation), min+gzip",
    target: "<= 12 KB",
    limit: 12 * KB,
    compare: "<=",
    unit: "B",
    quick: true,
    budget: CI_SIZE_BUDGETS.client,
    measure: (results) => given(results.size?.["ours-client"]?.gzip),
  },
  {
    id: "size-jwt",
    // No target of its own: jose's signing and verifying are most of it. Held to the budget, so it can only
    // shrink.
    figure: "core/jwt, a device key and a JWT token source (jose included), min+gzip",
    target: `<= ${CI_SIZE_BUDGETS.jwt.toLocaleString("en-US")} B`,
    limit: CI_SIZE_BUDGETS.jwt,
    compare: "<=",
    unit: "B",
    quick: true,
    budget: CI_SIZE_BUDGETS.jwt,
    measure: (results) => given(results.size?.["ours-jwt"]?.gzip),
  },
  {
    id: "size-web",
    // No target of its own yet (issue 16's size work will set one); held to the budget, so it can only shrink.
    figure: "core, Sign in with Plex in a browser (popup, redirect, resume), min+gzip",
    target: `<= ${CI_SIZE_BUDGETS.web.toLocaleString("en-US")} B`,
    limit: CI_SIZE_BUDGETS.web,
    compare: "<=",
    unit: "B",
    quick: true,
    budget: CI_SIZE_BUDGETS.web,
    measure: (results) => given(results.size?.["ours-web"]?.gzip),
  },
  {
    id: "size-page",
    figure: "examples/web, the page's whole script, min+gzip",
    target: `<= ${CI_SIZE_BUDGETS.page.toLocaleString("en-US")} B`,
    limit: CI_SIZE_BUDGETS.page,
    compare: "<=",
    unit: "B",
    quick: true,
    budget: CI_SIZE_BUDGETS.page,
    measure: (results) => given(results.size?.["ours-page"]?.gzip),
  },
  {
    id: "size-analysis",
    // Not a performance target: the analysis that says where the bytes go must keep building against the
    // current core (it silently said "not measured" for a while), and must attribute the very bundle the
    // size row measured. Not measured (the analysis threw) counts as failed, in CI's quick mode too.
    figure: "size analysis: one-operation bundle attributed by source file, every cut built",
    target: "builds; attributes the measured bundle",
    limit: 0,
    compare: "<=",
    unit: "B off",
    quick: true,
    measure: (results) => {
      const analysis = results.sizeAnalysis;
      const measured = results.size?.["ours-one"]?.gzip;
      const attributed = analysis?.attribution?.totalGzip;
      if (typeof measured !== "number" || typeof attributed !== "number") return undefined;
      const cuts =
        analysis.mode === "quick" ? "every cut built at once" : `${analysis.experiments.length} cuts measured`;
      const files = `${attributed.toLocaleString("en-US")} B attributed to ${analysis.attribution.rows.length} files`;
      return given(Math.abs(attributed - measured), `${files}; ${cuts}`);
    },
  },
  {
    id: "connection-pick",
    figure: "time to a working connection, 7 of 10 candidates dead",
    target: "<= fastest live + one stagger step + 100 ms",
    limit: 100,
    compare: "<=",
    unit: "ms",
    quick: false,
    measure: (results) => {
      const connection = results.connection;
      if (!connection) return undefined;
      return given(
        connection.ours.medianMs - connection.fastestLiveMs - connection.staggerMs,
        "over latency + stagger",
      );
    },
  },
  {
    id: "pin-approval",
    figure: "PIN approved to waitForOAuthPin resolved (worst sample)",
    target: "<= poll interval + 50 ms",
    limit: 50,
    compare: "<=",
    unit: "ms",
    quick: false,
    measure: (results) => {
      const pin = results.pin;
      return pin ? given(pin.maxMs - pin.intervalMs, "over the interval") : undefined;
    },
  },
  {
    id: "cold-import",
    figure: "cold import of core",
    // Issue 16: `node -e 0` + 10 ms.
    target: "<= node baseline + 10 ms",
    limit: 10,
    compare: "<=",
    unit: "ms",
    quick: false,
    measure: (results) => {
      const targets = results.coldStart?.targets;
      return targets?.core && targets?.node ? given(targets.core.medianMs - targets.node.medianMs) : undefined;
    },
  },
  {
    id: "cpu-per-call",
    figure: "client CPU per call, stub fetch (worst operation)",
    target: "<= 1.3x raw",
    limit: 1.3,
    compare: "<=",
    unit: "x",
    quick: false,
    measure: (results) => worst(results.overhead?.operations, "ours", "ratio", "max"),
  },
  {
    id: "cpu-per-call-peer",
    figure: "client CPU per call, stub fetch, over the ofetch + valibot peer's (worst operation)",
    target: "<= 1.00x ofetch + valibot",
    limit: 1,
    compare: "<=",
    unit: "x",
    quick: false,
    measure: (results) => cpuOverPeer(results.overhead?.operations),
  },
  {
    id: "loopback-p50",
    figure: "loopback p50 latency (worst operation)",
    target: "<= 1.10x raw fetch",
    limit: 1.1,
    compare: "<=",
    unit: "x",
    quick: false,
    measure: (results) => worst(results.loopback?.operations, "ours", "p50Ratio", "max"),
  },
  {
    id: "throughput",
    figure: "throughput, 50 in flight (worst operation)",
    target: ">= 0.90x raw fetch",
    limit: 0.9,
    compare: ">=",
    unit: "x",
    quick: false,
    measure: (results) => worst(results.loopback?.operations, "ours", "throughputRatio", "min"),
  },
  {
    id: "heap",
    figure: "heap after 10,000 calls",
    target: "<= raw fetch + 2 MB",
    limit: 2,
    compare: "<=",
    unit: "MB",
    quick: false,
    measure: (results) => given(results.memory?.targets?.ours?.heapAfterCallsOverRawMb),
  },
  {
    id: "mcp-stdio",
    figure: "MCP stdio tool call",
    target: "<= direct SDK call + 2 ms median",
    limit: 2,
    compare: "<=",
    unit: "ms",
    quick: false,
    measure: (results) => given(results.mcp?.calls?.stdio?.overDirectMs),
  },
  {
    id: "mcp-start",
    // Issue 16: spawn to the answer of the first tools/list (issue 13 asked for under 250 ms).
    figure: "MCP start to first tools/list, stdio",
    target: "<= 150 ms",
    limit: 150,
    compare: "<=",
    unit: "ms total",
    quick: false,
    measure: (results) => given(results.mcp?.firstToolsList?.stdio?.medianMs),
  },
  {
    id: "mcp-tools-list",
    // Issue 13: what a model reads on every conversation, with the sign-in tools included once they exist.
    figure: "MCP tools/list, bytes of JSON",
    target: "<= 8 KB",
    limit: 8 * KB,
    compare: "<=",
    unit: "B",
    quick: false,
    measure: (results) => given(results.mcp?.context?.toolsListBytes),
  },
]);

/**
 * Checks results against targets. A target whose figure was not measured is reported as such and counts
 * as failed: a target is met only when a measurement shows it.
 * @param {any} results
 * @param {{ quick?: boolean, targets?: readonly Target[] }} [options]
 */
export function checkTargets(results, options = {}) {
  const targets = (options.targets ?? TARGETS).filter((target) => !options.quick || target.quick);
  const rows = targets.map((target) => {
    const measured = target.measure(results);
    if (!measured) return { id: target.id, figure: target.figure, target: target.target, status: "not measured" };
    const meets = (/** @type {number} */ limit) =>
      target.compare === "<=" ? measured.value <= limit : measured.value >= limit;
    const status = meets(target.limit) ? "pass" : "miss";
    // In quick mode (CI), a target with a regression budget is held to the budget; the row still says
    // whether the real target is met. A budget that depends on the run (a peer's size) and cannot be
    // worked out counts as exceeded.
    const budget = typeof target.budget === "function" ? target.budget(results) : target.budget;
    const budgeted = options.quick && target.budget !== undefined;
    return {
      id: target.id,
      figure: target.figure,
      target: target.target,
      value: measured.value,
      unit: target.unit,
      detail: measured.detail,
      status,
      ...(budgeted
        ? {
            budget,
            withinBudget: typeof budget === "number" && Number.isFinite(budget) && meets(budget),
            ...(target.budgetNote ? { budgetNote: target.budgetNote } : {}),
          }
        : {}),
    };
  });
  const passed = rows.filter((row) => row.withinBudget ?? row.status === "pass").length;
  return { rows, passed, failed: rows.length - passed };
}
