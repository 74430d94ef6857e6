import { describe, expect, it } from "vitest";
import { layerOf, layerTimes, medianRun } from "../src/cpu-profile.mjs";
import { MISS_EXPLANATIONS, missesMarkdown, profileMarkdown } from "../src/misses.mjs";
import { markdownTable } from "../src/report.mjs";
import { TARGETS } from "../src/targets.mjs";

const PROFILE = {
  operation: "getTransientToken",
  calls: 1000,
  warmupCalls: 100,
  clients: {
    raw: { processCpuUs: 20, mainThreadUs: 18, layers: { "undici (Response, Headers, body)": 5 } },
    ours: {
      processCpuUs: 26,
      mainThreadUs: 23,
      layers: {
        "undici (Response, Headers, body)": 5,
        "core: transport (attempts, timeout, body read, retry)": 3,
        valibot: 1,
      },
    },
  },
};

describe("what the misses would cost", () => {
  it("explains only missed targets, each explanation once, with the run's own figures", () => {
    const rows = [
      { id: "size-one", figure: "one op", status: "miss" },
      { id: "size-all", figure: "four ops", status: "miss" },
      { id: "cpu-per-call", figure: "cpu", status: "miss" },
      { id: "heap", figure: "heap", status: "pass" },
    ];
    const results = {
      profile: PROFILE,
      size: { "ours-one": { gzip: 9000 }, "ofetch-one": { gzip: 6000 } },
      sizeAnalysis: { attribution: { folders: [{ folder: "core/src/errors/*", marginalGzip: 2900 }] } },
    };
    const text = missesMarkdown(results, { rows });
    expect(text).toContain("**one op; four ops.**");
    expect(text).toContain("the gap to the ofetch + valibot peer is 3,000 B");
    expect(text).toContain("The errors (2,900 B)");
    const cut = (gzip) => ({ cumulativeOne: { gzip }, cumulativeAll: { gzip: gzip + 1000 } });
    const withCuts = { ...results, sizeAnalysis: { ...results.sizeAnalysis, experiments: [cut(8800), cut(8500)] } };
    expect(missesMarkdown(withCuts, { rows })).toContain(
      "the one-operation bundle is still 8,500 B and the four seed operations 9,500 B: what is left is code, not text",
    );
    expect(text).toContain("core costs 6.0 us per call more than raw fetch (26.0 us against 20.0 us).");
    expect(text).toContain("Its own code takes 4.0 us");
    expect(text).not.toContain("**heap.**");
    expect(missesMarkdown(results, { rows: rows.map((row) => ({ ...row, status: "pass" })) })).toBe("");
  });

  it("gives the loopback miss undici's share, from raw fetch with the two options core needs", () => {
    const row = (p50Us, throughputRatio) => ({ p50Us, throughputRatio });
    const results = {
      loopback: {
        operations: {
          getTransientToken: { raw: row(230, 1), rawGuarded: row(260, 0.93), ours: row(280, 0.88) },
          getTokenDetails: { raw: row(240, 1), ours: row(290, 0.9) },
        },
      },
    };
    const text = missesMarkdown(results, { rows: [{ id: "loopback-p50", figure: "p50", status: "miss" }] });
    expect(text).toContain(
      "getTransientToken 230.0 us raw, 260.0 us with them (0.93x the throughput), 280.0 us core (p50)",
    );
    expect(text).not.toContain("getTokenDetails 240.0 us raw");
    expect(text).not.toContain("not yet profiled");
    const slow = { ...results, profile: PROFILE };
    const withProfile = missesMarkdown(slow, { rows: [{ id: "loopback-p50", figure: "p50", status: "miss" }] });
    // 280 - 260 = 20 us over the guarded raw fetch, against 6 us of CPU in the profile.
    expect(withProfile).toContain(
      "up to 20.0 us of core over that guarded raw fetch, is more than core's 6.0 us of CPU",
    );
    const layers = (core, node) => ({
      "core: transport (attempts, timeout, body read, retry)": core,
      "Node (streams, encoding, timers)": node,
    });
    const overSocket = {
      ...slow,
      loopbackProfile: {
        operation: "getTransientToken",
        calls: 1000,
        warmupCalls: 100,
        over: "loopback",
        clients: {
          raw: { wallUs: 230, mainThreadUs: 200, processCpuUs: 250, layers: layers(0, 50) },
          rawGuarded: { wallUs: 260, mainThreadUs: 230, processCpuUs: 280, layers: layers(0, 60) },
          ours: { wallUs: 280, mainThreadUs: 248, processCpuUs: 300, layers: layers(8, 70) },
        },
      },
    };
    const profiled = missesMarkdown(overSocket, { rows: [{ id: "loopback-p50", figure: "p50", status: "miss" }] });
    expect(profiled).toContain("core's calls took 20.0 us more wall time each than that guarded raw fetch's");
    expect(profiled).toContain(
      "its main thread worked 18.0 us more per call: the gap is main-thread work, not waiting.",
    );
    expect(profiled).toContain("Core's own code takes 8.0 us; the layers under it grew (Node +10.0 us)");
    // 1.10 x 230 = 253 us, under the guarded raw fetch's 260 us: no room left for core at all.
    expect(profiled).toContain("The guarded raw fetch alone is already over 1.10x raw fetch here");
    expect(profiled).not.toContain("not profiled over the socket");
    const roomy = structuredClone(overSocket);
    roomy.loopback.operations.getTransientToken.rawGuarded.p50Us = 248;
    expect(missesMarkdown(roomy, { rows: [{ id: "loopback-p50", figure: "p50", status: "miss" }] })).toContain(
      "A p50 within 1.10x raw fetch leaves core 5.0 us per call over the guarded raw fetch, less than its own code takes (8.0 us)",
    );
    roomy.loopback.operations.getTransientToken.rawGuarded.p50Us = 240;
    expect(missesMarkdown(roomy, { rows: [{ id: "loopback-p50", figure: "p50", status: "miss" }] })).toContain(
      "leaves core 13.0 us per call over the guarded raw fetch, no less than its own code takes (8.0 us)",
    );
    const noisy = structuredClone(overSocket);
    noisy.loopbackProfile.clients.ours.wallUs = 250;
    const noGap = missesMarkdown(noisy, { rows: [{ id: "loopback-p50", figure: "p50", status: "miss" }] });
    expect(noGap).toContain("core's calls took 250.0 us each against 260.0 us for that guarded raw fetch");
    expect(noGap).not.toContain("more wall time");
    noisy.loopbackProfile.clients.ours.wallUs = 265;
    expect(missesMarkdown(noisy, { rows: [{ id: "loopback-p50", figure: "p50", status: "miss" }] })).toContain(
      "core's calls took 265.0 us each against 260.0 us for that guarded raw fetch, within 3 %",
    );
    const without = missesMarkdown(
      { loopback: { operations: {} } },
      { rows: [{ id: "loopback-p50", figure: "p50", status: "miss" }] },
    );
    expect(without).not.toContain("undici's, not core's");
  });

  it("splits the MCP start into node's own start and what the command adds, against the target", () => {
    const results = {
      mcp: { firstToolsList: { stdio: { medianMs: 186 } } },
      coldStart: { targets: { node: { medianMs: 100 }, "mcp-sdk": { medianMs: 286 } } },
    };
    const text = missesMarkdown(results, { rows: [{ id: "mcp-start", figure: "MCP start", status: "miss" }] });
    expect(text).toContain(
      "Of the 186 ms from spawn to the answer, 100 ms is `node -e 0` on this machine, which leaves 50 ms of the 150 ms for everything the command does; it took 86 ms.",
    );
    expect(text).toContain("takes 186 ms over `node -e 0`");
  });

  it("has an explanation for every target the project cannot meet without giving up a guarantee", () => {
    const ids = new Set(TARGETS.map((target) => target.id));
    for (const id of Object.keys(MISS_EXPLANATIONS)) expect(ids.has(id), id).toBe(true);
  });

  it("lays the profile out by layer, with the process totals last", () => {
    const table = profileMarkdown(PROFILE, markdownTable);
    expect(table).toContain("| core: transport (attempts, timeout, body read, retry) | - | 3.0 us |");
    expect(table.trim().split("\n").at(-1)).toBe("| **process CPU per call** | **20.0 us** | **26.0 us** |");
  });

  it("lays the loopback profile out with the guarded raw fetch between, and the wall time per call", () => {
    const client = (wallUs) => ({
      wallUs,
      mainThreadUs: wallUs - 10,
      processCpuUs: wallUs + 20,
      layers: { valibot: 1 },
    });
    const table = profileMarkdown(
      {
        operation: "getTransientToken",
        calls: 10,
        warmupCalls: 1,
        over: "loopback",
        clients: { ours: client(300), raw: client(250), rawGuarded: client(270) },
      },
      markdownTable,
    );
    expect(table).toContain("## Where the time goes (loopback, one call at a time, getTransientToken)");
    expect(table).toContain("| layer | raw fetch | raw fetch, timeout signal + manual redirect | @plex-auth/core |");
    expect(table).toContain("| **wall time per call** | **250.0 us** | **270.0 us** | **300.0 us** |");
  });
  it("gives the range of the runs' wall time when each client ran more than once", () => {
    const client = (wallUs) => ({
      wallUs,
      wallUsRange: [wallUs - 20, wallUs + 40],
      mainThreadUs: wallUs - 10,
      processCpuUs: wallUs + 20,
      layers: { valibot: 1 },
    });
    const table = profileMarkdown(
      { ...PROFILE, over: "loopback", rounds: 3, clients: { raw: client(250), ours: client(300) } },
      markdownTable,
    );
    expect(table).toContain("Each client ran in 3 child processes, the clients in a rotating order");
    expect(table.trim().split("\n").at(-1)).toBe(
      "| wall time per call, range of the runs | 230.0 us to 290.0 us | 280.0 us to 340.0 us |",
    );
    expect(profileMarkdown(PROFILE, markdownTable)).not.toContain("range of the runs");
  });
});

