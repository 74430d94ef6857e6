import { defineConfig } from "vitest/config";

// The suites that drive the server through the in-memory client helper, run again with a 2026-07-28
// client (one server instance per request, through the SDK's per-request handler) instead of a 2025-11-25
// one. The suites that spawn the bin or listen on a port pick their era per test.
export default defineConfig({
  test: {
    name: "mcp-server (2026-07-28 client)",
    include: [
      "cancellation",
      "claim-token",
      "home-users",
      "hot-path",
      "invalid-input",
      "plex-sign-in",
      "redaction",
      "server-resources",
      "sign-in-limit",
      "sign-out",
      "tool-calls",
      "tools-list",
    ].map((name) => `test/${name}.test.ts`),
    globalSetup: ["test/global-setup.ts"],
    env: { MCP_TEST_ERA: "modern" },
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
