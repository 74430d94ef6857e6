import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { createPlexAuth } from "@plex-auth/core";
import {
  createMockPlex,
  MOCK_ACCOUNTS,
  MOCK_HOME_PIN,
  MOCK_SERVER,
  MOCK_SOURCES,
  type MockPlex,
} from "@plex-auth/mock-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { run, start, temporaryConfig } from "../helpers/run.ts";

let mock: MockPlex;
let config: ReturnType<typeof temporaryConfig>;
// Windows has no POSIX permission bits (Node reports 0o666 for files): the mode is checked elsewhere.
const POSIX_PERMISSIONS = process.platform !== "win32";

beforeEach(() => {
  mock = createMockPlex({ seed: 7 });
  config = temporaryConfig();
});
afterEach(() => config.remove());

function env(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    XDG_CONFIG_HOME: config.directory,
    PLEX_AUTH_TOKEN_STORE: "file",
    PLEX_TV_URL: mock.plexTvUrl,
    ...extra,
  };
}

const cli = (argv: readonly string[], extra: Record<string, string | undefined> = {}, stdin?: string) =>
  run(argv, { env: env(extra), fetch: mock.fetch, ...(stdin === undefined ? {} : { stdin }) });

function storedFiles(): string[] {
  const directory = join(config.directory, "plex-auth", "cli-tokens");
  try {
    return readdirSync(directory).map((name) => join(directory, name));
  } catch {
    return [];
  }
}

const CODE = /enter the code ([A-Z0-9]{4})/;

/** Starts `login` and resolves to it and its code, read from stderr as a person reads the screen. */
async function startLogin(argv: readonly string[] = ["login"], signal?: AbortSignal) {
  const running = start(argv, { env: env(), fetch: mock.fetch, ...(signal ? { signal } : {}) });
  const [, code] = await running.waitForStderr(CODE);
  return { result: running.result, code: code as string };
}

describe("plex-auth login (the code flow)", () => {
  it("shows the plex.tv/link code, waits for approval, and stores the token in a 0600 file", async () => {
    const { result: pending, code } = await startLogin();
    expect(mock.approvePin(code, "plain")).toBe(true);
    const result = await pending;
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("https://plex.tv/link");
    expect(result.stderr).toContain(code);
    expect(result.stdout).toContain(`Signed in to Plex as ${MOCK_ACCOUNTS.plain.username}`);
    const [file] = storedFiles();
    expect(file).toBeDefined();
    if (POSIX_PERMISSIONS) expect(statSync(file as string).mode & 0o777).toBe(0o600);
    const stored = JSON.parse(readFileSync(file as string, "utf8"));
    expect(stored.username).toBe(MOCK_ACCOUNTS.plain.username);
    expect(result.stdout + result.stderr).not.toContain(stored.token);
  });

  it("--json prints one JSON document on stdout, the code still on stderr", async () => {
    const { result: pending, code } = await startLogin(["login", "--json"]);
    mock.approvePin(code, "plain");
    const result = await pending;
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      profile: "default",
      username: MOCK_ACCOUNTS.plain.username,
      method: "code",
      store: "file",
    });
    expect(result.stderr).toMatch(/enter the code [A-Z0-9]{4}/);
  });

  it("ends with exit code 8 when the code expires unapproved", async () => {
    const { result: pending } = await startLogin();
    mock.advanceTime(16 * 60_000);
    const result = await pending;
    expect(result.code).toBe(8);
    expect(result.stderr).toContain("expired");
    expect(storedFiles()).toEqual([]);
  });

  it("ends with exit code 130 and stores nothing when cancelled", async () => {
    const controller = new AbortController();
    const { result: pending } = await startLogin(["login"], controller.signal);
    const started = Date.now();
    controller.abort();
    const result = await pending;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("Cancelled.");
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(storedFiles()).toEqual([]);
  });
});

/** Stores the account's seeded token as the profile's, the way `login --with-token` does. */
async function storeToken(token: string, profile = "default"): Promise<void> {
  const result = await cli(["login", "--with-token", "--profile", profile], {}, `${token}\n`);
  expect(result.code, result.stderr).toBe(0);
}

const ADMIN = MOCK_ACCOUNTS.twoFactor;

