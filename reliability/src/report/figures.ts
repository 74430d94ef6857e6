/**
 * What each part measured, handed from the test workers to the global teardown, which writes
 * reliability-report.md. Each part writes one JSON file per section into a directory made for the run.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";

/** One checked figure: its value, the threshold the suite holds it to, and whether it held. */
export interface Metric {
  readonly name: string;
  readonly value: string | number;
  /** The threshold as text, e.g. `<= 2600 ms`; omitted for figures that are reported, not checked. */
  readonly threshold?: string;
  readonly pass: boolean;
}

/** A table of counts or details (faults by kind, outcomes by class). */
export interface FigureTable {
  readonly title: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
}

/** One section of one part. */
export interface Section {
  /** 1 to 5. */
  readonly part: number;
  /** Unique within the run; orders sections within a part. */
  readonly key: string;
  readonly title: string;
  /** The promise this section checks, in one sentence. */
  readonly promise: string;
  readonly metrics: readonly Metric[];
  readonly tables?: readonly FigureTable[];
  /** Headline figures for the report's summary (calls made, leaks found, ...), summed across sections. */
  readonly totals?: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

declare module "vitest" {
  export interface ProvidedContext {
    figuresDir: string;
  }
}

/** Records a section's figures for the report. */
export function recordSection(section: Section): void {
  const dir = inject("figuresDir");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${section.part}-${section.key}.json`), JSON.stringify(section, null, 2));
  if (process.env.RELIABILITY_DEBUG) console.log(JSON.stringify(section));
}

/** Every section recorded in `dir`, by part then key. */
export function readSections(dir: string): Section[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith(".json"));
  } catch {
    return [];
  }
  return names
    .map((name) => JSON.parse(readFileSync(join(dir, name), "utf8")) as Section)
    .sort((a, b) => a.part - b.part || a.key.localeCompare(b.key));
}

/** A metric checked against an upper bound. */
export function atMost(name: string, value: number, limit: number, unit = ""): Metric {
  const suffix = unit ? ` ${unit}` : "";
  return { name, value: `${round(value)}${suffix}`, threshold: `<= ${round(limit)}${suffix}`, pass: value <= limit };
}

/** A metric checked against a lower bound. */
export function atLeast(name: string, value: number, limit: number, unit = ""): Metric {
  const suffix = unit ? ` ${unit}` : "";
  return { name, value: `${round(value)}${suffix}`, threshold: `>= ${round(limit)}${suffix}`, pass: value >= limit };
}

/** A metric that must be exactly `expected`. */
export function exactly(name: string, value: number, expected: number): Metric {
  return { name, value, threshold: `= ${expected}`, pass: value === expected };
}

/** A figure reported without a threshold. */
export function info(name: string, value: string | number): Metric {
  return { name, value, pass: true };
}

function round(value: number): number {
  return Number.isInteger(value) ? value : Number(value.toFixed(2));
}

/** The metrics that missed their threshold, as one line each, for an assertion message. */
export function failures(metrics: readonly Metric[]): string[] {
  return metrics.filter((metric) => !metric.pass).map((m) => `${m.name}: ${m.value} (want ${m.threshold})`);
}
