import { defineConfig } from "tsup";

// CommonJS only: one bundled file for `require`. The ESM build is tsc's, one module per source file
// (tsconfig.build.json), so a bundler with `sideEffects: false` drops the operations an app does not
// import; a single-file ESM build kept all four (about 1.3 KB gzip more).
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "neutral",
  treeshake: true,
});
