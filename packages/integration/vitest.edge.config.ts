import { defineConfig } from "vitest/config";

// The smoke scenario with the Vercel Edge Runtime's globals (@edge-runtime/vm) instead of Node's.
export default defineConfig({
  test: {
    name: "integration (edge-runtime)",
    environment: "edge-runtime",
    include: ["test/edge/**/*.test.ts"],
  },
});
