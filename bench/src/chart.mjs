/**
 * A hand-written SVG bar chart of ratios to raw fetch: one row per figure, one bar per client, on a log2
 * scale with raw fetch (1x) as the reference line, so that 0.5x and 2x sit equally far from it. Pure:
 * data in, SVG text out.
 * @module
 */

/**
 * @typedef {{ id: string, label: string, color: string }} Series
 * @typedef {{ label: string, values: Record<string, number | undefined> }} Group
 * @typedef {{ title: string, subtitle?: string, series: Series[], groups: Group[] }} ChartSpec
 */

/** @param {string} text */
export function escapeXml(text) {
  return String(text).replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** @param {number} value */
function formatRatio(value) {
  if (value >= 100) return `${Math.round(value)}x`;
  if (value >= 10) return `${value.toFixed(1)}x`;
  return `${value.toFixed(2)}x`;
}

/** @param {number} tick a power of two */
function formatTick(tick) {
  return tick >= 1 ? `${tick}x` : `1/${1 / tick}x`;
}

/**
 * The log2 axis: smallest and largest power of two covering every value and 1.
 * @param {number[]} values
 */
export function axisRange(values) {
  const finite = values.filter((value) => Number.isFinite(value) && value > 0);
  const low = Math.min(1, ...finite);
  const high = Math.max(2, ...finite);
  return { min: 2 ** Math.floor(Math.log2(low)), max: 2 ** Math.ceil(Math.log2(high)) };
}

/** Height of one legend row. */
const LEGEND_ROW = 18;

/**
 * Where each legend entry goes: from `left`, each as wide as its swatch and an estimate of its label's
 * width (12 px sans-serif), onto a new row when it would pass `right`.
 * @param {Series[]} series
 * @param {number} left
 * @param {number} right
 */
export function legendLayout(series, left, right) {
  /** @type {{ x: number, row: number }[]} */
  const items = [];
  let x = left;
  let row = 0;
  for (const entry of series) {
    const entryWidth = 18 + entry.label.length * 6.8;
    if (x > left && x + entryWidth > right) {
      row++;
      x = left;
    }
    items.push({ x, row });
    x += entryWidth + 24;
  }
  return { items, rows: row + 1 };
}

/**
 * Renders the chart.
 * @param {ChartSpec} spec
 * @returns {string}
 */
export function renderChart(spec) {
  const labelWidth = 300;
  const plotWidth = 520;
  const barHeight = 14;
  const barGap = 3;
  const groupGap = 12;
  const left = labelWidth + 20;
  const width = left + plotWidth + 90;
  const legend = legendLayout(spec.series, left, width - 16);
  const top = (spec.subtitle ? 78 : 60) + (legend.rows - 1) * LEGEND_ROW;
  const groupHeight = spec.series.length * (barHeight + barGap) - barGap;
  const height = top + spec.groups.length * (groupHeight + groupGap) + 50;
  const values = spec.groups.flatMap((group) => Object.values(group.values)).filter((value) => value !== undefined);
  const { min, max } = axisRange(/** @type {number[]} */ (values));
  const span = Math.log2(max) - Math.log2(min);
  /** @param {number} value */
  const x = (value) => left + ((Math.log2(Math.min(Math.max(value, min), max)) - Math.log2(min)) / span) * plotWidth;
  const one = x(1);

  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="26" font-size="16" font-weight="600">${escapeXml(spec.title)}</text>`,
  ];
  if (spec.subtitle) parts.push(`<text x="16" y="46" fill="#555">${escapeXml(spec.subtitle)}</text>`);
  // Legend: one swatch and label per series, left to right, wrapping onto more rows when they do not fit.
  spec.series.forEach((series, index) => {
    const { x: lx, row } = legend.items[index];
    const ly = top - 22 - (legend.rows - 1 - row) * LEGEND_ROW;
    parts.push(
      `<rect x="${lx.toFixed(1)}" y="${ly}" width="12" height="12" fill="${series.color}"/>`,
      `<text x="${(lx + 18).toFixed(1)}" y="${ly + 10}">${escapeXml(series.label)}</text>`,
    );
  });
  // Grid: one line per power of two.
  const plotBottom = height - 40;
  for (let tick = min; tick <= max; tick *= 2) {
    const tx = x(tick).toFixed(1);
    parts.push(
      `<line x1="${tx}" y1="${top}" x2="${tx}" y2="${plotBottom}" stroke="${tick === 1 ? "#222" : "#e3e3e3"}" stroke-width="${tick === 1 ? 1.5 : 1}"/>`,
      `<text x="${tx}" y="${plotBottom + 16}" text-anchor="middle" fill="#555">${escapeXml(formatTick(tick))}</text>`,
    );
  }
  parts.push(
    `<text x="${one.toFixed(1)}" y="${plotBottom + 32}" fill="#222">raw fetch = 1x (log scale; lower is better)</text>`,
  );
  spec.groups.forEach((group, groupIndex) => {
    const gy = top + groupIndex * (groupHeight + groupGap);
    parts.push(
      `<text x="${labelWidth}" y="${(gy + groupHeight / 2 + 4).toFixed(1)}" text-anchor="end">${escapeXml(group.label)}</text>`,
    );
    spec.series.forEach((series, seriesIndex) => {
      const value = group.values[series.id];
      const by = gy + seriesIndex * (barHeight + barGap);
      if (value === undefined || !Number.isFinite(value) || value <= 0) {
        parts.push(
          `<text x="${one + 6}" y="${by + barHeight - 3}" fill="#999">${escapeXml(series.label)}: not measured</text>`,
        );
        return;
      }
      const end = x(value);
      const start = Math.min(one, end);
      const barWidth = Math.max(1, Math.abs(end - one));
      parts.push(
        `<rect x="${start.toFixed(1)}" y="${by}" width="${barWidth.toFixed(1)}" height="${barHeight}" fill="${series.color}"><title>${escapeXml(`${group.label}, ${series.label}: ${formatRatio(value)}`)}</title></rect>`,
        `<text x="${(Math.max(one, end) + 4).toFixed(1)}" y="${by + barHeight - 3}" fill="#333">${escapeXml(formatRatio(value))}</text>`,
      );
    });
  });
  parts.push("</svg>");
  return `${parts.join("\n")}\n`;
}
