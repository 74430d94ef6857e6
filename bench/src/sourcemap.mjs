/**
 * Just enough of source maps (v3) to say which original file each byte of a bundle came from: a VLQ
 * decoder for `mappings`, and an attribution of the output text to sources. Pure functions.
 * @module
 */

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((char, index) => [char, index]));

/**
 * Decodes one segment's base64 VLQ fields.
 * @param {string} text
 * @returns {number[]}
 */
export function decodeVlq(text) {
  /** @type {number[]} */
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`not base64 VLQ: ${JSON.stringify(char)}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

/**
 * Decodes `mappings` into segments: generated line and column, and the source index (undefined for
 * a segment that maps to no source).
 * @param {string} mappings
 * @returns {{ line: number, column: number, source: number | undefined }[]}
 */
export function decodeMappings(mappings) {
  const segments = [];
  let source = 0;
  let line = 0;
  for (const lineText of mappings.split(";")) {
    let column = 0;
    for (const segmentText of lineText.split(",")) {
      if (!segmentText) continue;
      const fields = decodeVlq(segmentText);
      column += fields[0];
      if (fields.length >= 4) {
        source += fields[1];
        segments.push({ line, column, source });
      } else {
        segments.push({ line, column, source: undefined });
      }
    }
    line++;
  }
  return segments;
}

/**
 * Splits the generated text into ranges, each owned by the source of the segment it starts at.
 * @param {string} text the generated code
 * @param {{ mappings: string, sources: string[] }} map its source map
 * @returns {{ start: number, end: number, source: string | undefined }[]}
 */
export function attributeRanges(text, map) {
  const lineStarts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === "\n") lineStarts.push(index + 1);
  const points = decodeMappings(map.mappings)
    .map((segment) => ({
      offset: (lineStarts[segment.line] ?? text.length) + segment.column,
      source: segment.source === undefined ? undefined : map.sources[segment.source],
    }))
    .sort((a, b) => a.offset - b.offset);
  /** @type {{ start: number, end: number, source: string | undefined }[]} */
  const ranges = [];
  if (points.length === 0 || points[0].offset > 0) {
    ranges.push({ start: 0, end: points[0]?.offset ?? text.length, source: undefined });
  }
  points.forEach((point, index) => {
    const end = index + 1 < points.length ? points[index + 1].offset : text.length;
    if (end > point.offset) ranges.push({ start: point.offset, end, source: point.source });
  });
  return ranges;
}
