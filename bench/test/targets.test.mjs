import { describe, expect, it } from "vitest";
import { CI_SIZE_BUDGETS, checkTargets, KB, TARGETS } from "../src/targets.mjs";

/** A size analysis whose attribution adds up to `gzip` bytes. @param {number} gzip */
function analysisOf(gzip, mode = "full") {
  return { mode, attribution: { totalGzip: gzip, rows: [{ file: "valibot" }] }, experiments: [{}, {}, {}] };
}

/** Results that meet every target, to be spoiled one figure at a time. */
function passingResults() {
  return {
    size: {
      "ours-one": { gzip: 3 * KB },
      "ours-all": { gzip: 5 * KB },
      "ours-client": { gzip: 11 * KB },
      "ours-jwt": { gzip: 20 * KB },
      "ours-web": { gzip: 14 * KB },
      "ours-page": { gzip: 17 * KB },
      "ofetch-one": { gzip: 5 * KB },
    },
    sizeAnalysis: analysisOf(3 * KB),
    coldStart: { targets: { node: { medianMs: 40 }, core: { medianMs: 50 } } },
    overhead: {
      operations: {
        getTokenDetails: { ours: { ratio: 1.1, cpuUs: 110 }, ofetch: { ratio: 1.2, cpuUs: 120 } },
        getTransientToken: { ours: { ratio: 1.2, cpuUs: 96 }, ofetch: { ratio: 1.25, cpuUs: 100 } },
      },
    },
    loopback: {
      operations: {
        getTransientToken: { ours: { p50Ratio: 1.05, throughputRatio: 0.95 } },
        getTokenDetails: { ours: { p50Ratio: 1.02, throughputRatio: 0.97 } },
      },
    },
    memory: { targets: { ours: { heapAfterCallsOverRawMb: 1.5 } } },
    mcp: {
      calls: { stdio: { overDirectMs: 0.8 } },
      firstToolsList: { stdio: { medianMs: 140 }, http: { medianMs: 160 } },
      context: { toolsListBytes: 7 * KB, instructionsBytes: 4000, tools: 12 },
    },
    connection: { ours: { medianMs: 330 }, fastestLiveMs: 30, staggerMs: 250 },
    pin: { maxMs: 1020, intervalMs: 1000 },
  };
}

