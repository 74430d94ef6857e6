/**
 * Part 5, the connection picker on real sockets: `findServerConnection` against servers whose connections
 * are hand-written TCP servers on 127.0.0.1 that reset mid-answer, accept and stall, drip, send a short
 * body, answer an HTML page or name another machine, mixed with none, one or two live ones. It must
 * return a live one (never a dead one) or NoServerConnectionError saying what each candidate did, within
 * probeTimeoutMs + tiers × staggerMs + an allowance, send only the server's own token, probe no local
 * address of a server the account does not own, and leave no socket open.
 */
import { createPlexAuth, findServerConnection, NoServerConnectionError, type PlexResource } from "@plex-auth/core";
import { afterAll, describe, expect, it } from "vitest";
import { settle } from "../src/outcome.ts";
import { createRng } from "../src/random.ts";
import { exactly, failures, info, type Metric, recordSection } from "../src/report/figures.ts";
import { ATTEMPT_OUTCOME, behaviourOf, type ConnectionKind, KINDS, tokenIn } from "../src/sockets/picker-servers.ts";
import { type RawServer, startRawServer } from "../src/sockets/raw-server.ts";
import { tally } from "../src/stats.ts";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
const PROBE_TIMEOUT_MS = 2_000;
const STAGGER_MS = 200;
/** Timers fire late on a loaded machine; every bound gets this much on top. */
const ALLOWANCE_MS = 1_000;
/**
 * How long after the call the servers may take to see every socket closed. The losers still in flight when
 * one connection won must be cancelled then, not left to their own timeout: this is a quarter of it.
 */
const CLOSE_WITHIN_MS = PROBE_TIMEOUT_MS / 4;
/** undici's spare connection after an abort closes after its 4 s keep-alive timeout (see sockets.test.ts). */
const IDLE_CLOSE_WITHIN_MS = 8_000;
const RANDOM_SCENARIOS = 24;
const MACHINE = "8276c3fa6bc24e44b347e19c71fbb98b9287c1e9";
const ACCOUNT_TOKEN = "account-token-socket-0001";
const RESOURCE_TOKEN = "resource-token-socket-0001";

type Tier = "local" | "remote" | "relay";

interface Scenario {
  readonly name: string;
  readonly owned: boolean;
  readonly connections: readonly { readonly kind: ConnectionKind; readonly tier: Tier }[];
}

const c = (kind: ConnectionKind, tier: Tier) => ({ kind, tier });

/** Cases written out, then seeded random mixes of 3 to 6 connections with none, one or two live. */
const FIXED: readonly Scenario[] = [
  {
    name: "dead locals, live remote",
    owned: true,
    connections: [c("reset", "local"), c("stall", "local"), c("live", "remote")],
  },
  {
    name: "live only through the relay",
    owned: true,
    connections: [c("stall", "local"), c("drip", "local"), c("short", "remote"), c("live", "relay")],
  },
  {
    name: "live local among impostors",
    owned: true,
    connections: [c("html", "local"), c("foreign", "local"), c("live", "local"), c("stall", "remote")],
  },
  {
    name: "two live, two tiers",
    owned: true,
    connections: [c("live", "local"), c("live", "remote"), c("stall", "relay")],
  },
  {
    name: "nothing live",
    owned: true,
    connections: [c("foreign", "local"), c("reset", "remote"), c("html", "relay"), c("short", "remote")],
  },
  {
    name: "everything hangs",
    owned: true,
    connections: [c("stall", "local"), c("drip", "remote"), c("stall", "relay")],
  },
  {
    name: "shared server: its live local address is not ours to probe",
    owned: false,
    connections: [c("live", "local"), c("stall", "remote"), c("foreign", "relay")],
  },
  {
    name: "shared server: live remote",
    owned: false,
    connections: [c("live", "local"), c("reset", "local"), c("live", "remote")],
  },
];

