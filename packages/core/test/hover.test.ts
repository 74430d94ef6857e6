/**
 * Guards what an editor shows on hover: every method of `plex.authentication` carries its operation's
 * JSDoc (the methods come from a mapped type, which keeps the documentation only when it maps the
 * functions' own keys). Read through TypeScript's language service, as an editor does.
 */
import { dirname, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { operations } from "../src/index.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
// With `/`, as TypeScript names files on every platform: on Windows it would ask for this one with `/`, and
// find no such key among `files`.
const FILE = resolve(ROOT, "test/__hover__.ts").split(sep).join("/");

function hoverDocs(source: string, names: readonly string[]): Record<string, string> {
  const files: Record<string, string> = { [FILE]: source };
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [FILE],
    getScriptVersion: () => "1",
    getScriptSnapshot: (name) => {
      const text = files[name] ?? (ts.sys.fileExists(name) ? ts.sys.readFile(name) : undefined);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => ROOT,
    getCompilationSettings: () => ({
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ES2022,
      allowImportingTsExtensions: true,
      noEmit: true,
      strict: true,
      types: [],
    }),
    getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
    fileExists: (name) => name in files || ts.sys.fileExists(name),
    readFile: (name) => files[name] ?? ts.sys.readFile(name),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host);
  return Object.fromEntries(
    names.map((name) => {
      const position = source.indexOf(`.${name}(`) + 1;
      const info = service.getQuickInfoAtPosition(FILE, position);
      return [name, ts.displayPartsToString(info?.documentation ?? [])];
    }),
  );
}

describe("hover documentation", () => {
  it("every method of plex.authentication shows its operation's documentation", () => {
    const names = Object.keys(operations);
    const source = [
      'import { createPlexAuth } from "../src/index.ts";',
      'const plex = createPlexAuth({ clientIdentifier: "x" });',
      ...names.map((name) => `void plex.authentication.${name}(undefined as never);`),
    ].join("\n");
    const docs = hoverDocs(source, names);
    for (const name of names) expect(docs[name], name).toMatch(/\S{10,}/);
    expect(docs.getTokenDetails).toContain("account behind the token");
    expect(docs.ping).toContain("/ping");
  }, 30_000);
});
