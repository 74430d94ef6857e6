import { defineConfig } from "vitest/config";

// Unit tests of the bench's pure parts (statistics, chart, target checks, source-map decoding). The
// benchmarks themselves run with `pnpm bench`; no test here times anything.
export default defineConfig({
  test: {
    name: "bench",
    include: ["test/**/*.test.mjs"],
    exclude: ["**/node_modules/**"],
  },
});
