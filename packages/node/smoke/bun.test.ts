// Bun runs the npm packages unchanged: the smoke scenario against the built ESM, the built CJS (each with
// the core build it resolves) and core's TypeScript source, plus the Node helpers this package adds.
import { describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as jwtEsm from "@plex-auth/core/jwt";
import * as coreSource from "../../core/src/index.ts";
import * as jwtSource from "../../core/src/jwt/index.ts";
import { smokeScenario } from "../../integration/src/scenario.ts";
import * as esm from "../dist/index.js";

const cjs: typeof esm = createRequire(import.meta.url)("../dist/index.cjs");
const jwtCjs: typeof jwtEsm = createRequire(import.meta.url)("@plex-auth/core/jwt");

const builds: [string, typeof esm | typeof coreSource, typeof jwtEsm | typeof jwtSource][] = [
  ["@plex-auth/node ESM build", esm, jwtEsm],
  ["@plex-auth/node CJS build", cjs, jwtCjs],
  ["@plex-auth/core source", coreSource, jwtSource],
];

for (const [label, sdk, jwt] of builds) {
  describe(`smoke scenario on Bun ${Bun.version}, ${label}`, () => {
    for (const step of smokeScenario(sdk, jwt)) test(step.name, () => step.run());
  });
}

for (const [label, node] of [
  ["ESM", esm],
  ["CJS", cjs],
] as const) {
  describe(`@plex-auth/node ${label} on Bun`, () => {
    test("names Bun as the platform", () => {
      expect(node.runtimeIdentity()).toMatchObject({ platform: "Bun", platformVersion: Bun.version });
    });

    test("persists one client identifier, mode 0600", () => {
      const directory = mkdtempSync(join(tmpdir(), "plex-auth-bun-"));
      try {
        const file = join(directory, "plex-auth", "client-id");
        const first = node.loadOrCreateClientIdentifier({ file });
        expect(node.loadOrCreateClientIdentifier({ file })).toBe(first);
        expect(statSync(file).mode & 0o777).toBe(0o600);
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
  });
}
