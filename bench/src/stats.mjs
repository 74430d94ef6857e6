/**
 * Small, pure statistics for the bench: medians and percentiles of samples, and ratios of medians.
 * Percentiles use the nearest-rank method on a sorted copy, so p50 of [1, 2, 3, 4] is 2 and p99 of 100
 * samples is the 99th smallest: no interpolation, every figure reported is a value that was measured.
 * @module
 */

/**
 * The sorted copy of finite samples; throws on an empty list so no figure is ever made up.
 * @param {readonly number[]} samples
 * @returns {number[]}
 */
function sorted(samples) {
  const values = samples.filter((value) => Number.isFinite(value));
  if (values.length === 0) throw new Error("no samples");
  return values.sort((a, b) => a - b);
}

/**
 * Nearest-rank percentile: the smallest sample such that at least `p` percent of samples are <= it.
 * @param {readonly number[]} samples
 * @param {number} p from 0 to 100
 * @returns {number}
 */
export function percentile(samples, p) {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be 0-100, got ${p}`);
  const values = sorted(samples);
  const rank = Math.max(1, Math.ceil((p / 100) * values.length));
  return values[rank - 1];
}

/**
 * The median: the middle sample, or the mean of the two middle ones for an even count.
 * @param {readonly number[]} samples
 * @returns {number}
 */
export function median(samples) {
  const values = sorted(samples);
  const middle = values.length >> 1;
  return values.length % 2 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

/**
 * The arithmetic mean.
 * @param {readonly number[]} samples
 * @returns {number}
 */
export function mean(samples) {
  const values = sorted(samples);
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * `value / baseline`, or `undefined` when either is missing or the baseline is not positive.
 * @param {number | undefined} value
 * @param {number | undefined} baseline
 * @returns {number | undefined}
 */
export function ratio(value, baseline) {
  if (value === undefined || baseline === undefined || !(baseline > 0) || !Number.isFinite(value)) return undefined;
  return value / baseline;
}

/**
 * Count, min, median, p99, max and mean of samples.
 * @param {readonly number[]} samples
 */
export function summarize(samples) {
  const values = sorted(samples);
  return {
    n: values.length,
    min: values[0],
    p50: median(values),
    p99: percentile(values, 99),
    max: values[values.length - 1],
    mean: mean(values),
  };
}

/**
 * Rotates `items` by `block` places, so that in consecutive blocks every target takes every position in
 * turn: whatever drifts over a run (CPU clock, a noisy neighbour, JIT state) hits all targets alike.
 * @template T
 * @param {readonly T[]} items
 * @param {number} block
 * @returns {T[]}
 */
export function rotation(items, block) {
  const shift = ((block % items.length) + items.length) % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}
