import { defineConfig } from "tsup";

export default defineConfig({
  // `index` is runtime-agnostic (Web APIs only: it bundles for Deno, Bun, workers and browsers); `node` is
  // the node:http adapter. It talks to the mock only through its public `handle`, so a mock made with the
  // main entry's copy of the code works there too.
  entry: { index: "src/index.ts", node: "src/node.ts" },
  format: ["esm", "cjs"],
  // The Node adapter's declarations need Node's types; tsconfig.json keeps them away from the main entry.
  dts: { compilerOptions: { types: ["node"] } },
  clean: true,
  sourcemap: true,
  target: "es2022",
  // Neutral, so a Node built-in can only reach the bundle through the adapter's explicit `node:` imports.
  platform: "neutral",
  external: [/^node:/],
  treeshake: true,
});
