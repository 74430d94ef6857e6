import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MOCK_ACCOUNTS, MOCK_HOME_PIN } from "@plex-auth/mock-server";
import { type MockServer, startMockServer } from "@plex-auth/mock-server/node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { exitWithin, startTerminal, type Terminal, terminalEnvironment } from "./terminal.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: a colour is an escape sequence (bold, dim, 30-37).
const COLOUR = /\u001b\[(?:1|2|3\d)m/;
// Not on Windows: BROWSER is fake-browser.mjs, a shebang script Windows cannot spawn, and these tests read a
// POSIX terminal (Ctrl-C ending the process with 130, prompts in raw mode), which ConPTY does not behave like.
// The token file's mode (0600) is a POSIX check as well.
const WINDOWS = process.platform === "win32";

let server: MockServer;
let home: string;
let terminal: Terminal | undefined;

beforeAll(async () => {
  server = await startMockServer({ seed: 11 });
});
afterAll(() => server.close());
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "plex-auth-pty-"));
});
afterEach(() => {
  terminal?.kill();
  terminal = undefined;
  rmSync(home, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}) => terminalEnvironment(home, server.plexTvUrl, extra);

function storedTokens(): string[] {
  const directory = join(home, "config", "plex-auth", "cli-tokens");
  return existsSync(directory) ? readdirSync(directory).map((name) => readFileSync(join(directory, name), "utf8")) : [];
}

function open(args: readonly string[], extra: Record<string, string> = {}): Terminal {
  terminal = startTerminal(args, env(extra));
  return terminal;
}

describe.skipIf(WINDOWS)("plex-auth login in a terminal", () => {
  it("shows the code, a QR code and a countdown, opens the browser on Enter, and stores the token once approved", async () => {
    // Secrets in the environment must not reach the browser the CLI starts.
    const screen = open(["login"], { PLEX_PASSWORD: "not-for-the-browser", PLEX_HOME_PIN: "1234" });
    const [, code] = await screen.waitFor(/enter the code ([A-Z0-9]{4})/);
    await screen.waitFor(/▀▀▀/); // the QR code's half blocks
    await screen.waitFor(/Press Enter to open plex\.tv\/link/);
    await screen.waitFor(/Waiting for you to approve the code \(1[45]:\d\d left; Ctrl-C to cancel\)/);
    screen.type("\r");
    const log = join(home, "browser.log");
    for (let attempt = 0; attempt < 100 && !existsSync(log); attempt++)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(readFileSync(log, "utf8").trim().split("\n")).toEqual([
      `https://www.plex.tv/link/?pin=${code}`,
      "PLEX_* given: none",
    ]);
    expect(server.mock.approvePin(code as string, "plain")).toBe(true);
    await screen.waitFor(new RegExp(`Signed in to Plex as ${MOCK_ACCOUNTS.plain.username}`));
    expect((await exitWithin(screen, 5_000)).exitCode).toBe(0);
    const [stored] = storedTokens();
    expect(stored).toBeDefined();
    expect(screen.raw()).not.toContain(JSON.parse(stored as string).token);
    const file = readdirSync(join(home, "config", "plex-auth", "cli-tokens"))[0] as string;
    expect(statSync(join(home, "config", "plex-auth", "cli-tokens", file)).mode & 0o777).toBe(0o600);
  });

  it("Ctrl-C during the wait cancels at once: exit code 130, nothing stored, no timer left running", async () => {
    const screen = open(["login"]);
    await screen.waitFor(/Waiting for you to approve/);
    screen.type("\u0003");
    // The process must end by itself: a poll timer or the countdown left behind would keep it alive.
    expect((await exitWithin(screen, 3_000)).exitCode).toBe(130);
    expect(screen.screen()).toContain("Cancelled.");
    expect(storedTokens()).toEqual([]);
  });

  it("--no-qr with BROWSER=none shows the code alone", async () => {
    const screen = open(["login", "--no-qr"], { BROWSER: "none" });
    const [, code] = await screen.waitFor(/enter the code ([A-Z0-9]{4})/);
    await screen.waitFor(/Waiting for you to approve/);
    expect(screen.screen()).not.toContain("▀▀▀");
    expect(screen.screen()).not.toContain("Press Enter");
    server.mock.approvePin(code as string, "plain");
    expect((await exitWithin(screen, 5_000)).exitCode).toBe(0);
  });
});

describe.skipIf(WINDOWS)("plex-auth login --password in a terminal", () => {
  it("asks for the login, hides the password, asks for the two-factor code, and stores the token", async () => {
    const account = MOCK_ACCOUNTS.twoFactor;
    const screen = open(["login", "--password"]);
    await screen.waitFor(/Plex email or username/);
    screen.type(`${account.login}\r`);
    await screen.waitFor(/Password for/);
    screen.type(`${account.password}\r`);
    await screen.waitFor(/Two-factor code/);
    screen.type(`${await server.mock.totp("twoFactor")}\r`);
    await screen.waitFor(new RegExp(`Signed in to Plex as ${account.username}`));
    expect((await exitWithin(screen, 5_000)).exitCode).toBe(0);
    expect(screen.raw()).not.toContain(account.password);
    expect(storedTokens()).toHaveLength(1);
  });

  it("asks again after a wrong two-factor code, and explains a wrong password", async () => {
    const account = MOCK_ACCOUNTS.twoFactor;
    const screen = open(["login", "--password"], { PLEX_LOGIN: account.login });
    await screen.waitFor(/Password for/);
    screen.type(`${account.password}\r`);
    await screen.waitFor(/Two-factor code/);
    screen.type("000000\r");
    await screen.waitFor(/That code was refused/);
    // Codes are single-use and the previous test used this window's: the next window's code.
    server.mock.advanceTime(30_000);
    screen.type(`${await server.mock.totp("twoFactor")}\r`);
    expect((await exitWithin(screen, 5_000)).exitCode).toBe(0);

    const wrong = open(["login", "--password"], { PLEX_LOGIN: MOCK_ACCOUNTS.plain.login });
    await wrong.waitFor(/Password for/);
    wrong.type("not-the-password\r");
    expect((await exitWithin(wrong, 5_000)).exitCode).toBe(4);
    expect(wrong.raw()).not.toContain("not-the-password");
  });

  it("Ctrl-C at the password prompt cancels with 130", async () => {
    const screen = open(["login", "--password"], { PLEX_LOGIN: MOCK_ACCOUNTS.plain.login });
    await screen.waitFor(/Password for/);
    screen.type("\u0003");
    expect((await exitWithin(screen, 3_000)).exitCode).toBe(130);
    expect(storedTokens()).toEqual([]);
  });
});

describe.skipIf(WINDOWS)("other commands in a terminal", () => {
  it("switch asks for a protected profile's PIN without showing it", async () => {
    const admin = MOCK_ACCOUNTS.twoFactor;
    const screen = open(["switch", MOCK_ACCOUNTS.managed.title, "--save-as", "robin"], { PLEX_TOKEN: admin.token });
    await screen.waitFor(/PIN of/);
    screen.type(`${MOCK_HOME_PIN}\r`);
    await screen.waitFor(/Switched to the Plex Home profile Robin/);
    expect((await exitWithin(screen, 5_000)).exitCode).toBe(0);
    expect(screen.raw()).not.toContain(MOCK_HOME_PIN);
  });

  it("token refuses to print to the terminal without --reveal; whoami is coloured unless NO_COLOR", async () => {
    const admin = MOCK_ACCOUNTS.twoFactor;
    const refused = open(["token"], { PLEX_TOKEN: admin.token });
    expect((await exitWithin(refused, 5_000)).exitCode).toBe(2);
    expect(refused.raw()).not.toContain(admin.token);

    const coloured = open(["whoami"], { PLEX_TOKEN: admin.token });
    expect((await exitWithin(coloured, 5_000)).exitCode).toBe(0);
    expect(coloured.raw()).toMatch(COLOUR);
    const plain = open(["whoami"], { PLEX_TOKEN: admin.token, NO_COLOR: "1" });
    expect((await exitWithin(plain, 5_000)).exitCode).toBe(0);
    expect(plain.raw()).not.toMatch(COLOUR);
  });
});
