import { defineConfig } from "tsup";

// Two ESM builds, because Node and bundlers want opposite things (see the `exports` map):
// - Node and the runtimes that pose as it (`node` condition) load one bundled file, dist/index.mjs: ~30
//   small modules cost about 15 ms more at cold start than one file.
// - Bundlers (`module` condition) and other ESM runtimes (`import`) get tsc's one-module-per-source-file
//   build, dist/index.js (tsconfig.build.json), so `sideEffects: false` drops the operations an app does
//   not import: one file kept all four, about 1.3 KB gzip more.
// CommonJS is one bundled file. The declarations are tsc's (.d.ts) and tsup's (.d.cts). The build script
// empties dist/ first: tsup's `clean` would race between the two configs, which run at once.
export default defineConfig([
  {
    entry: ["src/index.ts"],
    format: ["cjs"],
    dts: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    treeshake: true,
  },
  {
    entry: ["src/index.ts"],
    format: ["esm"],
    outExtension: () => ({ js: ".mjs" }),
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    treeshake: true,
  },
]);