function randomScenario(index: number): Scenario {
  const rng = createRng(SEED * 31 + index);
  const count = 3 + rng.int(4);
  const live = rng.int(3);
  const dead = KINDS.filter((kind) => kind !== "live");
  const kinds = Array.from({ length: count }, (_, slot) => (slot < live ? "live" : rng.pick(dead)) as ConnectionKind);
  const tiers: Tier[] = ["local", "remote", "relay"];
  const connections = kinds.map((kind) => c(kind, rng.pick(tiers))).sort(() => rng.next() - 0.5);
  return { name: `random mix ${index + 1}`, owned: rng.next() < 0.8, connections };
}

const SCENARIOS: readonly Scenario[] = [
  ...FIXED,
  ...Array.from({ length: RANDOM_SCENARIOS }, (_, i) => randomScenario(i)),
];

/** Whether the picker may probe a connection: not a local one of a server the account does not own. */
const probeable = (scenario: Scenario, tier: Tier) => scenario.owned || tier !== "local";

interface Row {
  readonly scenario: Scenario;
  readonly servers: readonly RawServer[];
  readonly outcome: string;
  readonly picked: string | undefined;
  readonly error: unknown;
  readonly wallMs: number;
  readonly boundMs: number;
  readonly closed: boolean;
}

function resourceOf(scenario: Scenario, servers: readonly RawServer[]): PlexResource {
  return {
    name: scenario.name,
    clientIdentifier: MACHINE,
    provides: "server",
    owned: scenario.owned,
    accessToken: RESOURCE_TOKEN,
    connections: scenario.connections.map(({ tier }, index) => ({
      uri: (servers[index] as RawServer).url,
      protocol: "http",
      local: tier === "local",
      relay: tier === "relay",
    })),
  };
}

async function runScenario(scenario: Scenario, started: RawServer[]): Promise<Row> {
  const servers = await Promise.all(scenario.connections.map(({ kind }) => startRawServer(behaviourOf(kind, MACHINE))));
  started.push(...servers);
  const plex = createPlexAuth({ clientIdentifier: "reliability-picker", token: ACCOUNT_TOKEN });
  const tiers = new Set(scenario.connections.filter(({ tier }) => probeable(scenario, tier)).map(({ tier }) => tier))
    .size;
  const boundMs = PROBE_TIMEOUT_MS + tiers * STAGGER_MS + ALLOWANCE_MS;
  let picked: string | undefined;
  const { outcome, error, wallMs } = await settle(async () => {
    const found = await findServerConnection(plex, resourceOf(scenario, servers), {
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      staggerMs: STAGGER_MS,
    });
    if (found.accessToken !== RESOURCE_TOKEN) throw new Error("handed back another token than the server's own");
    picked = found.uri;
  }, boundMs + 10_000);
  const closed = (await Promise.all(servers.map((server) => server.allClosed(CLOSE_WITHIN_MS)))).every(Boolean);
  return { scenario, servers, outcome, picked, error, wallMs, boundMs, closed };
}

/** What NoServerConnectionError must list: each probeable candidate, with what its kind did. */
function attemptProblems(row: Row): string[] {
  const attempts = row.error instanceof NoServerConnectionError ? row.error.attempts : [];
  return row.scenario.connections.flatMap(({ kind, tier }, index) => {
    if (!probeable(row.scenario, tier) || kind === "live") return [];
    const uri = (row.servers[index] as RawServer).url;
    const attempt = attempts.find((item) => item.uri === uri);
    if (!attempt) return [`${uri} (${kind}) is missing from attempts`];
    return ATTEMPT_OUTCOME[kind].test(attempt.outcome) ? [] : [`${kind} reported as "${attempt.outcome}"`];
  });
}

