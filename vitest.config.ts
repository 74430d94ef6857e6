import { defineConfig } from "vitest/config";

// One vitest run over every package; each package keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "examples/vitest.config.ts", "bench/vitest.config.ts"],
  },
});
