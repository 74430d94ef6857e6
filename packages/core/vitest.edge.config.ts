import { defineConfig } from "vitest/config";

// Core's behaviour tests again, with the globals of the Vercel Edge Runtime (@edge-runtime/vm): its fetch,
// Response, streams, AbortSignal and timers instead of Node's.
export default defineConfig({
  test: {
    name: "core (edge-runtime)",
    environment: "edge-runtime",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 10_000,
  },
});
