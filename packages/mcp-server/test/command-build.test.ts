/**
 * Guards the built command (dist/command/): one bundle of everything it imports, since resolving and
 * loading the MCP SDK, zod and the rest module by module was about a quarter of its start, with what only
 * `--http` needs left in chunks loaded on demand. Reads the built files and their source maps; needs
 * `pnpm build` first.
 */
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const COMMAND = resolve(dirname(fileURLToPath(import.meta.url)), "../dist/command");
// esbuild's minified output: `import{a as b}from"./chunk-X.js";`, `import"./x.js";`, `export{…}from"…"`.
const STATIC = /(?:^|[;}\n])\s*(?:import|export)\s*(?:[^"'`;()]*?from\s*)?["']([^"']+)["']/g;
const DYNAMIC = /\bimport\(\s*["']([^"']+)["']\s*\)/g;
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function specifiers(file: string, pattern: RegExp): string[] {
  return [...readFileSync(file, "utf8").matchAll(pattern)].map((match) => match[1] ?? "");
}

/** The files loaded before the command runs: bin.js and its static imports, transitively. */
function loadedAtStart(): Set<string> {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    for (const specifier of specifiers(file, STATIC)) {
      if (specifier.startsWith(".")) visit(resolve(dirname(file), specifier));
    }
  };
  visit(resolve(COMMAND, "bin.js"));
  return files;
}

/** The original sources a built file holds, by its source map. */
function sourcesOf(file: string): string[] {
  return (JSON.parse(readFileSync(`${file}.map`, "utf8")) as { sources: string[] }).sources;
}

describe("the built command", () => {
  it("imports nothing but its own chunks and Node's built-in modules", () => {
    expect(existsSync(resolve(COMMAND, "bin.js")), "run `pnpm build` in packages/mcp-server first").toBe(true);
    const bare = [...loadedAtStart()].flatMap((file) =>
      [...specifiers(file, STATIC), ...specifiers(file, DYNAMIC)].filter(
        (specifier) => !specifier.startsWith(".") && !BUILTINS.has(specifier),
      ),
    );
    expect(bare).toEqual([]);
  });

  it("carries the MCP SDK and core in the files it loads at start", () => {
    const sources = [...loadedAtStart()].flatMap(sourcesOf);
    expect(sources.some((source) => source.includes("@modelcontextprotocol/server/"))).toBe(true);
    expect(sources.some((source) => source.includes("zod/"))).toBe(true);
    expect(sources.some((source) => /(?:^|\/)core\/(?:src|dist)\//.test(source))).toBe(true);
  });

  it("leaves the HTTP stack to a chunk that only --http loads", () => {
    const atStart = [...loadedAtStart()].flatMap(sourcesOf);
    expect(atStart.filter((source) => /@hono\/node-server|@modelcontextprotocol\/node\//.test(source))).toEqual([]);
    const lazy = [...loadedAtStart()].flatMap((file) => specifiers(file, DYNAMIC));
    const http = lazy
      .map((specifier) => resolve(COMMAND, specifier))
      .filter((file) => sourcesOf(file).some((source) => source.includes("transports/http/server.ts")));
    expect(http).toHaveLength(1);
  });
});
