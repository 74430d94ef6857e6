import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createMockPlex, MOCK_ACCOUNTS } from "@plex-auth/mock-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLI_VERSION } from "../../src/identity.ts";
import { run, temporaryConfig } from "../helpers/run.ts";

let config: ReturnType<typeof temporaryConfig>;
beforeEach(() => {
  config = temporaryConfig();
});
afterEach(() => config.remove());

describe("the CLI's identity on the Plex account", () => {
  it("is one device per machine: the same persisted client identifier on every run, product plex-auth CLI", async () => {
    const mock = createMockPlex({ seed: 3 });
    const env = {
      XDG_CONFIG_HOME: config.directory,
      // Never the real keychain (macOS's login keychain), should a command ever choose a store here.
      PLEX_AUTH_TOKEN_STORE: "file",
      PLEX_TV_URL: mock.plexTvUrl,
      PLEX_TOKEN: MOCK_ACCOUNTS.plain.token,
    };
    expect((await run(["whoami"], { env, fetch: mock.fetch })).code).toBe(0);
    expect((await run(["whoami"], { env, fetch: mock.fetch })).code).toBe(0);
    const identifiers = new Set(mock.requests.map((request) => request.clientIdentifier));
    expect(identifiers.size).toBe(1);
    const file = join(config.directory, "plex-auth", "client-ids", "plex-auth-cli");
    expect(readFileSync(file, "utf8").trim()).toBe([...identifiers][0]);
    const headers = mock.requests[0]?.headers ?? {};
    expect(headers["x-plex-product"]).toBe("plex-auth CLI");
    expect(headers["x-plex-version"]).toBe(CLI_VERSION);
  });

  it("reports package.json's version", async () => {
    const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(CLI_VERSION).toBe(manifest.version);
    expect((await run(["--version"])).stdout.trim()).toBe(manifest.version);
  });
});

describe("--mock", () => {
  it("runs against the built-in fake, ignores PLEX_TOKEN, and writes nothing", async () => {
    // PLEX_AUTH_TOKEN_STORE=file: were --mock ever to choose a real store, the file one (the test looks for its
    // files), never the system keychain.
    const env = {
      XDG_CONFIG_HOME: config.directory,
      PLEX_AUTH_TOKEN_STORE: "file",
      PLEX_TOKEN: "aRealTokenThatMustNotBeUsed",
    };
    const result = await run(["--mock", "whoami", "--json"], { env });
    expect(result.code, result.stdout).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ username: MOCK_ACCOUNTS.twoFactor.username, source: "memory" });
    expect(existsSync(join(config.directory, "plex-auth", "cli-tokens"))).toBe(false);
  });

  it("login shows a code and has it approved a moment later, storing in memory only", async () => {
    const env = { XDG_CONFIG_HOME: config.directory, PLEX_AUTH_TOKEN_STORE: "file" };
    const result = await run(["--mock", "login"], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/MOCK MODE/);
    expect(result.stderr).toMatch(/enter the code [A-Z0-9]{4}/);
    expect(result.stdout).toContain("in memory");
    const written = existsSync(join(config.directory, "plex-auth"))
      ? readdirSync(join(config.directory, "plex-auth"))
      : [];
    expect(written).not.toContain("cli-tokens");
  });
});