describe("plex-auth login --with-token and --password", () => {
  it("stores a token piped to stdin after Plex says whose it is", async () => {
    const result = await cli(["login", "--with-token", "--json"], {}, `${ADMIN.token}\n`);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ username: ADMIN.username, method: "token" });
    expect(result.stdout).not.toContain(ADMIN.token);
  });

  it("refuses a dead token piped to stdin with exit code 4 and stores nothing", async () => {
    const result = await cli(["login", "--with-token"], {}, "notARealToken1234567\n");
    expect(result.code).toBe(4);
    expect(storedFiles()).toEqual([]);
  });

  it("signs in with PLEX_LOGIN and PLEX_PASSWORD when there is no terminal", async () => {
    const { login, password } = MOCK_ACCOUNTS.plain;
    const result = await cli(["login", "--password"], { PLEX_LOGIN: login, PLEX_PASSWORD: password });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(MOCK_ACCOUNTS.plain.username);
    expect(result.stdout + result.stderr).not.toContain(password);
  });

  it("takes the two-factor code from PLEX_VERIFICATION_CODE, and explains a wrong one (1028) in words", async () => {
    const { login, password } = ADMIN;
    const wrong = await cli(["login", "--password"], {
      PLEX_LOGIN: login,
      PLEX_PASSWORD: password,
      PLEX_VERIFICATION_CODE: "000000",
    });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toContain("refused the two-factor code (Plex code 1028)");
    const right = await cli(["login", "--password"], {
      PLEX_LOGIN: login,
      PLEX_PASSWORD: password,
      PLEX_VERIFICATION_CODE: await mock.totp("twoFactor"),
    });
    expect(right.code, right.stderr).toBe(0);
  });

  it("explains plex.tv's lock-out (1031) in words, with exit code 5, after repeated wrong passwords", async () => {
    const login = MOCK_ACCOUNTS.plain.login;
    const attempts: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      attempts.push(
        (await cli(["login", "--password"], { PLEX_LOGIN: login, PLEX_PASSWORD: `wrong-${attempt}` })).code,
      );
    }
    expect(attempts.slice(0, 5)).toEqual([4, 4, 4, 4, 4]);
    const locked = await cli(["login", "--password"], {
      PLEX_LOGIN: login,
      PLEX_PASSWORD: MOCK_ACCOUNTS.plain.password,
    });
    expect(locked.code).toBe(5);
    expect(locked.stderr).toContain("paused password sign-in");
    expect(locked.stderr).toContain("1031");
    expect(locked.stderr).toContain("plex-auth login");
  });

  it("says how to sign in without a terminal when neither a password nor a code can be asked for", async () => {
    const result = await cli(["login", "--password"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("PLEX_LOGIN and PLEX_PASSWORD");
    const twoFactor = await cli(["login", "--password"], { PLEX_LOGIN: ADMIN.login, PLEX_PASSWORD: ADMIN.password });
    expect(twoFactor.code).toBe(2);
    expect(twoFactor.stderr).toContain("PLEX_VERIFICATION_CODE");
  });
});

