import { defineConfig } from "vitest/config";

// The five parts run one file at a time: each measures wall times and memory, and two of them load both
// cores on their own, so running them side by side would only add noise to the figures.
export default defineConfig({
  test: {
    name: "reliability",
    include: ["test/**/*.test.ts"],
    globalSetup: ["src/report/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
