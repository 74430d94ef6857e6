import { describe, expect, it } from "vitest";
import { axisRange, escapeXml, renderChart } from "../src/chart.mjs";

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
