import { describe, expect, it } from "vitest";
import { CLIENT_LABELS, COMPARED, chartSpec, tableCells, tableRows, targetCells } from "../src/report.mjs";
import { CI_SIZE_BUDGETS, checkTargets } from "../src/targets.mjs";

/** A run's results with every client measured, for the rows and the chart. */
function results() {
  const op = (/** @type {number} */ scale) => ({ cpuUs: 100 * scale, ratio: scale });
  const wire = (/** @type {number} */ scale) => ({
    p50Us: 300 * scale,
    p99Us: 600 * scale,
    callsPerSecond: 4000 / scale,
    p50Ratio: scale,
    throughputRatio: 1 / scale,
  });
  const heap = (/** @type {number} */ mb) => ({
    heapAfterImportMb: mb,
    heapAfterCallsMb: mb,
    rssAfterImportMb: mb,
    rssAfterCallsMb: mb,
  });
  return {
    machine: { date: "2026-12-02T00:00:00Z", cpu: "cpu", cores: 2, node: "20.20.2" },
    size: Object.fromEntries(
      ["raw", "ours", "ofetch", "ky", "plexjs"].flatMap((client, index) => [
        [`${client}-one`, { gzip: 500 * 2 ** index, brotli: 400 * 2 ** index, minified: 900 * 2 ** index }],
        [`${client}-all`, { gzip: 900 * 2 ** index, brotli: 700 * 2 ** index, minified: 2000 * 2 ** index }],
      ]),
    ),
    coldStart: {
      runs: 21,
      targets: Object.fromEntries(
        ["node", "core", "ofetch", "ky", "plexjs"].map((id, index) => [id, { medianMs: 50 + 10 * index }]),
      ),
    },
    overhead: {
      operations: {
        getTransientToken: { raw: op(1), ours: op(1.5), ofetch: op(1.4), ky: op(2), plexjs: op(4) },
        getTokenDetails: { raw: op(1), ours: op(1.6), ofetch: op(1.3), ky: op(2.1) },
      },
    },
    loopback: {
      inFlight: 50,
      operations: {
        getTransientToken: { raw: wire(1), ours: wire(1.4), ofetch: wire(1.2), ky: wire(1.5), plexjs: wire(2) },
      },
    },
    memory: {
      calls: 10_000,
      targets: { raw: heap(7), ours: heap(10), ofetch: heap(8), ky: heap(9), plexjs: heap(45) },
    },
  };
}

describe("the results table", () => {
  it("has a value and a ratio column for core, both peers and plexjs, beside raw fetch", () => {
    const { header } = tableCells(results());
    expect(COMPARED).toEqual(["ours", "ofetch", "ky", "plexjs"]);
    expect(header).toEqual(["figure", "raw fetch", ...COMPARED.flatMap((client) => [CLIENT_LABELS[client], "ratio"])]);
    expect(header).toContain("ofetch 1.5.1 + valibot");
    expect(header).toContain("ky 2.1.0 + valibot");
  });

  it("reports the peers on every figure they have: size, cold start, CPU, loopback and memory", () => {
    const rows = tableRows(results());
    for (const section of ["size", "cold start", "cpu", "loopback", "memory"]) {
      const first = rows.find((row) => row.section === section);
      expect(first?.ofetch, section).toBeTypeOf("number");
      expect(first?.ky, section).toBeTypeOf("number");
    }
    const gzipOne = rows.find((row) => row.figure === "bundle, one operation, min+gzip");
    expect(gzipOne).toMatchObject({ raw: 500, ours: 1000, ofetch: 2000, ky: 4000, plexjs: 8000 });
    const cpu = rows.find((row) => row.figure === "CPU per call, stub fetch: getTokenDetails");
    expect(cpu).toMatchObject({ raw: 100, ours: 160, ofetch: 130, ky: 210, plexjs: undefined });
    const { body } = tableCells(results());
    const cells = body.find((row) => row[0] === "bundle, one operation, min+gzip");
    expect(cells?.slice(4, 8)).toEqual(["2,000 B", "4.00x", "4,000 B", "8.00x"]);
  });
});

describe("the chart", () => {
  it("has a bar series for each compared client, peers included", () => {
    const spec = chartSpec(results());
    expect(spec.series.map((series) => series.id)).toEqual(["ours", "ofetch", "ky", "plexjs"]);
    const cpu = spec.groups.find((group) => group.label === "CPU per call: getTokenDetails");
    expect(cpu?.values).toEqual({ ours: 1.6, ofetch: 1.3, ky: 2.1, plexjs: undefined });
    const size = spec.groups.find((group) => group.label === "bundle, one operation (min+gzip)");
    expect(size?.values).toEqual({ ours: 2, ofetch: 4, ky: 8, plexjs: 16 });
    const heap = spec.groups.find((group) => group.label === "heap after 10,000 calls");
    expect(heap?.values.ofetch).toBeCloseTo(8 / 7, 10);
  });
});

describe("the targets table", () => {
  it("says what the quick mode holds the peer comparison to", () => {
    const check = checkTargets(
      {
        size: { "ours-one": { gzip: 12_000 }, "ofetch-one": { gzip: 6_000 } },
      },
      { quick: true },
    );
    const { body } = targetCells(check);
    const row = body.find((cells) => cells[0].includes("ofetch + valibot peer"));
    expect(row?.[2]).toBe("2.00x (12,000 B vs 6,000 B)");
    const budget = `${(CI_SIZE_BUDGETS.one / 6_000).toFixed(2)}x (core's own ${CI_SIZE_BUDGETS.one.toLocaleString("en-US")} B)`;
    expect(row?.[3]).toBe(`MISS; CI budget ${budget}: ${CI_SIZE_BUDGETS.one >= 12_000 ? "within" : "EXCEEDED"}`);
  });
});
