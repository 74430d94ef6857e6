import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "es2022",
  platform: "node",
  // Keep `node:` specifiers: Node >= 20, Bun and Deno all read them, and they cannot be shadowed by npm packages.
  removeNodeProtocol: false,
  // `import.meta.url` (for createRequire, which loads the optional undici) needs a shim in the CJS build.
  shims: true,
  treeshake: true,
});
