import { createRequire } from "node:module";
import { afterEach, describe, expect, it, vi } from "vitest";

const require = createRequire(import.meta.url);

describe("the built-in modules", () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it("are Node's own CommonJS objects", async () => {
    const builtins = await import("../src/builtins.ts");
    expect(builtins.fs).toBe(require("node:fs"));
    expect(builtins.os).toBe(require("node:os"));
    expect(builtins.path).toBe(require("node:path"));
  });

  it("load through createRequire where process.getBuiltinModule is missing (Node 20 before 20.16)", async () => {
    vi.stubGlobal("process", { ...process, getBuiltinModule: undefined });
    const builtins = await import("../src/builtins.ts");
    expect(builtins.fs.readFileSync).toBe(require("node:fs").readFileSync);
    expect(builtins.path.join("a", "b")).toBe(require("node:path").join("a", "b"));
  });
});
