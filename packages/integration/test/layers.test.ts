/**
 * Guards the layer rules of CONTRIBUTING.md for core, the MCP server and the CLI: each source file imports only
 * from its own layer or the layers below it, and no two folders (or root files) import each other, directly
 * or around a loop. Type-only imports count too: a type that points up the stack is a design that does.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const PACKAGES = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

// Lowest first, as CONTRIBUTING.md lists them. A path is matched by its first segment (a folder) or its
// whole name (a root file).
const PACKAGE_LAYERS: Readonly<Record<string, readonly (readonly string[])[]>> = {
  core: [
    [
      "models",
      "errors",
      "redact.ts",
      "well-formed.ts",
      "validation.ts",
      "identity.ts",
      "hosts.ts",
      "operation.ts",
      "option-schemas.ts",
    ],
    ["options.ts", "env.ts", "client-identifier-path.ts"],
    ["transport"],
    ["client-core.ts"],
    ["operations"],
    ["client.ts", "flows", "jwt"],
    ["index.ts"],
  ],
  "mcp-server": [
    ["version.ts", "log", "errors", "config"],
    ["session"],
    ["tools"],
    ["server.ts"],
    ["transports", "cli"],
    ["bin.ts", "index.ts"],
  ],
  cli: [
    ["io.ts", "errors.ts", "exit-codes.ts", "identity.ts", "ui", "store"],
    ["context.ts", "describe-error.ts", "mock.ts"],
    ["commands"],
    ["program.ts"],
    ["run-cli.ts"],
    ["main.ts", "index.ts"],
  ],
};

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe.each(Object.entries(PACKAGE_LAYERS))("%s's layers", (name, LAYERS) => {
  const SRC = join(PACKAGES, name, "src");

  /** The folder (or root file) a source file belongs to. */
  function unitOf(file: string): string {
    return relative(SRC, file).split("/")[0] as string;
  }

  function layerOf(file: string): number {
    const unit = unitOf(file);
    const layer = LAYERS.findIndex((units) => units.includes(unit));
    if (layer < 0)
      throw new Error(`${relative(SRC, file)} is in no layer: add "${unit}" to the layers here and in CONTRIBUTING.md`);
    return layer;
  }

  function importsOf(file: string): string[] {
    const text = readFileSync(file, "utf8");
    const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.[^"]+)"/g)].map((match) => match[1] as string);
    // Files outside src (the package.json a version is read from) belong to no layer.
    return specifiers
      .map((specifier) => resolve(dirname(file), specifier))
      .filter((path) => !relative(SRC, path).startsWith(".."));
  }

  const FILES = sourceFiles(SRC);

  it("every source file is in a layer", () => {
    for (const file of FILES) expect(() => layerOf(file)).not.toThrow();
  });

  it("no file imports from a layer above its own", () => {
    const upward: string[] = [];
    for (const file of FILES) {
      for (const imported of importsOf(file)) {
        if (layerOf(imported) > layerOf(file)) upward.push(`${relative(SRC, file)} -> ${relative(SRC, imported)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("no import cycle between folders or root files", () => {
    const edges = new Map<string, Set<string>>();
    for (const file of FILES) {
      for (const imported of importsOf(file)) {
        const [from, to] = [unitOf(file), unitOf(imported)];
        if (from !== to) edges.set(from, (edges.get(from) ?? new Set()).add(to));
      }
    }
    const cycles: string[] = [];
    const visit = (unit: string, path: readonly string[]) => {
      for (const next of edges.get(unit) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(" -> "));
        else visit(next, [...path, next]);
      }
    };
    for (const unit of edges.keys()) visit(unit, [unit]);
    expect(cycles).toEqual([]);
  });
});
