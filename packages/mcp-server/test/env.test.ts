import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "@plex-auth/core";
import { afterEach, describe, expect, test } from "vitest";
import { configFromEnv } from "../src/config/env.ts";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function issuesOf(run: () => unknown): { path: string; message: string }[] {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return [...error.issues];
    throw error;
  }
  throw new Error("expected InvalidInputError");
}

describe("configFromEnv", () => {
  test("reads the token, server, credentials and exposure from the environment", () => {
    const config = configFromEnv({
      PLEX_CLIENT_IDENTIFIER: "from-env",
      PLEX_TOKEN: "env-token-abcdef",
      PLEX_SERVER_URL: "http://127.0.0.1:32400/",
      PLEX_LOGIN: "me@example.com",
      PLEX_PASSWORD: "pw with spaces ",
      PLEX_MCP_EXPOSE_TOKENS: "1",
    });
    expect(config).toMatchObject({
      clientIdentifier: "from-env",
      token: "env-token-abcdef",
      serverUrl: "http://127.0.0.1:32400",
      credentials: { login: "me@example.com", password: "pw with spaces " },
      exposeTokens: true,
      platform: "Node.js",
    });
    expect(config.fetch).toBeUndefined();
  });

  test("HTTPS_PROXY is honoured: the server ships undici, so a proxy works under npx too", () => {
    const config = configFromEnv({
      PLEX_CLIENT_IDENTIFIER: "x",
      HTTPS_PROXY: "http://127.0.0.1:9",
      NO_PROXY: "localhost",
    });
    expect(typeof config.fetch).toBe("function");
  });

  test("settings a bundle host leaves empty count as unset", () => {
    const config = configFromEnv({
      PLEX_CLIENT_IDENTIFIER: "x",
      PLEX_TOKEN: "",
      PLEX_SERVER_URL: "",
      PLEX_LOGIN: "",
      PLEX_PASSWORD: "",
      PLEX_MCP_EXPOSE_TOKENS: "false",
    });
    expect(config).toMatchObject({ token: undefined, credentials: undefined, exposeTokens: false });
    expect(config.serverUrl).toBeUndefined();
  });

  test("exposure is off unless asked for, by variable or flag", () => {
    const base = { PLEX_CLIENT_IDENTIFIER: "x" };
    expect(configFromEnv(base).exposeTokens).toBe(false);
    expect(configFromEnv({ ...base, PLEX_MCP_EXPOSE_TOKENS: "0" }).exposeTokens).toBe(false);
    expect(configFromEnv(base, { exposeTokens: true }).exposeTokens).toBe(true);
  });

  test("without PLEX_CLIENT_IDENTIFIER, one is created once and then reused", () => {
    const directory = mkdtempSync(join(tmpdir(), "plex-auth-mcp-env-"));
    directories.push(directory);
    const file = join(directory, "client-id");
    const first = configFromEnv({}, { clientIdentifierFile: file }).clientIdentifier;
    const second = configFromEnv({}, { clientIdentifierFile: file }).clientIdentifier;
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).toBe(first);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
  });

  test("every malformed variable is named, none of the values is shown", () => {
    const run = () =>
      configFromEnv({
        PLEX_CLIENT_IDENTIFIER: "x",
        PLEX_SERVER_URL: "not a url secret-host",
        PLEX_PASSWORD: "hunter2-secret",
        PLEX_MCP_EXPOSE_TOKENS: "maybe",
      });
    const issues = issuesOf(run);
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      "PLEX_LOGIN",
      "PLEX_MCP_EXPOSE_TOKENS",
      "PLEX_SERVER_URL",
    ]);
    expect(JSON.stringify(issues)).not.toMatch(/secret-host|hunter2|maybe/);
  });
});
