import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { syncBundleManifests, syncJsrVersions, syncRegistryEntries } from "../../../scripts/sync-jsr-versions.mjs";
import { useFixtureRepos } from "./support/fixture-repo.ts";

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const fixtureRepo = useFixtureRepos();

const DENO_JSON =
  '{\n  "name": "@x/a",\n  "version": "1.0.0",\n  "exports": "./mod.ts",\n  "publish": { "include": ["mod.ts"] }\n}\n';

describe("sync-jsr-versions", () => {
  it("copies package.json versions into deno.json and jsr.json, keeping their formatting", () => {
    const root = fixtureRepo({
      "packages/a/package.json": { name: "@x/a", version: "1.2.0" },
      "packages/a/deno.json": DENO_JSON,
      "packages/b/package.json": { name: "@x/b", version: "0.3.1" },
      "packages/b/jsr.json": { name: "@x/b", version: "0.3.0", exports: "./mod.ts" },
      "packages/c/package.json": { name: "@x/c", version: "5.0.0" },
    });
    expect(syncJsrVersions(root)).toEqual([
      { file: join("packages", "a", "deno.json"), from: "1.0.0", to: "1.2.0" },
      { file: join("packages", "b", "jsr.json"), from: "0.3.0", to: "0.3.1" },
    ]);
    expect(readFileSync(join(root, "packages/a/deno.json"), "utf8")).toBe(DENO_JSON.replace("1.0.0", "1.2.0"));
    expect(JSON.parse(readFileSync(join(root, "packages/b/jsr.json"), "utf8")).version).toBe("0.3.1");
    expect(syncJsrVersions(root)).toEqual([]);
  });

  it("copies the version into MCP bundle manifests, with the npx package pin", () => {
    const manifest = {
      manifest_version: "0.3",
      name: "x",
      version: "0.1.0",
      server: { mcp_config: { command: "npx", args: ["-y", "--package=@x/mcp@0.1.0", "x-mcp"] } },
    };
    const root = fixtureRepo({
      "packages/mcp/package.json": { name: "@x/mcp", version: "0.2.0" },
      "packages/mcp/manifest.json": manifest,
      "packages/other/package.json": { name: "@x/other", version: "1.0.0" },
      "packages/other/manifest.json": { name: "not a bundle", version: "0.0.1" },
    });
    expect(syncBundleManifests(root)).toEqual([
      { file: join("packages", "mcp", "manifest.json"), from: "0.1.0", to: "0.2.0" },
    ]);
    const updated = JSON.parse(readFileSync(join(root, "packages/mcp/manifest.json"), "utf8"));
    expect(updated.version).toBe("0.2.0");
    expect(updated.server.mcp_config.args).toEqual(["-y", "--package=@x/mcp@0.2.0", "x-mcp"]);
    expect(syncBundleManifests(root)).toEqual([]);
  });

  it("copies the version into MCP registry entries (server.json), for this package's own npm entry only", () => {
    const entry = {
      name: "io.github.x/mcp",
      description: "x",
      version: "0.1.0",
      packages: [
        { registryType: "npm", identifier: "@x/mcp", version: "0.1.0", transport: { type: "stdio" } },
        { registryType: "oci", identifier: "x/mcp", version: "9.9.9", transport: { type: "stdio" } },
      ],
    };
    const root = fixtureRepo({
      "packages/mcp/package.json": { name: "@x/mcp", version: "0.2.0", mcpName: "io.github.x/mcp" },
      "packages/mcp/server.json": entry,
    });
    expect(syncRegistryEntries(root)).toEqual([
      { file: join("packages", "mcp", "server.json"), from: "0.1.0", to: "0.2.0" },
    ]);
    const updated = JSON.parse(readFileSync(join(root, "packages/mcp/server.json"), "utf8"));
    expect(updated.version).toBe("0.2.0");
    expect(updated.packages.map((item: { version: string }) => item.version)).toEqual(["0.2.0", "9.9.9"]);
    expect(syncRegistryEntries(root)).toEqual([]);
  });

  it("runs after `changeset version` in the version-packages script, and JSR follows the bump", () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
    // Then the CHANGELOGs lose their Unreleased sections (scripts/unreleased-changelog.mjs): a step after
    // these two, which must stay first and in this order.
    expect(manifest.scripts["version-packages"]).toBe(
      "changeset version && node scripts/sync-jsr-versions.mjs && node scripts/unreleased-changelog.mjs",
    );

    const root = fixtureRepo({
      "package.json": { name: "fixture", private: true },
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      ".changeset/config.json": { changelog: false, commit: false, access: "public", baseBranch: "main" },
      ".changeset/bump.md": '---\n"@x/a": minor\n---\n\nA feature.\n',
      "packages/a/package.json": { name: "@x/a", version: "1.0.0" },
      "packages/a/deno.json": DENO_JSON,
    });
    execFileSync(join(repoRoot, "node_modules/.bin/changeset"), ["version"], { cwd: root, stdio: "pipe" });
    execFileSync(process.execPath, [join(repoRoot, "scripts/sync-jsr-versions.mjs")], { cwd: root, stdio: "pipe" });
    expect(JSON.parse(readFileSync(join(root, "packages/a/package.json"), "utf8")).version).toBe("1.1.0");
    expect(JSON.parse(readFileSync(join(root, "packages/a/deno.json"), "utf8")).version).toBe("1.1.0");
  });
});
