import { describe, expect, it } from "vitest";
import { validateExports } from "../../../scripts/validate-exports.mjs";
import { useFixtureRepos } from "./support/fixture-repo.ts";

const fixtureRepo = useFixtureRepos();

const npmManifest = (exports: object) => ({
  name: "@x/a",
  version: "1.0.0",
  exports: { ...exports, "./package.json": "./package.json" },
});

const dist = (name: string) => ({ import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` } });

function failures(files: Record<string, string | object>): string[] {
  return validateExports(fixtureRepo(files))
    .filter((result: { ok: boolean }) => !result.ok)
    .map((result: { name: string }) => result.name.replace(/^.*?: /, ""));
}

describe("validate-exports", () => {
  const base = {
    "deno.json": { workspace: ["./packages/a"] },
    "packages/a/src/index.ts": "",
    "packages/a/src/node.ts": "",
  };

  it("passes when npm and JSR export the same entries", () => {
    expect(
      failures({
        ...base,
        "packages/a/package.json": npmManifest({ ".": dist("index"), "./node": dist("node") }),
        "packages/a/deno.json": {
          name: "@x/a",
          version: "1.0.0",
          exports: { ".": "./src/index.ts", "./node": "./src/node.ts" },
        },
      }),
    ).toEqual([]);
  });

  it("catches a subpath only one side exports, and an entry built from another file", () => {
    expect(
      failures({
        ...base,
        "packages/a/package.json": npmManifest({ ".": dist("index"), "./node": dist("node") }),
        "packages/a/deno.json": { name: "@x/a", version: "1.0.0", exports: "./src/node.ts" },
      }),
    ).toEqual(["npm and JSR export the same subpaths", "each npm entry is built from the file JSR serves"]);
  });

  it("catches a drifted version or name, a missing JSR file, and a package outside the deno workspace", () => {
    expect(
      failures({
        "deno.json": { workspace: [] },
        "packages/a/package.json": npmManifest({ ".": dist("index") }),
        "packages/a/jsr.json": { name: "@x/other", version: "0.9.0", exports: "./src/index.ts" },
      }),
    ).toEqual([
      "is a member of the root deno.json workspace",
      "JSR name matches package.json",
      "JSR version matches package.json",
      "every JSR export exists",
    ]);
  });
});
