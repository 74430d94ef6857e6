import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "examples",
    include: ["**/*.test.mjs"],
    exclude: ["**/node_modules/**", "web/**"],
    // The demo waits out a real one-second Retry-After.
    testTimeout: 60_000,
  },
});
