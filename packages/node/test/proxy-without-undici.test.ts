import { describe, expect, it, vi } from "vitest";
import { createPlexAuthFromEnv, InvalidInputError } from "../src/index.ts";

// What a project without the optional peer dependency sees: undici cannot be required.
vi.mock("node:module", async (importOriginal) => {
  const module = await importOriginal<typeof import("node:module")>();
  return {
    ...module,
    createRequire: () => () => {
      throw Object.assign(new Error("Cannot find module 'undici'"), { code: "MODULE_NOT_FOUND" });
    },
  };
});

describe("a proxy without undici installed", () => {
  it("fails when the client is made, naming the variable and the fixes", () => {
    const make = () =>
      createPlexAuthFromEnv({ env: { PLEX_CLIENT_IDENTIFIER: "c", HTTPS_PROXY: "http://127.0.0.1:9" } });
    expect(make).toThrow(InvalidInputError);
    expect(make).toThrow(/HTTPS_PROXY is set.*npm install undici.*NODE_USE_ENV_PROXY=1.*proxy: false/);
  });

  it("does not need undici when no proxy is set", () => {
    expect(() => createPlexAuthFromEnv({ env: { PLEX_CLIENT_IDENTIFIER: "c" } })).not.toThrow();
  });
});
