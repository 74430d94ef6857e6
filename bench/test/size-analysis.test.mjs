import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { ROUTES } from "../src/payloads.mjs";
import { bundleFromSource, EXPERIMENTS } from "../src/size-analysis.mjs";

// The size analysis measures what a cut of core's source would save. A cut that no longer builds against
// core failed silently once ("not measured"); a cut that builds but breaks the client would report a saving
// that is not one. These tests hold the cuts to both.

const OPTIONS_TS = new URL("../../packages/core/src/options.ts", import.meta.url);
const STAND_IN = new URL("../analysis/options-handwritten.ts", import.meta.url);

/** The names a TypeScript file exports as values (not types). @param {URL} file */
function valueExports(file) {
  const source = ts.createSourceFile(file.pathname, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const names = new Set();
  for (const statement of source.statements) {
    const exported = ts
      .getModifiers?.(/** @type {any} */ (statement))
      ?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword);
    if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause) {
      for (const element of /** @type {ts.NamedExports} */ (statement.exportClause).elements) {
        if (!element.isTypeOnly) names.add(element.name.text);
      }
    }
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) names.add(declaration.name.getText());
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name) {
      names.add(statement.name.text);
    }
  }
  return [...names].sort();
}

const ENTRY = `export { createPlexAuthCore, getTokenDetails, InvalidInputError } from "@plex-auth/core";`;
const directory = mkdtempSync(join(tmpdir(), "plex-auth-size-analysis-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Bundles ENTRY from core's source with `changes`, and imports the bundle. @param {any[]} changes */
async function load(changes) {
  const built = await bundleFromSource(ENTRY, changes);
  const file = join(directory, `bundle-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, built.text);
  return { text: built.text, module: await import(pathToFileURL(file).href) };
}

const stubFetch = async () =>
  new Response(ROUTES.getTokenDetails.body, { status: 200, headers: { "content-type": "application/json" } });
const account = JSON.parse(ROUTES.getTokenDetails.body);

/** @param {any} module */
async function expectWorkingClient(module) {
  const core = module.createPlexAuthCore({ clientIdentifier: "bench-test", token: "bench-token", fetch: stubFetch });
  expect(await module.getTokenDetails(core)).toMatchObject({ username: account.username, email: account.email });
  expect(() => module.createPlexAuthCore({ clientIdentifier: "bench-test", timeoutMs: 0 })).toThrow(
    module.InvalidInputError,
  );
  expect(() => module.createPlexAuthCore({ clientIdentifier: "bench-test", unknownOption: 1 })).toThrow(
    /unknownOption/,
  );
  expect(() => module.createPlexAuthCore({})).toThrow(/clientIdentifier/);
  await expect(module.getTokenDetails(core, undefined, { timeoutMs: -1 })).rejects.toThrow(/timeoutMs/);
}

describe("the size analysis's cuts", () => {
  it("the hand-written options stand-in exports every value options.ts exports", () => {
    const missing = valueExports(OPTIONS_TS).filter((name) => !valueExports(STAND_IN).includes(name));
    expect(missing).toEqual([]);
  });

  it("the reference (core from source, no cut) is a working client", async () => {
    await expectWorkingClient((await load([])).module);
  });

  it("with every cut applied, the bundle is still a working client", async () => {
    await expectWorkingClient((await load(EXPERIMENTS.map((experiment) => experiment.change))).module);
  });

  it("each cut does what it says", async () => {
    const byId = Object.fromEntries(EXPERIMENTS.map((experiment) => [experiment.id, experiment.change]));
    const reference = (await load([])).text;
    const options = (await load([byId["handwritten-options"]])).text;
    const mcp = (await load([byId["no-mcp-metadata"]])).text;
    const terse = (await load([byId["terse-messages"]])).text;
    // A valibot options message (the retry union's) is only in the reference.
    expect(reference).toContain("must be false or an object like { maxRetries: 2 }");
    expect(options).toContain("must be false or an object like { maxRetries: 2 }");
    expect(options.length).toBeLessThan(reference.length);
    // The tool name and the operation's description are MCP-only.
    expect(reference).toContain("get_token_details");
    expect(reference).toContain("Returns the plex.tv account");
    expect(mcp).not.toContain("get_token_details");
    expect(mcp).not.toContain("Returns the plex.tv account");
    // Long messages are gone, short ones stay.
    expect(terse).not.toContain("generate a UUID once per installation");
    expect(terse).toContain("must be a function");
  });
});
