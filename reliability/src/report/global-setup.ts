/**
 * Gives the run a fresh directory for the parts' figures, and once every file has run, writes
 * reliability-report.md at the repository root from what they recorded.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";
import { readSections } from "./figures.ts";
import { renderReport } from "./render.ts";

const REPORT = fileURLToPath(new URL("../../../reliability-report.md", import.meta.url));

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "plex-auth-reliability-"));
  const started = Date.now();
  project.provide("figuresDir", dir);
  return () => {
    const sections = readSections(dir);
    // A run filtered to some files (or one that crashed before recording) must not replace the report of
    // a full run with a partial one.
    if (new Set(sections.map((section) => section.part)).size === 5) {
      writeFileSync(REPORT, renderReport(sections, Date.now() - started));
      process.stdout.write(`reliability: wrote ${REPORT}\n`);
    } else {
      process.stdout.write(`reliability: only parts ${[...new Set(sections.map((s) => s.part))]} ran; report kept\n`);
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
