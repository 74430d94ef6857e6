import { describe, expect, it } from "vitest";
import { mean, median, percentile, ratio, rotation, summarize } from "../src/stats.mjs";

describe("median", () => {
  it("is the middle sample of an odd count, whatever the order", () => {
    expect(median([5, 1, 3])).toBe(3);
  });
  it("is the mean of the two middle samples of an even count", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it("does not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    median(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
  it("ignores non-finite samples and refuses an empty list instead of inventing a figure", () => {
    expect(median([1, Number.NaN, 3])).toBe(2);
    expect(() => median([])).toThrow(/no samples/);
  });
});

describe("percentile (nearest rank)", () => {
  const hundred = Array.from({ length: 100 }, (_, index) => index + 1);
  it("p50 and p99 of 1..100 are 50 and 99: values that were measured, not interpolated", () => {
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
  });
  it("p0 is the minimum and p100 the maximum", () => {
    expect(percentile([7, 3, 9], 0)).toBe(3);
    expect(percentile([7, 3, 9], 100)).toBe(9);
  });
  it("p99 of a small sample is its maximum", () => {
    expect(percentile([1, 2, 3, 4, 5], 99)).toBe(5);
  });
  it("rejects a percentile outside 0-100", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe("ratio, mean, summarize", () => {
  it("ratio divides by the baseline and is undefined without a positive one", () => {
    expect(ratio(3, 2)).toBe(1.5);
    expect(ratio(3, 0)).toBeUndefined();
    expect(ratio(undefined, 2)).toBeUndefined();
  });
  it("mean and summarize describe the samples", () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(summarize([4, 1, 3, 2])).toEqual({ n: 4, min: 1, p50: 2.5, p99: 4, max: 4, mean: 2.5 });
  });
});

describe("rotation", () => {
  it("puts every item in every position over as many blocks as there are items", () => {
    const items = ["raw", "ours", "plexjs"];
    const firsts = [0, 1, 2].map((block) => rotation(items, block)[0]);
    expect(new Set(firsts)).toEqual(new Set(items));
    expect(rotation(items, 1)).toEqual(["ours", "plexjs", "raw"]);
    expect(rotation(items, 3)).toEqual(items);
  });
});
