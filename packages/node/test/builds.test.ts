/**
 * What the ES build must keep for a fast import (each figure measured with the import after core's). Needs
 * `pnpm build` first.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dist = new URL("../dist/", import.meta.url);
const modules = () => readdirSync(dist).filter((file) => file.endsWith(".js"));
const text = (file: string) => readFileSync(new URL(file, dist), "utf8");

describe("the built ES modules", () => {
  it("are one per entry, sharing no chunk (one more module was about 1 ms of the import)", () => {
    expect(modules().sort(), "run `pnpm build` in packages/node first").toEqual(["index.js", "jwt.js"]);
    for (const file of modules()) expect(text(file), file).not.toMatch(/from\s*["']\.\//);
  });

  it("import none of node:fs, node:os and node:path (about 5 ms: see src/builtins.ts)", () => {
    for (const file of modules()) expect(text(file), file).not.toMatch(/from\s*["']node:(fs|os|path)["']/);
  });
});
