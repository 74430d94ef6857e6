import { cpus } from "node:os";
import type { Metric, Section } from "./figures.ts";

const PART_TITLES: Readonly<Record<number, string>> = {
  1: "Chaos",
  2: "Load",
  3: "Bad input (property-based)",
  4: "Secrets",
  5: "Real sockets",
};

function cell(value: string | number): string {
  return String(value).replaceAll("|", "\\|").replaceAll("\n", " ");
}

function metricRow(metric: Metric): string {
  const verdict = metric.threshold === undefined ? "" : metric.pass ? "ok" : "**FAIL**";
  return `| ${cell(metric.name)} | ${cell(metric.value)} | ${cell(metric.threshold ?? "")} | ${verdict} |`;
}

function sum(sections: readonly Section[], key: string): number {
  return sections.reduce((total, section) => total + (section.totals?.[key] ?? 0), 0);
}

/** The report, as Markdown: a summary, then every part's sections with their checked figures. */
export function renderReport(sections: readonly Section[], durationMs: number): string {
  const failed = sections.flatMap((section) => section.metrics.filter((metric) => !metric.pass));
  const lines: string[] = [
    "# plex-auth reliability report",
    "",
    `Written by the reliability suite (\`pnpm --filter @plex-auth/reliability test\`, part of \`pnpm test:all\`) on ${new Date().toISOString()}, ` +
      `Node ${process.version}, ${cpus().length} CPU cores, in ${(durationMs / 1000).toFixed(1)} s. ` +
      "Every threshold below is checked by the suite itself: a miss fails the run.",
    "",
    `**${failed.length === 0 ? "All thresholds held." : `${failed.length} threshold(s) missed.`}**`,
    "",
    "## Summary",
    "",
    "| figure | value |",
    "|---|---|",
    `| SDK and MCP calls made | ${sum(sections, "calls").toLocaleString("en-US")} |`,
    `| faults injected | ${sum(sections, "faults").toLocaleString("en-US")} |`,
    `| property-based cases run | ${sum(sections, "cases").toLocaleString("en-US")} |`,
    `| operations of core's table / MCP tools under hostile input | ${sum(sections, "operations")} / ${sum(sections, "tools")} |`,
    `| PIN waits under faulted polls / connection-picker scenarios on real sockets | ${sum(sections, "waits")} / ${sum(sections, "pickerScenarios")} |`,
    `| JWT token-source rounds under faulted refreshes / sources left stuck | ${sum(sections, "jwtRounds")} / ${sum(sections, "stuckSources")} |`,
    `| calls that ended in anything but a result or a typed PlexAuthError | ${sum(sections, "untyped")} |`,
    `| hangs (a call not settled within its bound) | ${sum(sections, "hangs")} |`,
    `| max wall time of one chaos call | ${sum(sections, "maxCallMs")} ms (bound ${sum(sections, "boundMs")} ms) |`,
    `| heap growth after 100,000 calls (after full GC) | ${(sum(sections, "heapGrowthBytes") / 1024 / 1024).toFixed(2)} MB (limit 5 MB) |`,
    `| leaks found (secrets, sockets, timers) | ${sum(sections, "leaks")} |`,
    "",
  ];
  for (const part of [1, 2, 3, 4, 5]) {
    lines.push(`## ${part}. ${PART_TITLES[part]}`, "");
    const ofPart = sections.filter((section) => section.part === part);
    if (ofPart.length === 0) lines.push("_Not run._", "");
    for (const section of ofPart) {
      lines.push(`### ${section.title}`, "", `${section.promise} (${(section.durationMs / 1000).toFixed(1)} s)`, "");
      lines.push("| figure | value | threshold | |", "|---|---|---|---|", ...section.metrics.map(metricRow), "");
      for (const table of section.tables ?? []) {
        lines.push(`**${table.title}**`, "");
        lines.push(`| ${table.columns.map(cell).join(" | ")} |`, `|${table.columns.map(() => "---").join("|")}|`);
        for (const row of table.rows) lines.push(`| ${row.map(cell).join(" | ")} |`);
        lines.push("");
      }
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
