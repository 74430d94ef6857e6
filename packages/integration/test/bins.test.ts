/**
 * Guards a fresh clone's `pnpm install`: it links every workspace package's commands before anything is
 * built, so a command must point at a committed file, never into dist/ (that printed "Failed to create
 * bin" once per dependent package).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const manifests = readdirSync(join(ROOT, "packages")).flatMap((name) => {
  const file = join(ROOT, "packages", name, "package.json");
  return existsSync(file) ? [[name, JSON.parse(readFileSync(file, "utf8"))] as const] : [];
});

describe("package commands", () => {
  const bins = manifests.flatMap(([name, manifest]) =>
    Object.entries((manifest.bin ?? {}) as Record<string, string>).map(([command, path]) => [name, command, path]),
  );

  it("there are some to check", () => {
    expect(bins.length).toBeGreaterThan(0);
  });

  it.each(bins)("%s: %s points at a committed file outside dist/", (name, _command, path) => {
    expect(path).not.toMatch(/^(\.\/)?dist\//);
    const file = join(ROOT, "packages", name, path);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8").startsWith("#!/usr/bin/env node")).toBe(true);
  });
});
