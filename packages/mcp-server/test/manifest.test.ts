import { readFileSync } from "node:fs";
import { PLEX_ENV_VARIABLES } from "@plex-auth/core";
import { describe, expect, test } from "vitest";
import { MCP_ENV_VARIABLES } from "../src/config/env.ts";
import { buildToolCatalog } from "../src/tools/catalog.ts";
import { PLEX_SIGN_IN_TOOLS } from "../src/tools/plex-sign-in/definitions.ts";

const read = (name: string) => JSON.parse(readFileSync(new URL(`../${name}`, import.meta.url), "utf8"));
const manifest = read("manifest.json");
const packageJson = read("package.json");

describe("manifest.json (MCP bundle)", () => {
  test("matches the package: version, bin, and the pinned npx version", () => {
    expect(manifest.version).toBe(packageJson.version);
    expect(manifest.server.entry_point).toBe(packageJson.bin["plex-auth-mcp"].replace(/^\.\//, ""));
    expect(manifest.server.mcp_config.args).toContain(`--package=${packageJson.name}@${packageJson.version}`);
    expect(manifest.server.mcp_config.args).toContain("plex-auth-mcp");
  });

  test("names Plex's privacy policy (manifest 0.3): the tools send the user's Plex data to plex.tv", () => {
    expect(manifest.manifest_version).toBe("0.3");
    expect(manifest.privacy_policies).toEqual(["https://www.plex.tv/about/privacy-legal/"]);
  });

  test("lists exactly the tools the server lists: Sign in with Plex's, and the table's", () => {
    const tools = [
      ...PLEX_SIGN_IN_TOOLS.map((tool) => tool.name),
      ...buildToolCatalog({ clientIdentifier: "x", exposeTokens: false }).keys(),
    ].sort();
    expect(manifest.tools.map((tool: { name: string }) => tool.name).sort()).toEqual(tools);
  });

  test("passes settings through the environment only, as variables the server reads", () => {
    const known = new Set([...PLEX_ENV_VARIABLES.map((variable) => variable.name), ...Object.keys(MCP_ENV_VARIABLES)]);
    for (const name of Object.keys(manifest.server.mcp_config.env)) expect(known.has(name), name).toBe(true);
    expect(JSON.stringify(manifest.server.mcp_config.args)).not.toMatch(/user_config/);
  });

  test("marks every secret sensitive", () => {
    const config = manifest.user_config as Record<string, { sensitive?: boolean }>;
    expect(config.plex_token?.sensitive).toBe(true);
    expect(config.plex_password?.sensitive).toBe(true);
    for (const [key, option] of Object.entries(config)) {
      if (/token|password/.test(key) && key !== "expose_tokens") expect(option.sensitive, key).toBe(true);
    }
  });
});
