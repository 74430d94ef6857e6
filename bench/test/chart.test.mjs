import { describe, expect, it } from "vitest";
import { axisRange, escapeXml, legendLayout, renderChart } from "../src/chart.mjs";

const series = [
  { id: "ours", label: "ours", color: "#2f6fdf" },
  { id: "plexjs", label: "plexjs", color: "#e07b39" },
];

/** @param {string} svg */
function barWidths(svg) {
  return [...svg.matchAll(/<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="14"/g)].map((match) => Number(match[1]));
}

describe("renderChart", () => {
  it("is well-formed SVG with one bar per value and a label per group", () => {
    const svg = renderChart({
      title: "t",
      series,
      groups: [
        { label: "size", values: { ours: 2, plexjs: 8 } },
        { label: "cpu", values: { ours: 1.5, plexjs: 4 } },
      ],
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(barWidths(svg)).toHaveLength(4);
    expect(svg).toContain(">size<");
    expect(svg).toContain(">cpu<");
  });

  it("draws bars on a log scale from the 1x line: 4x is twice as long as 2x", () => {
    const svg = renderChart({ title: "t", series, groups: [{ label: "g", values: { ours: 2, plexjs: 4 } }] });
    const [two, four] = barWidths(svg);
    expect(four / two).toBeCloseTo(2, 5);
  });

  it('labels a missing value "not measured" instead of drawing a bar', () => {
    const svg = renderChart({ title: "t", series, groups: [{ label: "g", values: { ours: 1.2, plexjs: undefined } }] });
    expect(barWidths(svg)).toHaveLength(1);
    expect(svg).toContain("plexjs: not measured");
  });

  it("escapes text, so a label cannot break the markup", () => {
    const svg = renderChart({ title: "a <b> & c", series, groups: [{ label: "x<y", values: { ours: 2 } }] });
    expect(svg).not.toContain("<b>");
    expect(svg).toContain(escapeXml("x<y"));
  });
});

describe("axisRange", () => {
  it("covers 1 and every value with powers of two", () => {
    expect(axisRange([0.6, 3])).toEqual({ min: 0.5, max: 4 });
    expect(axisRange([240])).toEqual({ min: 1, max: 256 });
  });
});

describe("legendLayout", () => {
  it("keeps entries on one row while they fit, and wraps the one that would not", () => {
    const four = [
      { id: "a", label: "@plex-auth/core", color: "#000" },
      { id: "b", label: "ofetch 1.5.1 + valibot", color: "#000" },
      { id: "c", label: "ky 2.1.0 + valibot", color: "#000" },
      { id: "d", label: "@lukehagar/plexjs 0.43.0", color: "#000" },
    ];
    const wide = legendLayout(four, 0, 2000);
    expect(wide.rows).toBe(1);
    expect(wide.items.map((item) => item.x)).toEqual([...wide.items.map((item) => item.x)].sort((a, b) => a - b));
    const narrow = legendLayout(four, 320, 914);
    expect(narrow.rows).toBe(2);
    expect(narrow.items.at(-1)).toEqual({ x: 320, row: 1 });
    for (const item of narrow.items) expect(item.x).toBeGreaterThanOrEqual(320);
  });

  it("makes room for a second legend row, so no bar overlaps the legend", () => {
    const groups = [{ label: "g", values: { ours: 2, plexjs: 4 } }];
    const many = [
      ...series,
      { id: "ofetch", label: "ofetch 1.5.1 + valibot", color: "#2e9e6b" },
      { id: "ky", label: "ky 2.1.0 + valibot", color: "#8a5cc7" },
    ];
    const one = renderChart({ title: "t", series, groups });
    const two = renderChart({ title: "t", series: many, groups });
    const firstBarY = (/** @type {string} */ svg) =>
      Number(svg.match(/<rect x="[\d.]+" y="(\d+)" width="[\d.]+" height="14"/)?.[1]);
    const legendBottom = (/** @type {string} */ svg) =>
      Math.max(
        ...[...svg.matchAll(/<rect x="[\d.]+" y="(\d+)" width="12" height="12"/g)].map(
          (match) => Number(match[1]) + 12,
        ),
      );
    expect(firstBarY(one)).toBeGreaterThan(legendBottom(one));
    expect(firstBarY(two)).toBeGreaterThan(legendBottom(two));
    expect(two).toContain("ky 2.1.0 + valibot: not measured");
  });
});
