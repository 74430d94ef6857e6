import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "integration",
    include: ["test/**/*.test.ts"],
    exclude: ["test/edge/**"],
    testTimeout: 30_000,
  },
});
