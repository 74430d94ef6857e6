import { defineConfig } from "tsup";

export default defineConfig({
  // `@plex-auth/node/jwt` is its own entry, as `@plex-auth/core/jwt` is: the main entry loads it (and jose)
  // only when a stored device key is first used.
  entry: { index: "src/index.ts", jwt: "src/jwt/index.ts" },
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
  // One ES module per entry, as in core's Node build: a chunk shared by the two was one more module to
  // resolve and load, about 1 ms of the import. The JWT entry carries its own copy of the file helpers
  // (stateless, and neither entry defines classes that would need to match across copies).
  splitting: false,
  // In CommonJS, `import("@plex-auth/core/jwt")` as a lazy require(): the CommonJS build of core's JWT
  // entry, not its ES module beside the CommonJS core (two copies of core in one program).
  esbuildOptions(options, context) {
    if (context.format === "cjs") options.supported = { ...options.supported, "dynamic-import": false };
  },
});
