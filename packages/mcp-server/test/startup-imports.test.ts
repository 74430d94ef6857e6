/**
 * Guards what the command loads before it knows its transport: over stdio (the usual way a desktop client
 * runs it) the HTTP stack (the SDK's Node adapter, Hono's server, node:http) is never imported, since
 * loading it was about a fifth of the start. Walks the static imports of the source from bin.ts.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), "../src");
// Static imports and re-exports only: `import("…")` is what loads a module later, on demand.
const STATIC = /^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm;

function staticGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(STATIC)) {
      const specifier = match[1] ?? match[2] ?? "";
      if (/^import\s+type\s/.test(match[0].trim())) continue;
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  visit(resolve(SRC, entry));
  return { files, packages };
}

describe("the command's start", () => {
  it("does not load the HTTP stack until --http asks for it", () => {
    const { files, packages } = staticGraph("bin.ts");
    expect(files.size).toBeGreaterThan(20);
    expect([...packages]).toContain("@modelcontextprotocol/server/stdio");
    expect([...packages]).not.toContain("@modelcontextprotocol/node");
    expect([...packages]).not.toContain("node:http");
    expect([...packages]).not.toContain("node:https");
    expect([...files].map((file) => file.slice(SRC.length))).not.toContain("/transports/http/server.ts");
  });

  it("the library entry still exports the HTTP server (the walk sees it there)", () => {
    const { packages } = staticGraph("index.ts");
    expect([...packages]).toContain("@modelcontextprotocol/node");
  });
});
