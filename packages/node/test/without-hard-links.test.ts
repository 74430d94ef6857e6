import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loadOrCreateClientIdentifier } from "../src/index.ts";
import { loadOrCreateDeviceKey } from "../src/jwt/index.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

// A file system without hard links (FAT, some network shares) answers link() with EPERM.
// The package reaches node:fs through src/builtins.ts, so that is where the stand-in goes.
const linkSync = vi.hoisted(() =>
  vi.fn(() => {
    throw Object.assign(new Error("operation not permitted"), { code: "EPERM" });
  }),
);
vi.mock("../src/builtins.ts", async (importOriginal) => {
  const builtins = await importOriginal<typeof import("../src/builtins.ts")>();
  return { ...builtins, fs: { ...builtins.fs, linkSync } };
});

const temporaryDirectory = useTemporaryDirectories();

describe("loadOrCreateClientIdentifier without hard links", () => {
  it("falls back to an exclusive create and still returns one stable identifier", () => {
    const linksBefore = linkSync.mock.calls.length;
    const directory = temporaryDirectory();
    const file = join(directory, "client-id");
    const first = loadOrCreateClientIdentifier({ file });
    expect(readFileSync(file, "utf8")).toBe(`${first}\n`);
    expect(loadOrCreateClientIdentifier({ file })).toBe(first);
    expect(linkSync.mock.calls.length).toBeGreaterThan(linksBefore);
    expect(readdirSync(directory)).toEqual(["client-id"]);
  });
});

describe("loadOrCreateDeviceKey without hard links", () => {
  it("falls back to an exclusive create and still returns one stable key", async () => {
    const linksBefore = linkSync.mock.calls.length;
    const directory = temporaryDirectory();
    const file = join(directory, "device-key");
    const first = await loadOrCreateDeviceKey({ file });
    expect(JSON.parse(readFileSync(file, "utf8")).kid).toBe(first.kid);
    expect((await loadOrCreateDeviceKey({ file })).kid).toBe(first.kid);
    expect(linkSync.mock.calls.length).toBeGreaterThan(linksBefore);
    expect(readdirSync(directory)).toEqual(["device-key"]);
  });
});