describe("checkTargets", () => {
  it("passes every target when every figure is within its limit", () => {
    const check = checkTargets(passingResults());
    expect(check.rows.map((row) => row.status)).toEqual(TARGETS.map(() => "pass"));
    expect(check).toMatchObject({ passed: TARGETS.length, failed: 0 });
  });

  it("misses the size target at one byte over 5 KB (issue 16), and passes at exactly 5 KB", () => {
    const results = passingResults();
    results.size["ofetch-one"].gzip = 6 * KB;
    results.size["ours-one"].gzip = 5 * KB + 1;
    expect(checkTargets(results).rows.find((row) => row.id === "size-one")?.status).toBe("miss");
    results.size["ours-one"].gzip = 5 * KB;
    expect(checkTargets(results).rows.find((row) => row.id === "size-one")?.status).toBe("pass");
  });

  it("judges the worst operation: one slow operation misses the CPU target", () => {
    const results = passingResults();
    results.overhead.operations.getTransientToken.ours.ratio = 1.31;
    const row = checkTargets(results).rows.find((candidate) => candidate.id === "cpu-per-call");
    expect(row).toMatchObject({ status: "miss", value: 1.31, detail: "getTransientToken" });
  });

  it("checks throughput as a floor (>=), not a ceiling", () => {
    const results = passingResults();
    results.loopback.operations.getTokenDetails.ours.throughputRatio = 0.89;
    const row = checkTargets(results).rows.find((candidate) => candidate.id === "throughput");
    expect(row).toMatchObject({ status: "miss", detail: "getTokenDetails" });
  });

  it("measures cold start as the difference to node's own start, held to 10 ms (issue 16)", () => {
    const results = passingResults();
    results.coldStart.targets.core.medianMs = 51;
    expect(checkTargets(results).rows.find((row) => row.id === "cold-import")).toMatchObject({
      status: "miss",
      value: 11,
    });
    results.mcp.firstToolsList.stdio.medianMs = 151;
    expect(checkTargets(results).rows.find((row) => row.id === "mcp-start")?.status).toBe("miss");
  });

  it("holds connection picking to the fastest live latency plus one stagger step plus 100 ms", () => {
    const results = passingResults();
    results.connection.ours.medianMs = 30 + 250 + 101;
    expect(checkTargets(results).rows.find((row) => row.id === "connection-pick")?.status).toBe("miss");
    results.pin.maxMs = 1051;
    expect(checkTargets(results).rows.find((row) => row.id === "pin-approval")?.status).toBe("miss");
  });

  it("counts a figure that was not measured as failed, never as met", () => {
    const results = passingResults();
    delete results.mcp;
    const check = checkTargets(results);
    expect(check.rows.find((row) => row.id === "mcp-stdio")?.status).toBe("not measured");
    // The MCP section's three figures (the tool call, the start and the tools/list size) went unmeasured together.
    expect(check.rows.find((row) => row.id === "mcp-start")?.status).toBe("not measured");
    expect(check.rows.find((row) => row.id === "mcp-tools-list")?.status).toBe("not measured");
    expect(check.failed).toBe(3);
  });

  it("holds sizes to the CI regression budget in quick mode, and still reports the real target", () => {
    const over = CI_SIZE_BUDGETS.one + 1;
    const within = {
      size: {
        "ours-one": { gzip: CI_SIZE_BUDGETS.one },
        "ours-all": { gzip: CI_SIZE_BUDGETS.all },
        "ours-client": { gzip: CI_SIZE_BUDGETS.client },
        "ours-jwt": { gzip: CI_SIZE_BUDGETS.jwt },
        "ours-web": { gzip: CI_SIZE_BUDGETS.web },
        "ours-page": { gzip: CI_SIZE_BUDGETS.page },
        "ofetch-one": { gzip: 6_000 },
      },
      sizeAnalysis: analysisOf(CI_SIZE_BUDGETS.one, "quick"),
    };
    const quickWithin = checkTargets(within, { quick: true });
    expect(quickWithin).toMatchObject({ passed: 8, failed: 0 });
    expect(quickWithin.rows[0]).toMatchObject({ status: "miss", withinBudget: true });
    // The full bench holds the same figure to the real target.
    expect(checkTargets(within).rows.find((row) => row.id === "size-one")?.status).toBe("miss");
    const overBudget = {
      size: {
        "ours-one": { gzip: over },
        "ours-all": { gzip: 100 },
        "ours-client": { gzip: 100 },
        "ours-jwt": { gzip: CI_SIZE_BUDGETS.jwt + 1 },
        "ours-web": { gzip: 100 },
        "ours-page": { gzip: CI_SIZE_BUDGETS.page + 1 },
        "ofetch-one": { gzip: 6_000 },
      },
      sizeAnalysis: analysisOf(over, "quick"),
    };
    // size-one, its comparison with the peer (held to the same budget), size-jwt and size-page.
    expect(checkTargets(overBudget, { quick: true })).toMatchObject({ passed: 4, failed: 4 });
  });

  it("checks only the deterministic size targets in quick mode", () => {
    const size = {
      "ours-one": { gzip: 100 },
      "ours-all": { gzip: 100 },
      "ours-client": { gzip: 100 },
      "ours-jwt": { gzip: 100 },
      "ours-web": { gzip: 100 },
      "ours-page": { gzip: 100 },
      "ofetch-one": { gzip: 100 },
    };
    const check = checkTargets({ size, sizeAnalysis: analysisOf(100, "quick") }, { quick: true });
    expect(check.rows.map((row) => row.id)).toEqual([
      "size-one",
      "size-one-peer",
      "size-all",
      "size-client",
      "size-jwt",
      "size-web",
      "size-page",
      "size-analysis",
    ]);
    expect(check).toMatchObject({ passed: 8, failed: 0 });
  });

  it("fails the check, in quick mode too, when the size analysis did not build", () => {
    const size = {
      "ours-one": { gzip: 100 },
      "ours-all": { gzip: 100 },
      "ours-client": { gzip: 100 },
      "ours-jwt": { gzip: 100 },
      "ours-web": { gzip: 100 },
      "ours-page": { gzip: 100 },
      "ofetch-one": { gzip: 100 },
    };
    const check = checkTargets({ size }, { quick: true });
    expect(check.rows.find((row) => row.id === "size-analysis")?.status).toBe("not measured");
    expect(check).toMatchObject({ passed: 7, failed: 1 });
    expect(checkTargets({ ...passingResults(), sizeAnalysis: undefined })).toMatchObject({ failed: 1 });
  });

  it("fails the size analysis when it attributes another bundle than the one measured", () => {
    const results = passingResults();
    results.sizeAnalysis = analysisOf(3 * KB + 7);
    expect(checkTargets(results).rows.find((row) => row.id === "size-analysis")).toMatchObject({
      status: "miss",
      value: 7,
    });
  });
  it("compares core's one-operation bundle with the ofetch + valibot peer's, measured in the same run", () => {
    const results = passingResults();
    results.size["ours-one"].gzip = 5 * KB;
    expect(checkTargets(results).rows.find((row) => row.id === "size-one-peer")).toMatchObject({
      status: "pass",
      value: 1,
      detail: "5,120 B vs 5,120 B",
    });
    results.size["ours-one"].gzip = 5 * KB + 1;
    expect(checkTargets(results).rows.find((row) => row.id === "size-one-peer")?.status).toBe("miss");
  });

  it("reports the peer comparison in quick mode, passing while core is within its own budget", () => {
    const results = { ...passingResults(), sizeAnalysis: analysisOf(CI_SIZE_BUDGETS.one, "quick") };
    results.size["ours-one"].gzip = CI_SIZE_BUDGETS.one;
    results.size["ofetch-one"].gzip = 6_000;
    const within = checkTargets(results, { quick: true }).rows.find((row) => row.id === "size-one-peer");
    expect(within).toMatchObject({ status: "miss", value: CI_SIZE_BUDGETS.one / 6_000, withinBudget: true });
    expect(within?.budget).toBeCloseTo(CI_SIZE_BUDGETS.one / 6_000, 10);
    results.size["ours-one"].gzip = CI_SIZE_BUDGETS.one + 1;
    const over = checkTargets(results, { quick: true }).rows.find((row) => row.id === "size-one-peer");
    expect(over).toMatchObject({ status: "miss", withinBudget: false });
  });

  it("counts the peer comparison as failed, in quick mode too, when the peer was not measured", () => {
    const results = { ...passingResults(), sizeAnalysis: analysisOf(3 * KB, "quick") };
    delete (/** @type {any} */ (results.size)["ofetch-one"]);
    const check = checkTargets(results, { quick: true });
    expect(check.rows.find((row) => row.id === "size-one-peer")?.status).toBe("not measured");
    expect(check.failed).toBe(1);
  });

  it("holds CPU per call to the ofetch + valibot peer's, operation by operation, worst one reported", () => {
    const results = passingResults();
    expect(checkTargets(results).rows.find((row) => row.id === "cpu-per-call-peer")).toMatchObject({
      status: "pass",
      value: 96 / 100,
      detail: "getTransientToken: 1.20x raw vs 1.25x raw",
    });
    // Within 1.3x raw fetch on every operation, but slower than the peer on one: the peer target misses.
    results.overhead.operations.getTransientToken.ours = { ratio: 1.28, cpuUs: 102 };
    const row = checkTargets(results).rows.find((candidate) => candidate.id === "cpu-per-call-peer");
    expect(row).toMatchObject({
      status: "miss",
      value: 102 / 100,
      detail: "getTransientToken: 1.28x raw vs 1.25x raw",
    });
    expect(checkTargets(results).rows.find((candidate) => candidate.id === "cpu-per-call")?.status).toBe("pass");
    delete (/** @type {any} */ (results.overhead.operations.getTransientToken).ofetch);
    delete (/** @type {any} */ (results.overhead.operations.getTokenDetails).ofetch);
    expect(checkTargets(results).rows.find((candidate) => candidate.id === "cpu-per-call-peer")?.status).toBe(
      "not measured",
    );
  });
});
