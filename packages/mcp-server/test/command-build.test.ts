/**
 * Guards the built command (dist/command/): one bundle of everything it imports, since resolving and
 * loading the MCP SDK, zod and the rest module by module was about a quarter of its start, with what only
 * `--http` needs left in chunks loaded on demand. Reads the built files and their source maps; needs
 * `pnpm build` first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PACKAGE = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const COMMAND = resolve(PACKAGE, "dist/command");
const WRAPPER = resolve(PACKAGE, "bin/plex-auth-mcp.js");
const NODE22 = resolve(PACKAGE, "../../tools/runtimes/node_modules/node22/bin/node");
const { version } = JSON.parse(readFileSync(resolve(PACKAGE, "package.json"), "utf8")) as { version: string };
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
  it("imports nothing but its own chunks and Node's built-in modules, at start or on demand", () => {
    expect(existsSync(resolve(COMMAND, "bin.js")), "run `pnpm build` in packages/mcp-server first").toBe(true);
    const every = readdirSync(COMMAND).filter((name) => name.endsWith(".js"));
    expect(every.length).toBeGreaterThan(loadedAtStart().size);
    const bare = every
      .map((name) => resolve(COMMAND, name))
      .flatMap((file) =>
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
    // plex-auth's core, by its path in this workspace (the SDK has a `@modelcontextprotocol/core` of its own).
    expect(sources.some((source) => /^(?:\.\.\/)+core\/src\//.test(source))).toBe(true);
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

describe("the command's wrapper (bin/plex-auth-mcp.js)", () => {
  const withCache = (node: string) => {
    const cache = mkdtempSync(join(tmpdir(), "plex-auth-compile-cache-"));
    try {
      const run = spawnSync(node, [WRAPPER, "--version"], {
        encoding: "utf8",
        timeout: 20_000,
        // Not NODE_COMPILE_CACHE, which would turn the cache on by itself: the default place, under TMPDIR.
        env: { PATH: process.env.PATH ?? "", TMPDIR: cache },
      });
      const dir = join(cache, "node-compile-cache");
      return { run, cached: existsSync(dir) ? readdirSync(dir, { recursive: true }).length : 0 };
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  };

  it("runs the command under the Node running the tests (20 has no compile cache)", () => {
    const { run } = withCache(process.execPath);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe(version);
  });

  it.skipIf(!existsSync(NODE22))("keeps V8's compiled code between starts on Node 22", () => {
    const { run, cached } = withCache(NODE22);
    expect(run.stderr).toBe("");
    expect(run.stdout.trim()).toBe(version);
    expect(cached).toBeGreaterThan(1);
  });
});
