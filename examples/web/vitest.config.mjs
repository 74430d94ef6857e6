import { defineConfig } from "vitest/config";

// The web example in a real headless Chromium (Debian's, driven by playwright-core): one browser for the
// file, one test at a time, each in its own browser context.
export default defineConfig({
  test: {
    name: "examples-web",
    root: new URL(".", import.meta.url).pathname,
    include: ["test/**/*.test.mjs"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