describe("plex-auth whoami and token", () => {
  it("says who is signed in, where the token is, and that it is alive; --json has a fingerprint only", async () => {
    await storeToken(ADMIN.token);
    const text = await cli(["whoami"]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(ADMIN.username);
    expect(text.stdout).toContain("alive");
    const json = JSON.parse((await cli(["whoami", "--json"])).stdout);
    expect(json).toMatchObject({ username: ADMIN.username, source: "file", alive: true, profile: "default" });
    expect(json.token).toBe(`…${ADMIN.token.slice(-4)}`);
    expect(JSON.stringify(json)).not.toContain(ADMIN.token);
  });

  it("prefers PLEX_TOKEN over the stored token, and says so", async () => {
    await storeToken(MOCK_ACCOUNTS.plain.token);
    const json = JSON.parse((await cli(["whoami", "--json"], { PLEX_TOKEN: ADMIN.token })).stdout);
    expect(json).toMatchObject({ username: ADMIN.username, source: "environment" });
  });

  it("exits 3 with what to do when nothing is stored, and 4 when the stored token was revoked", async () => {
    const none = await cli(["whoami"]);
    expect(none.code).toBe(3);
    expect(none.stderr).toContain("plex-auth login");
    const { token } = MOCK_ACCOUNTS.plain;
    await storeToken(token);
    await createPlexAuth({ ...mock.clientOptions, clientIdentifier: "elsewhere", token }).authentication.signOut();
    const revoked = await cli(["whoami"]);
    expect(revoked.code).toBe(4);
    expect(revoked.stderr).toContain("plex-auth login");
    expect(revoked.stderr).not.toContain(token);
  });

  it("prints the token to a pipe, refuses a terminal without --reveal", async () => {
    await storeToken(ADMIN.token);
    expect((await cli(["token"])).stdout).toBe(`${ADMIN.token}\n`);
    const refused = await run(["token"], { env: env(), fetch: mock.fetch, stdoutIsTTY: true });
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain("--reveal");
    const revealed = await run(["token", "--reveal"], { env: env(), fetch: mock.fetch, stdoutIsTTY: true });
    expect(revealed.stdout).toBe(`${ADMIN.token}\n`);
  });

  it("keeps profiles apart", async () => {
    await storeToken(ADMIN.token, "admin");
    await storeToken(MOCK_ACCOUNTS.plain.token, "friend");
    expect((await cli(["token", "--profile", "admin"])).stdout.trim()).toBe(ADMIN.token);
    expect((await cli(["token", "--profile", "friend"])).stdout.trim()).toBe(MOCK_ACCOUNTS.plain.token);
    expect((await cli(["token"], { PLEX_AUTH_PROFILE: "friend" })).stdout.trim()).toBe(MOCK_ACCOUNTS.plain.token);
  });
});

describe("plex-auth servers, transient-token, claim-token", () => {
  it("lists the servers with owned/shared, online, and the picked connection", async () => {
    await storeToken(ADMIN.token);
    const result = await cli(["servers", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const servers = JSON.parse(result.stdout);
    const own = servers.find((server: { name: string }) => server.name === MOCK_SERVER.name);
    expect(own).toMatchObject({ owned: true, online: true, connection: { uri: mock.baseUrl, local: true } });
    const shared = servers.find((server: { name: string }) => server.name === MOCK_SOURCES.sharedServer.name);
    expect(shared.owned).toBe(false);
    expect(shared.connection.uri).toContain("203-0-113-24");
    expect(result.stdout).not.toContain("accessToken");
    const text = await cli(["servers"]);
    expect(text.stdout).toContain(`${MOCK_SERVER.name}  owned, online: ${mock.baseUrl} (local,`);
  });

  it("mints a transient token on the owned server, or the one named (any case)", async () => {
    await storeToken(ADMIN.token);
    const minted = await cli(["transient-token", "--json"]);
    expect(minted.code, minted.stderr).toBe(0);
    expect(JSON.parse(minted.stdout)).toMatchObject({ server: MOCK_SERVER.name, connection: mock.baseUrl });
    const named = await cli(["transient-token", "--server", MOCK_SERVER.name.toUpperCase()]);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout.trim().length).toBeGreaterThan(8);
    const missing = await cli(["transient-token", "--server", "Nope"]);
    expect(missing.code).toBe(7);
    expect(missing.stderr).toContain(MOCK_SERVER.name);
  });

  it("gets a claim token and says how long it lasts", async () => {
    await storeToken(ADMIN.token);
    const result = await cli(["claim-token", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.claimToken).toMatch(/^claim-/);
    expect(json.expiresInSeconds).toBe(240);
    const text = await cli(["claim-token"]);
    expect(text.stdout).toMatch(/^claim-/);
    expect(text.stderr).toContain("about 4 minutes");
  });
});

describe("plex-auth switch and logout", () => {
  it("switches to an unprotected Home profile and stores its token under --save-as", async () => {
    await storeToken(ADMIN.token);
    const result = await cli(["switch", "Jamie", "--save-as", "kid", "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ profile: "kid", homeUser: "Jamie", method: "home-user" });
    // The admin's own login is untouched.
    expect((await cli(["token"])).stdout.trim()).toBe(ADMIN.token);
  });

  it("takes a protected profile's PIN from PLEX_HOME_PIN, refuses a wrong one with 4 and a missing one with 2", async () => {
    await storeToken(ADMIN.token);
    const title = MOCK_ACCOUNTS.managed.title;
    expect((await cli(["switch", title])).code).toBe(2);
    expect((await cli(["switch", title], { PLEX_HOME_PIN: "0000" })).code).toBe(4);
    const switched = await cli(["switch", title, "--save-as", "robin"], { PLEX_HOME_PIN: MOCK_HOME_PIN });
    expect(switched.code, switched.stderr).toBe(0);
    expect(switched.stdout + switched.stderr).not.toContain(MOCK_HOME_PIN);
    expect((await cli(["switch", "Nobody"])).code).toBe(7);
  });

  it("signs out on plex.tv (the token dies) and deletes the stored token", async () => {
    const { token } = MOCK_ACCOUNTS.plain;
    await storeToken(token);
    const result = await cli(["logout"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("no longer works");
    expect(storedFiles()).toEqual([]);
    const dead = await cli(["whoami"], { PLEX_TOKEN: token });
    expect(dead.code).toBe(4);
    expect((await cli(["logout"])).code).toBe(3);
  });

  it("will not sign out a PLEX_TOKEN it did not store", async () => {
    const result = await cli(["logout"], { PLEX_TOKEN: ADMIN.token });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("PLEX_TOKEN");
    expect((await cli(["whoami"], { PLEX_TOKEN: ADMIN.token })).code).toBe(0);
  });
});

describe("usage errors and --json errors", () => {
  it("exits 2 for an unknown command or flag, a bad profile name, or a bad PLEX_AUTH_TOKEN_STORE", async () => {
    expect((await cli(["nonsense"])).code).toBe(2);
    expect((await cli(["whoami", "--nonsense"])).code).toBe(2);
    const profile = await cli(["whoami", "--profile", "../etc"]);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toContain("--profile");
    const store = await cli(["whoami"], { PLEX_AUTH_TOKEN_STORE: "cloud" });
    expect(store.code).toBe(2);
    expect(store.stderr).toContain("PLEX_AUTH_TOKEN_STORE");
  });

  it("writes an error as JSON on stdout with --json", async () => {
    const result = await cli(["whoami", "--json"]);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: "not_signed_in", message: expect.any(String), exitCode: 3 },
    });
  });

  it("prints help and the version with exit code 0", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    for (const command of [
      "login",
      "whoami",
      "token",
      "servers",
      "transient-token",
      "claim-token",
      "switch",
      "logout",
    ]) {
      expect(help.stdout).toContain(command);
    }
    expect(help.stdout).toContain("Exit codes");
    expect(help.stdout).not.toContain("--mock");
    const version = await cli(["--version"]);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("messages a person can act on", () => {
  it("a usage error is JSON too with --json, without the option's value", async () => {
    const result = await cli(["whoami", "--json", "--token=abcdefghijklmnop"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: "usage", message: expect.stringContaining("--token=…"), exitCode: 2 },
    });
    expect(result.stdout + result.stderr).not.toContain("abcdefghijklmnop");
  });

  it("refuses --with-token with --password", async () => {
    expect((await cli(["login", "--with-token", "--password"], {}, `${ADMIN.token}\n`)).code).toBe(2);
    expect(storedFiles()).toEqual([]);
  });

  it("blames PLEX_TOKEN, not the stored login, when PLEX_TOKEN is refused", async () => {
    const result = await cli(["whoami"], { PLEX_TOKEN: "notARealToken1234567" });
    expect(result.code).toBe(4);
    expect(result.stderr).toContain("the token in PLEX_TOKEN");
    expect(result.stderr).not.toContain("plex-auth login");
  });

  it("words a wrong password, a refused piped token and a Home-less account for people, not programmers", async () => {
    const password = await cli(["login", "--password"], {
      PLEX_LOGIN: MOCK_ACCOUNTS.plain.login,
      PLEX_PASSWORD: "wrong",
    });
    expect(password.stderr).toContain("Plex refused that email or username and password");
    expect(password.stderr).not.toContain("postUsersSignInData");
    const piped = await cli(["login", "--with-token"], {}, "notARealToken1234567\n");
    expect(piped.stderr).toContain("Plex does not accept that token");
    await storeToken(MOCK_ACCOUNTS.plain.token);
    const homeless = await cli(["switch", "anyone"]);
    expect(homeless.code).toBe(7);
    expect(homeless.stderr).toContain("no Plex Home");
  });
});

describe("review fixes", () => {
  it("never quotes a typed secret back: option values with spaces, or a pasted token as a command", async () => {
    const spaced = await cli(["login", "--password=correct horse battery"]);
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).not.toMatch(/horse|battery|correct/);
    const pasted = await cli([ADMIN.token]);
    expect(pasted.code).toBe(2);
    expect(pasted.stderr).not.toContain(ADMIN.token);
    const json = await cli(["--json", `--token=it's a secret`]);
    expect(JSON.parse(json.stdout).error.message).not.toMatch(/secret|it's/);
  });

  it("plex-auth with no command is a usage error (2), in JSON with --json", async () => {
    expect((await cli([])).code).toBe(2);
    const json = await cli(["--json"]);
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.code).toBe("usage");
  });

  it("blames PLEX_AUTH_PROFILE when the bad profile name came from it, and refuses a trailing dot", async () => {
    const fromEnvironment = await cli(["whoami"], { PLEX_AUTH_PROFILE: "bad/name" });
    expect(fromEnvironment.code).toBe(2);
    expect(fromEnvironment.stderr).toContain("PLEX_AUTH_PROFILE");
    expect((await cli(["whoami", "--profile", "work."])).code).toBe(2);
  });

  it("login --password --json without PLEX_LOGIN and PLEX_PASSWORD names --json", async () => {
    const result = await cli(["login", "--password", "--json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).error.message).toContain("--json never prompts");
  });
});

describe("--debug", () => {
  it("adds the error's stack, and only with --debug", async () => {
    const plain = await cli(["whoami"]);
    expect(plain.stderr).not.toMatch(/\n\s+at /);
    const debug = await cli(["whoami", "--debug"]);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toContain("CliError: You are not signed in");
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