function problemsOf(row: Row): string[] {
  const { scenario, servers } = row;
  const live = scenario.connections.flatMap(({ kind, tier }, index) =>
    kind === "live" && probeable(scenario, tier) ? [(servers[index] as RawServer).url] : [],
  );
  const problems: string[] = [];
  if (live.length > 0 && row.outcome !== "success") problems.push(`${live.length} live, yet ${row.outcome}`);
  if (row.outcome === "success" && !live.includes(row.picked as string))
    problems.push(`picked ${row.picked}, a dead one`);
  if (live.length === 0) {
    if (row.outcome !== "NoServerConnectionError") problems.push(`nothing live, yet ${row.outcome}`);
    else problems.push(...attemptProblems(row));
  }
  if (row.wallMs > row.boundMs) problems.push(`took ${Math.round(row.wallMs)} ms, bound ${row.boundMs} ms`);
  if (!row.closed) problems.push(`a socket was still open ${CLOSE_WITHIN_MS} ms after the call`);
  scenario.connections.forEach(({ kind, tier }, index) => {
    const server = servers[index] as RawServer;
    if (!probeable(scenario, tier) && server.requests() > 0)
      problems.push(`probed the local ${kind} of a shared server`);
    for (const connection of server.connections) {
      const token = tokenIn(connection.head);
      if (connection.requests > 0 && token !== RESOURCE_TOKEN)
        problems.push(`${kind} got token ${token}, not the server's`);
    }
  });
  return problems.map((problem) => `${scenario.name}: ${problem}`);
}

describe("part 5: the connection picker on real sockets", () => {
  const servers: RawServer[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
  });

  it("returns a live connection or NoServerConnectionError within its bound, sends only the server's token, closes every socket", async () => {
    const started = Date.now();
    const rows = await Promise.all(SCENARIOS.map((scenario) => runScenario(scenario, servers)));
    const problems = rows.flatMap(problemsOf);
    const idleClosed = (
      await Promise.all(servers.map((server) => server.allClosed(IDLE_CLOSE_WITHIN_MS, true)))
    ).filter((closed) => !closed).length;
    const probes = servers.reduce((sum, server) => sum + server.requests(), 0);
    const outcomes = tally(rows.map((row) => row.outcome));
    const metrics: Metric[] = [
      info("scenarios (connections)", `${rows.length} (${servers.length})`),
      info("probes the servers received", probes),
      exactly(
        "scenarios with a dead pick, a wrong outcome, a bad attempt report or over their bound",
        problems.length,
        0,
      ),
      exactly(
        `scenarios with a socket open ${CLOSE_WITHIN_MS} ms after the call (a loser not cancelled)`,
        rows.filter((row) => !row.closed).length,
        0,
      ),
      exactly(`connections of any kind still open ${IDLE_CLOSE_WITHIN_MS / 1000} s later`, idleClosed, 0),
      info(
        "max wall time (bound)",
        `${Math.round(Math.max(...rows.map((row) => row.wallMs)))} ms (${Math.max(...rows.map((row) => row.boundMs))} ms)`,
      ),
    ];
    recordSection({
      part: 5,
      key: "sockets-picker",
      title: "The connection picker against broken servers on real 127.0.0.1 sockets",
      promise:
        "findServerConnection returns a live connection (never one that reset, stalled, dripped, cut its body short, " +
        "answered HTML or named another machine) or NoServerConnectionError listing what each candidate did, within " +
        `probeTimeoutMs (${PROBE_TIMEOUT_MS} ms) + tiers × staggerMs (${STAGGER_MS} ms) + ${ALLOWANCE_MS} ms; every probe ` +
        "carries the server's own token (never the account token), no local address of a shared server is probed, " +
        `and every socket is closed within ${CLOSE_WITHIN_MS} ms of the call's end (the losers cancelled, not left to time out)`,
      metrics,
      tables: [
        { title: "Outcomes", columns: ["outcome", "scenarios"], rows: Object.entries(outcomes) },
        ...(problems.length ? [{ title: "Problems", columns: ["problem"], rows: problems.map((p) => [p]) }] : []),
      ],
      totals: {
        calls: rows.length,
        pickerScenarios: rows.length,
        leaks: rows.filter((row) => !row.closed).length + idleClosed,
      },
      durationMs: Date.now() - started,
    });
    expect(problems).toEqual([]);
    expect(failures(metrics)).toEqual([]);
    // Both ends of the promise were reached.
    expect(outcomes.success).toBeGreaterThan(3);
    expect(outcomes.NoServerConnectionError).toBeGreaterThan(3);
  });
});
