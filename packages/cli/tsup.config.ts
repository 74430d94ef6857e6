import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", main: "src/main.ts" },
  format: ["esm"],
  dts: { entry: { index: "src/index.ts" } },
  clean: true,
  sourcemap: true,
  target: "node20",
  platform: "node",
  removeNodeProtocol: false,
  treeshake: true,
  // Every command starts by parsing its arguments with commander, so it is bundled (a devDependency, then):
  // loading it as its package (CommonJS, seven files, through Node's ES module wrapper) took about 20 ms of
  // every start (`--version`: 163 to 143 ms side by side, where `node -e 0` took 100). Its require() calls of
  // Node's built-ins need a `require` in this ES module, which the banner makes. The other libraries stay
  // packages, loaded on first use (src/ui/qr.ts).
  noExternal: ["commander"],
  banner: {
    js: 'import { createRequire as __plexAuthCreateRequire } from "node:module"; const require = __plexAuthCreateRequire(import.meta.url);',
  },
});
