import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadOrCreateClientIdentifier } from "../src/index.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

// A file system without hard links (FAT, some network shares) answers link() with EPERM.
vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  return {
    ...fs,
    linkSync: () => {
      throw Object.assign(new Error("operation not permitted"), { code: "EPERM" });
    },
  };
});

const temporaryDirectory = useTemporaryDirectories();

describe("loadOrCreateClientIdentifier without hard links", () => {
  it("falls back to an exclusive create and still returns one stable identifier", () => {
    const directory = temporaryDirectory();
    const file = join(directory, "client-id");
    const first = loadOrCreateClientIdentifier({ file });
    expect(readFileSync(file, "utf8")).toBe(`${first}\n`);
    expect(loadOrCreateClientIdentifier({ file })).toBe(first);
    expect(readdirSync(directory)).toEqual(["client-id"]);
  });
});
