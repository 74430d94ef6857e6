import { defineConfig } from "tsup";

// Two ESM builds, because Node and bundlers want opposite things (see the `exports` map):
// - Node and the runtimes that pose as it (`node` condition) load one bundled file per entry,
//   dist/index.mjs and dist/jwt.mjs: ~30 small modules cost about 15 ms more at cold start, and a chunk
//   shared by the two entries about 1.5 ms more than one file (the JWT entry, loaded only by apps that
//   use device keys, carries its own copy of the internals instead, as in CommonJS below).
// - Bundlers (`module` condition) and other ESM runtimes (`import`) get tsc's one-module-per-source-file
//   build, dist/index.js and dist/jwt/index.js (tsconfig.build.json), so `sideEffects: false` drops the
//   operations an app does not import: one file kept all four, about 1.3 KB gzip more.
// The Node builds (ESM and CommonJS) carry the part of valibot core uses: loading valibot's whole module,
// some 600 exports, was about 4 ms of a 15 ms cold import and 0.55 MB of the heap core leaves after
// import. The bundlers' build imports `valibot` (a `^1.5.0` range), so an app's bundle holds one copy.
// CommonJS is one bundled file per entry; jose, ESM only, is bundled into the CommonJS JWT entry, since
// require() of an ES module needs Node 20.19+. The declarations are tsc's (.d.ts) and tsup's (.d.cts).
// In both Node builds the two entries each bundle their own copy of the internals they share: the error classes
// and the client's options are branded with Symbol.for keys, so they work across the copies. The build script
// empties dist/ first: tsup's `clean` would race between the two configs, which run at once.
// Both Node builds must stay pure ASCII: Node reads a file with one non-ASCII byte as a two-byte string, which
// took 0.5 ms more to decode and kept 0.16 MB more of heap (V8 holds a module's source for the functions it
// compiles later). esbuild escapes non-ASCII strings by default (charset "ascii"), not the comments it keeps:
// test/builds.test.ts fails on one.

// Whitespace and syntax are minified, identifiers not: parsing a quarter less text (162 KB to 123 KB) took
// about 0.7 ms off a cold import, and the names stay, so a stack trace still names its functions and classes
// (the source maps beside the builds give the lines). Mangled names would save 0.3-0.9 ms more; esbuild's
// keepNames, which restores them, cost 1.2 ms more than it saved (a call per function at import).
const NODE_MINIFY = { minifyWhitespace: true, minifySyntax: true } as const;

export default defineConfig([
  {
    entry: { index: "src/index.ts", jwt: "src/jwt/index.ts" },
    format: ["cjs"],
    dts: true,
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    treeshake: true,
    ...NODE_MINIFY,
    noExternal: ["jose", "valibot"],
  },
  {
    entry: { index: "src/index.ts", jwt: "src/jwt/index.ts" },
    format: ["esm"],
    outExtension: () => ({ js: ".mjs" }),
    sourcemap: true,
    target: "es2022",
    platform: "neutral",
    treeshake: true,
    splitting: false,
    ...NODE_MINIFY,
    noExternal: ["valibot"],
  },
]);
