import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    // The keychain suite runs under its own script, inside a D-Bus session with a Secret Service.
    exclude: ["test/keychain/**"],
    testTimeout: 20_000,
    globalSetup: ["test/global-setup.ts"],
  },
});
