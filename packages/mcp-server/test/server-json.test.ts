import { readFileSync } from "node:fs";
import { PLEX_ENV_VARIABLES } from "@plex-auth/core";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, test } from "vitest";
import { MCP_ENV_VARIABLES } from "../src/config/env.ts";

const read = (path: string) => JSON.parse(readFileSync(new URL(path, import.meta.url), "utf8"));
const entry = read("../server.json");
const packageJson = read("../package.json");
const manifest = read("../manifest.json");
// The registry's schema for server.json, version 2025-12-11 (its validation keywords, kept in the repo).
const schema = read("../../../spec/mcp-registry/server.schema.2025-12-11.json");

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(schema);
}

describe("server.json (the official MCP registry's entry)", () => {
  test("is valid against the registry's 2025-12-11 schema, which it names", () => {
    const validate = validator();
    expect(entry.$schema).toBe(schema.$id);
    expect(validate(entry), JSON.stringify(validate.errors)).toBe(true);
  });

  test("the schema check can fail: a long description, a 'latest' version, a name without a namespace", () => {
    const validate = validator();
    for (const broken of [
      { ...entry, description: "x".repeat(101) },
      { ...entry, packages: [{ ...entry.packages[0], version: "latest" }] },
      { ...entry, name: "plex-auth" },
      { ...entry, packages: [{ ...entry.packages[0], transport: { type: "carrier-pigeon" } }] },
    ]) {
      expect(validate(broken)).toBe(false);
    }
  });

  test("is this package: its mcpName, npm name and version (the registry checks mcpName on npm)", () => {
    expect(packageJson.mcpName).toBe(entry.name);
    expect(entry.version).toBe(packageJson.version);
    expect(entry.packages).toHaveLength(1);
    expect(entry.packages[0]).toMatchObject({
      registryType: "npm",
      identifier: packageJson.name,
      version: packageJson.version,
      transport: { type: "stdio" },
    });
  });

  test("lists the variables the bundle passes, each one the server reads, secrets marked as the bundle marks them", () => {
    const known = new Set([...PLEX_ENV_VARIABLES.map((variable) => variable.name), ...Object.keys(MCP_ENV_VARIABLES)]);
    const variables: { name: string; isSecret?: boolean; description?: string }[] =
      entry.packages[0].environmentVariables;
    expect(variables.map((variable) => variable.name).sort()).toEqual(
      Object.keys(manifest.server.mcp_config.env).sort(),
    );
    for (const variable of variables) {
      expect(known.has(variable.name), variable.name).toBe(true);
      expect(variable.description?.length, variable.name).toBeGreaterThan(10);
    }
    const sensitive = Object.entries(manifest.server.mcp_config.env as Record<string, string>)
      .filter(([, value]) => manifest.user_config[value.replace(/^\$\{user_config\.(.+)\}$/, "$1")]?.sensitive)
      .map(([name]) => name)
      .sort();
    expect(
      variables
        .filter((variable) => variable.isSecret)
        .map((variable) => variable.name)
        .sort(),
    ).toEqual(sensitive);
  });
});
