import { defineConfig } from "vitest/config";

// The real-keychain suite alone: vitest.config.ts leaves test/keychain out of the ordinary run, and a
// command-line filter cannot bring back a file the config excludes. Run by `test:keychain`, inside
// scripts/with-secret-service.sh.
export default defineConfig({
  test: {
    name: "cli-keychain",
    include: ["test/keychain/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
