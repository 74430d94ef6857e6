import { defineConfig } from "tsup";

// Two builds. The library (`dist/index.*`) leaves its dependencies to the app's install, as libraries do.
// The `plex-auth-mcp` command (`dist/command/`) is bundled with everything it imports, minified, split so
// that what only `--http` or the demo needs stays in chunks loaded on demand: loading the MCP SDK, zod and
// the rest as hundreds of separate modules was about a quarter of the time from start to the first
// `tools/list` (about 185 against 135 ms here). The command's dependencies stay in package.json, so an
// install still carries their licences. The build script empties dist/ first: tsup's `clean` would race
// between the two configs, which run at once.
export default defineConfig([
  {
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: { entry: { index: "src/index.ts" } },
    sourcemap: true,
    target: "node20",
    platform: "node",
  },
  {
    entry: { bin: "src/bin.ts" },
    outDir: "dist/command",
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    platform: "node",
    noExternal: [/./],
    splitting: true,
    minify: true,
  },
]);
