import { describe, expect, it } from "vitest";
import { attributeRanges, decodeMappings, decodeVlq } from "../src/sourcemap.mjs";

describe("decodeVlq", () => {
  it("decodes the base64 VLQ values of the source map spec", () => {
    expect(decodeVlq("AAAA")).toEqual([0, 0, 0, 0]);
    expect(decodeVlq("CAAC")).toEqual([1, 0, 0, 1]);
    expect(decodeVlq("D")).toEqual([-1]);
    expect(decodeVlq("gB")).toEqual([16]);
  });
});

describe("attributeRanges", () => {
  it("gives each stretch of output to the source of the segment it starts at", () => {
    // "aaabbb": columns 0-2 from source 0, 3-5 from source 1.
    const map = { mappings: "AAAA,GCAA", sources: ["a.ts", "b.ts"] };
    expect(decodeMappings(map.mappings)).toEqual([
      { line: 0, column: 0, source: 0 },
      { line: 0, column: 3, source: 1 },
    ]);
    expect(attributeRanges("aaabbb", map)).toEqual([
      { start: 0, end: 3, source: "a.ts" },
      { start: 3, end: 6, source: "b.ts" },
    ]);
  });

  it("handles several lines and output that maps to no source", () => {
    const map = { mappings: "AAAA;A", sources: ["a.ts"] };
    expect(attributeRanges("ab\ncd", map)).toEqual([
      { start: 0, end: 3, source: "a.ts" },
      { start: 3, end: 5, source: undefined },
    ]);
  });
});