describe("the CPU profile's layers", () => {
  it("keeps each client's run of median wall time whole, with the range of the runs", () => {
    const runs = [
      { wallUs: 310, layers: { valibot: 3 } },
      { wallUs: 290, layers: { valibot: 2 } },
      { wallUs: 450, layers: { valibot: 9 } },
    ];
    expect(medianRun(runs)).toEqual({ wallUs: 310, layers: { valibot: 3 }, wallUsRange: [290, 450] });
    expect(medianRun(runs.slice(0, 2))).toEqual({ wallUs: 290, layers: { valibot: 2 }, wallUsRange: [290, 310] });
    expect(medianRun([runs[2]]).wallUsRange).toEqual([450, 450]);
  });

  it("charges frames to the layer they belong to", () => {
    expect(layerOf({ url: "", functionName: "(garbage collector)" })).toMatch(/^garbage collector/);
    expect(layerOf({ url: "node:internal/deps/undici/undici", functionName: "fetch" })).toMatch(/^undici/);
    expect(layerOf({ url: "node:internal/webstreams/readablestream", functionName: "x" })).toMatch(/^Node/);
    expect(layerOf({ url: "file:///x/node_modules/valibot/dist/index.mjs", functionName: "~run" })).toBe("valibot");
    expect(layerOf({ url: "", functionName: "parse" })).toMatch(/^V8 builtins/);
  });

  it("sums self time per layer, per call, and leaves idle out", () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: { url: "", functionName: "(idle)" } },
        { id: 2, callFrame: { url: "", functionName: "(garbage collector)" } },
        { id: 3, callFrame: { url: "", functionName: "parse" } },
      ],
      samples: [1, 2, 3, 3],
      timeDeltas: [500, 100, 200, 300],
    };
    expect(layerTimes(profile, 10)).toEqual({
      "garbage collector (main thread)": 10,
      "V8 builtins (JSON, promises, regexps)": 50,
    });
  });
});
