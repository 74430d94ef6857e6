/**
 * Guards "runtime-agnostic core": bundled for `platform: "neutral"`, core and its dependencies import no
 * Node built-in, and core's source never names `process`, `Buffer`, `Deno` or `Bun`. Each check is first
 * shown to catch a planted violation, so it cannot pass vacuously.
 */
import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));
const BUILTINS = new Set(builtinModules);

function isNodeBuiltin(path: string): boolean {
  return path.startsWith("node:") || BUILTINS.has(path) || BUILTINS.has(path.split("/")[0] ?? "");
}

/** Bundles like a neutral (non-Node) runtime would; returns every Node built-in that was imported. */
async function builtinImports(entry: { file: string } | { contents: string }): Promise<string[]> {
  const found: string[] = [];
  const detector: Plugin = {
    name: "node-builtin-detector",
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /.*/ }, (args) => {
        if (!isNodeBuiltin(args.path)) return undefined;
        found.push(args.path);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    ...("file" in entry
      ? { entryPoints: [entry.file] }
      : { stdin: { contents: entry.contents, resolveDir: SRC, loader: "ts" as const } }),
    bundle: true,
    platform: "neutral",
    format: "esm",
    mainFields: ["module", "main"],
    write: false,
    logLevel: "silent",
    plugins: [detector],
  });
  expect(result.errors).toEqual([]);
  return found;
}

/** Every identifier in `code` named like a runtime-specific global. */
function runtimeGlobals(code: string, fileName: string): string[] {
  const forbidden = new Set(["process", "Buffer", "Deno", "Bun"]);
  const hits: string[] = [];
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true);
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && forbidden.has(node.text)) {
      const { line } = source.getLineAndCharacterOfPosition(node.getStart());
      hits.push(`${fileName}:${line + 1} ${node.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return hits;
}

function sourceFiles(): string[] {
  return (
    (readdirSync(SRC, { recursive: true }) as string[])
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      // With `/` on every platform: Windows lists `transport\execute.ts`.
      .map((file) => file.split(sep).join("/"))
      .sort()
  );
}

describe("no Node built-ins in the neutral bundle", () => {
  it("the detector catches a planted node: import and a bare built-in", async () => {
    const found = await builtinImports({
      contents: 'import { readFileSync } from "node:fs"; import http from "http"; export { readFileSync, http };',
    });
    expect(found.sort()).toEqual(["http", "node:fs"]);
  });

  it("core (src/index.ts) and everything it bundles import none", { timeout: 30_000 }, async () => {
    expect(await builtinImports({ file: `${SRC}index.ts` })).toEqual([]);
  });

  it("the JWT entry (src/jwt/index.ts) and everything it bundles, jose included, import none", {
    timeout: 30_000,
  }, async () => {
    expect(await builtinImports({ file: `${SRC}jwt/index.ts` })).toEqual([]);
  });
});

describe("no runtime-specific globals in core's source", () => {
  it("the check catches planted uses, and ignores comments and strings", () => {
    const planted = 'const a = process.env.X; globalThis.Buffer; // Deno\nconst s = "Bun";';
    expect(runtimeGlobals(planted, "planted.ts")).toEqual(["planted.ts:1 process", "planted.ts:1 Buffer"]);
  });

  it("covers every source file", () => {
    expect(sourceFiles()).toContain("index.ts");
    expect(sourceFiles()).toContain("transport/execute.ts");
  });

  it("src/** uses no process, Buffer, Deno or Bun", () => {
    const hits = sourceFiles().flatMap((file) => runtimeGlobals(readFileSync(`${SRC}${file}`, "utf8"), file));
    expect(hits).toEqual([]);
  });
});
