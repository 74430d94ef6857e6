/**
 * Guards the three builds the `exports` map serves: tsc's one-module-per-file ESM (bundlers, other ESM
 * runtimes), the single-file ESM (Node) and the CJS bundle (require). Each must export exactly what the
 * source does, and the map must send each kind of consumer to its build. Needs `pnpm build` first.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import * as source from "../src/index.ts";
import * as jwtSource from "../src/jwt/index.ts";

const dist = (file: string) => fileURLToPath(new URL(`../dist/${file}`, import.meta.url));
const sourceNames = Object.keys(source).sort();
/** The files Node loads: the `node` condition's ESM and CommonJS entries. */
const NODE_BUILDS = ["index.mjs", "jwt.mjs", "index.cjs", "jwt.cjs"];
const jwtNames = Object.keys(jwtSource).sort();

describe("the builds export the same API as the source", () => {
  for (const file of ["index.js", "index.mjs"]) {
    it(`dist/${file}`, async () => {
      expect(existsSync(dist(file)), "run `pnpm build` in packages/core first").toBe(true);
      const built = (await import(pathToFileURL(dist(file)).href)) as Record<string, unknown>;
      expect(Object.keys(built).sort()).toEqual(sourceNames);
    });
  }

  it("dist/index.cjs", () => {
    const built = createRequire(import.meta.url)(dist("index.cjs")) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(sourceNames);
  });

  for (const file of ["jwt/index.js", "jwt.mjs"]) {
    it(`dist/${file} (the JWT entry)`, async () => {
      const built = (await import(pathToFileURL(dist(file)).href)) as Record<string, unknown>;
      expect(Object.keys(built).sort()).toEqual(jwtNames);
    });
  }

  it("dist/jwt.cjs (the JWT entry, jose bundled: it is ESM only)", () => {
    const built = createRequire(import.meta.url)(dist("jwt.cjs")) as Record<string, unknown>;
    expect(Object.keys(built).sort()).toEqual(jwtNames);
    expect(readFileSync(dist("jwt.cjs"), "utf8")).not.toMatch(/require\(["']jose["']\)/);
  });
});

describe("the Node builds carry the part of valibot they use (loading its whole module slowed import)", () => {
  const importsValibot = /from\s*["']valibot["']|require\(["']valibot["']\)/;
  for (const file of NODE_BUILDS) {
    it(`dist/${file} loads no valibot package`, () => {
      expect(readFileSync(dist(file), "utf8")).not.toMatch(importsValibot);
    });
  }

  it("dist/index.mjs is one file (a chunk shared with the JWT entry was about 1.5 ms more at import)", () => {
    expect(readFileSync(dist("index.mjs"), "utf8")).not.toMatch(/from\s*["']\.\//);
  });

  it("while the bundlers' build imports it, so an app's bundle holds one copy", () => {
    expect(readFileSync(dist("validation.js"), "utf8")).toMatch(importsValibot);
  });
});

describe("the exports map", () => {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
  const root = manifest.exports["."];

  it("sends Node to the single-file builds, bundlers and other ESM runtimes to the per-module build", () => {
    expect(Object.keys(root)).toEqual(["module", "node", "import", "require"]);
    expect(root.module.default).toBe("./dist/index.js");
    expect(root.node.import.default).toBe("./dist/index.mjs");
    expect(root.node.require.default).toBe("./dist/index.cjs");
    expect(root.import.default).toBe("./dist/index.js");
    expect(root.require.default).toBe("./dist/index.cjs");
  });

  it("resolves as described for Node itself", () => {
    const require = createRequire(import.meta.url);
    expect(require.resolve("@plex-auth/core")).toBe(dist("index.cjs"));
    expect(require.resolve("@plex-auth/core/jwt")).toBe(dist("jwt.cjs"));
  });

  it("serves the JWT entry the same way", () => {
    const jwt = manifest.exports["./jwt"];
    expect(Object.keys(jwt)).toEqual(["module", "node", "import", "require"]);
    expect([jwt.module.default, jwt.node.import.default, jwt.node.require.default]).toEqual([
      "./dist/jwt/index.js",
      "./dist/jwt.mjs",
      "./dist/jwt.cjs",
    ]);
  });
});

describe("the Node builds are ASCII only", () => {
  // One "…" in a comment esbuild kept made Node hold dist/index.mjs as a two-byte string (see tsup.config.ts).
  for (const file of NODE_BUILDS) {
    it(`dist/${file} is ASCII only, so Node reads it as a one-byte string`, () => {
      // The builds are minified (one long line), so each finding is its offset and the text around it.
      const text = readFileSync(dist(file), "utf8");
      const offending = [...text.matchAll(/[\u0080-\uffff]/g)].map(
        ({ index }) => `offset ${index}: ${text.slice(Math.max(0, index - 40), index + 40)}`,
      );
      expect(offending).toEqual([]);
    });
  }
});

describe("the Node builds are minified but keep their names", () => {
  it("dist/index.mjs holds no comments or indentation beyond the source map's", () => {
    const text = readFileSync(dist("index.mjs"), "utf8").replace(/\/\/# sourceMappingURL=\S+\n?/g, "");
    expect(text).not.toMatch(/\n[ \t]+\S/);
    expect(text).not.toMatch(/\/\*\*/);
  });

  it("so a stack trace from them still names core's functions and error classes", () => {
    // In a plain node process: vitest would map the frames through the source map, names included.
    const script = `import { createPlexAuthCore, getTokenDetails } from ${JSON.stringify(pathToFileURL(dist("index.mjs")).href)};
      const client = createPlexAuthCore({ clientIdentifier: "builds-test", fetch: () => Promise.reject() });
      await getTokenDetails(client, undefined).catch((error) => console.log(error.stack));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
      timeout: 20_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^InvalidInputError: /);
    expect(run.stdout).toMatch(/\n\s+at prepareCall \(file:.*dist\/index\.mjs:\d+:\d+\)/);
  });

  it("and each names its source map, which maps them back to src/", () => {
    for (const file of NODE_BUILDS) {
      expect(readFileSync(dist(file), "utf8")).toMatch(new RegExp(`//# sourceMappingURL=${file}\\.map\\s*$`));
      const map = JSON.parse(readFileSync(dist(`${file}.map`), "utf8")) as { sources: string[] };
      expect(map.sources.some((path) => path.endsWith("src/transport/prepare.ts"))).toBe(true);
    }
  });
});
