import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createPlexAuth } from "@plex-auth/core";
import {
  createMockPlex,
  MOCK_ACCOUNT_LIST,
  MOCK_ACCOUNTS,
  MOCK_ADMIN_TOKEN,
  MOCK_HOME_PIN,
  MOCK_KID_PROFILE,
  MOCK_MEDIA_SERVER_LIST,
  MOCK_SERVER,
  type MockAccountKey,
  type MockPlex,
} from "@plex-auth/mock-server";
import { type MockServer, startMockServer } from "@plex-auth/mock-server/node";
import { clientIdentifierFile } from "@plex-auth/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI_PRODUCT } from "../../src/identity.ts";
import { type RunningCli, start, temporaryConfig } from "../helpers/run.ts";
import { exitWithin, startTerminal, type Terminal, terminalEnvironment } from "../pty/terminal.ts";
import {
  describeExposures,
  exposures,
  filesUnder,
  pinIdsIn,
  type SecretKind,
  Secrets,
  type Transcript,
  tokenFileProfile,
  wrongCode,
} from "./sentinel.ts";

// The secret sentinel: every command of `plex-auth`, its error paths included, in process (pipes) and in a
// real pseudo-terminal, then a search of everything they left (stdout, stderr, the terminal's output, every
// file of the config directory) for every secret they saw or made. A secret may appear only where the user
// asked for it: `token`'s stdout (the stored token), `transient-token`'s (that token), `claim-token`'s (that
// claim token), and the store's token file of the profile (that login's token, and nothing else secret).

type Env = Record<string, string | undefined>;

const PLAIN = MOCK_ACCOUNTS.plain;
const ADMIN = MOCK_ACCOUNTS.twoFactor;
const MANAGED = MOCK_ACCOUNTS.managed;
const EVERY_ACCOUNT = [...MOCK_ACCOUNT_LIST, MOCK_KID_PROFILE];

const WRONG_PASSWORD = "wrong-Pa55word?";
const WRONG_HOME_PIN = "1357";
// A token a user might pipe in that plex.tv does not know (same shape as Plex's: 20 characters).
const DEAD_TOKEN = "deadTokenSentinel9xQ";
const CODE = /enter the code ([A-Z0-9]{4})/;

/** The secrets every scenario knows before it starts: the seeded accounts', and the wrong ones it types. */
function seededSecrets(): Secrets {
  const secrets = new Secrets();
  for (const account of EVERY_ACCOUNT) {
    secrets.add("password", account.password, `${account.key}'s password`);
    secrets.add("token", account.token, `${account.key}'s seeded token`);
  }
  secrets.add("password", WRONG_PASSWORD, "a wrong password");
  secrets.add("Home PIN", MOCK_HOME_PIN, "Robin's Home PIN");
  secrets.add("Home PIN", WRONG_HOME_PIN, "a wrong Home PIN");
  secrets.add("token", DEAD_TOKEN, "a dead token piped to --with-token");
  return secrets;
}

/** What a step's stdout was asked to print, if anything. */
type Printed =
  /** `token`: exactly this token. */
  | { readonly token: string }
  /** `transient-token` / `claim-token`: the one token the run made. */
  | "transient token"
  | "claim token"
  /** `--mock`'s transient or claim token: minted by a mock of the CLI's own, so only stdout knows it. */
  | "its own mock's token";

/**
 * Keeps what the runs left, the secrets they saw, and what each token file should hold; checks the config
 * directory after every run.
 */
class Recorder {
  readonly transcripts: Transcript[] = [];
  readonly secrets = seededSecrets();
  /** Problems found where secrets are allowed: a wrong token printed, a token file holding the wrong one. */
  readonly placeIssues: string[] = [];
  readonly pinIds = new Set<string>();
  steps = 0;
  readonly #expected = new Map<string, MockAccountKey>();
  readonly #seenFiles = new Map<string, string>();
  readonly #owners = new Map<string, string>();

  constructor(
    readonly directory: string,
    readonly mock: MockPlex,
  ) {}

  /** From now on the profile's token file holds a token of `account` (`undefined`: no file). */
  stores(profile: string, account: MockAccountKey | undefined): void {
    if (account === undefined) this.#expected.delete(profile);
    else this.#expected.set(profile, account);
  }

  record(where: string, text: string, allowed: readonly string[] = []): void {
    this.transcripts.push({ where, text, allowed });
  }

  /** The tokens the mock handed out since `before`, registered as secrets of this step. */
  minted(before: ReadonlySet<string>, label: string): string[] {
    const minted = this.mock.issuedTokens().filter((token) => !before.has(token));
    for (const token of minted) this.secrets.add("token", token, `minted during \`${label}\``);
    return minted;
  }

  issued(): Set<string> {
    return new Set(this.mock.issuedTokens());
  }

  /** Whose token this is: an account key, as plex.tv says (cached: a revoked token stays its owner's). */
  async ownerOf(token: string): Promise<string> {
    const cached = this.#owners.get(token);
    if (cached !== undefined) return cached;
    let owner = EVERY_ACCOUNT.find((account) => account.token === token)?.key;
    if (owner === undefined) {
      try {
        const plex = createPlexAuth({ clientIdentifier: "secret-sentinel", ...this.mock.clientOptions, token });
        const account = await plex.authentication.getTokenDetails();
        owner = EVERY_ACCOUNT.find((candidate) => candidate.uuid === account.uuid)?.key ?? `uuid ${account.uuid}`;
      } catch {
        owner = "nobody plex.tv knows";
      }
    }
    this.#owners.set(token, owner);
    return owner;
  }

  /** Reads every file of the directory: new or changed ones are transcripts; token files are checked. */
  async snapshot(after: string): Promise<void> {
    const files = filesUnder(this.directory);
    const present = new Set<string>();
    for (const file of files) {
      const where = `file ${file.path} (after \`${after}\`)`;
      const profile = tokenFileProfile(file.path);
      let allowed: string[] = [];
      if (profile !== undefined) {
        present.add(profile);
        allowed = await this.#checkTokenFile(where, profile, file.text);
      }
      if (this.#seenFiles.get(file.path) !== file.text) {
        this.#seenFiles.set(file.path, file.text);
        this.record(where, file.text, allowed);
      }
    }
    for (const [profile, account] of this.#expected) {
      if (!present.has(profile))
        this.placeIssues.push(`after \`${after}\`: no token file for profile "${profile}" (${account}'s)`);
    }
  }

  /** The secrets a token file may hold: its own token, when it is the profile's login's. */
  async #checkTokenFile(where: string, profile: string, text: string): Promise<string[]> {
    let login: Record<string, unknown>;
    try {
      login = JSON.parse(text) as Record<string, unknown>;
    } catch {
      this.placeIssues.push(`${where}: not JSON`);
      return [];
    }
    const extra = Object.keys(login).filter((key) => !["token", "username", "uuid", "storedAt"].includes(key));
    if (extra.length > 0) this.placeIssues.push(`${where}: unexpected fields ${extra.join(", ")}`);
    const token = typeof login.token === "string" ? login.token : undefined;
    const expected = this.#expected.get(profile);
    if (token === undefined) {
      this.placeIssues.push(`${where}: no token`);
      return [];
    }
    if (expected === undefined) {
      this.placeIssues.push(`${where}: profile "${profile}" should have no token file`);
      return [];
    }
    const owner = await this.ownerOf(token);
    if (owner !== expected) {
      this.placeIssues.push(`${where}: holds a token of ${owner}, where the login was ${expected}'s`);
      return [];
    }
    return [token];
  }

  /** What stdout may hold, given what it was asked to print; problems with it go to `placeIssues`. */
  allowedOnStdout(label: string, stdout: string, printed: Printed | undefined, minted: readonly string[]): string[] {
    if (printed === undefined) return [];
    const issue = (problem: string) => this.placeIssues.push(`stdout of \`${label}\`: ${problem}`);
    let value = stdout.trim();
    try {
      const json = JSON.parse(stdout) as { token?: unknown; claimToken?: unknown };
      const field = json.token ?? json.claimToken;
      if (typeof field === "string") value = field;
    } catch {
      // Not --json: the token is the whole of stdout.
    }
    if (typeof printed === "object") {
      if (value !== printed.token) issue(`printed ${JSON.stringify(value)}, not the stored token ${printed.token}`);
      return [printed.token];
    }
    if (printed === "its own mock's token") {
      if (value.length < 8 || this.secrets.has(value))
        issue(`printed ${JSON.stringify(value)}, a token it was not asked for`);
      this.secrets.add("token", value, `printed by \`${label}\``);
      return [value];
    }
    if (minted.length !== 1) issue(`the run minted ${minted.length} tokens (${minted.join(", ")}), not one ${printed}`);
    const [made] = minted;
    if (made === undefined) return [];
    if (value !== made) issue(`printed ${JSON.stringify(value)}, not the ${printed} it minted (${made})`);
    if (printed === "claim token" && !made.startsWith("claim-")) issue(`${made} is not a claim token`);
    if (printed === "transient token" && made.startsWith("claim-")) issue(`${made} is a claim token`);
    return [made];
  }

  /** Every token the mock made (the accounts', the servers', transient and claim tokens), and the PIN ids. */
  registerMockSecrets(): void {
    for (const token of this.mock.issuedTokens()) this.secrets.add("token", token, "handed out by the mock");
    for (const server of MOCK_MEDIA_SERVER_LIST) {
      for (const account of EVERY_ACCOUNT) {
        this.secrets.add(
          "token",
          this.mock.serverAccessToken(server.key, account.key),
          `${server.key}'s access token for ${account.key}`,
        );
      }
    }
    for (const id of this.pinIds) this.secrets.add("PIN id", id, "a PIN id from POST /pins");
  }

  /** Asserts no transcript shows a secret of `kinds` where it may not; `atLeast` of them must be known. */
  expectNone(kinds: readonly SecretKind[], atLeast: number): void {
    expect(this.steps).toBeGreaterThan(0);
    expect(kinds.flatMap((kind) => this.secrets.of(kind)).length).toBeGreaterThanOrEqual(atLeast);
    const found = exposures(this.transcripts, this.secrets, kinds);
    expect(found, describeExposures(found)).toEqual([]);
  }
}

/**
 * Writes the CLI's client identifier file before the first run, with an identifier of no digit runs: a
 * random UUID could, once in a few thousand runs, hold a 4-digit group equal to a PIN.
 */
function fixClientIdentifier(configHome: string): void {
  // The platform the CLI runs on, as the CLI itself asks: with "linux", Windows would take the temporary
  // directory (a Windows path) for a relative XDG_CONFIG_HOME and write to the real ~/.config.
  const file = clientIdentifierFile({ env: { XDG_CONFIG_HOME: configHome }, product: CLI_PRODUCT });
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, "5e71ae1e-c11e-4a7e-b0de-facade5ec7e7\n", { mode: 0o600 });
}

/** The label of a command line, for the report. */
function labelOf(argv: readonly string[], note?: string): string {
  return `plex-auth ${argv.join(" ")}${note ? ` [${note}]` : ""}`;
}

describe("secret sentinel: its own search", () => {
  it("finds a planted secret, whole or 8 characters of it, and lets a fingerprint or an allowed token be", () => {
    const secrets = new Secrets();
    secrets.add("token", "AbCdEfGhIjKlMnOpQrSt", "a token");
    secrets.add("token", "transient-0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "a transient token");
    secrets.add("Home PIN", "4321", "a PIN");
    secrets.add("password", "s3cret-Pa55word!", "a password");
    const found = exposures(
      [
        { where: "whole", text: "error: AbCdEfGhIjKlMnOpQrSt refused", allowed: [] },
        { where: "half", text: "token starts GhIjKlMn…", allowed: [] },
        { where: "fingerprint", text: "token …QrSt, transient-…, port 43210, id 143210", allowed: [] },
        { where: "allowed", text: "AbCdEfGhIjKlMnOpQrSt\n", allowed: ["AbCdEfGhIjKlMnOpQrSt"] },
        { where: "allowed, with another", text: "AbCdEfGhIjKlMnOpQrSt 4b5a-6978-", allowed: ["AbCdEfGhIjKlMnOpQrSt"] },
        { where: "terminal", text: "\u001b[2m4321\u001b[22m", allowed: [] },
        { where: "password", text: '{"p":"s3cret-Pa55"}', allowed: [] },
      ],
      secrets,
      ["token", "Home PIN", "password"],
    );
    expect(found.map((exposure) => `${exposure.where}: ${exposure.secret}`)).toEqual([
      "whole: token (a token)",
      "half: token (a token)",
      "allowed, with another: token (a transient token)",
      "terminal: Home PIN (a PIN)",
      "password: password (a password)",
    ]);
  });
});

describe("secret sentinel: every command in process (pipes)", () => {
  let mock: MockPlex;
  let config: ReturnType<typeof temporaryConfig>;
  let recorder: Recorder;
  let completed = false;

  // Every request goes through here: the PIN ids of POST /pins are read off the answers (the mock's own
  // request log redacts them).
  const fetchRecordingPins = (inner: typeof fetch): typeof fetch =>
    (async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await inner(input, init);
      const request = input instanceof Request ? input : undefined;
      const method = (init?.method ?? request?.method ?? "GET").toUpperCase();
      const url = new URL(request ? request.url : String(input));
      if (method === "POST" && /\/pins$/.test(url.pathname)) {
        for (const id of pinIdsIn(await response.clone().text())) recorder.pinIds.add(id);
      }
      return response;
    }) as typeof fetch;

  beforeAll(() => {
    mock = createMockPlex({ seed: 7 });
    config = temporaryConfig();
    fixClientIdentifier(config.directory);
    recorder = new Recorder(config.directory, mock);
  });
  afterAll(() => config?.remove());

  interface Step {
    readonly code: number;
    readonly env?: Env;
    readonly stdin?: string;
    readonly stdoutIsTTY?: boolean;
    readonly fetch?: typeof fetch;
    readonly signal?: AbortSignal;
    /** Done while the command runs (approving its code, say). */
    readonly during?: (running: RunningCli) => Promise<void>;
    readonly prints?: Printed;
    /** The profile's token file holds a token of this account from now on (`undefined`: none). */
    readonly stores?: readonly [profile: string, account: MockAccountKey | undefined];
    readonly note?: string;
  }

  const baseEnv = (): Env => ({
    XDG_CONFIG_HOME: config.directory,
    PLEX_AUTH_TOKEN_STORE: "file",
    PLEX_TV_URL: mock.plexTvUrl,
  });
  // Secrets a user may well have exported, for the commands that never need them: none may leak.
  const bystanders = (): Env => ({
    PLEX_LOGIN: MANAGED.login,
    PLEX_PASSWORD: MANAGED.password,
    PLEX_HOME_PIN: MOCK_HOME_PIN,
  });

  async function cli(argv: readonly string[], step: Step): Promise<{ stdout: string; stderr: string }> {
    const label = labelOf(argv, step.note);
    const before = recorder.issued();
    const running = start(argv, {
      env: { ...baseEnv(), ...step.env },
      fetch: fetchRecordingPins(step.fetch ?? (mock.fetch as typeof fetch)),
      ...(step.stdin === undefined ? {} : { stdin: step.stdin }),
      ...(step.stdoutIsTTY ? { stdoutIsTTY: true } : {}),
      ...(step.signal ? { signal: step.signal } : {}),
    });
    if (step.during) await step.during(running);
    const result = await running.result;
    recorder.steps++;
    expect.soft(result.code, `${label}\n${result.stderr}${result.stdout}`).toBe(step.code);
    const minted = recorder.minted(before, label);
    recorder.record(
      `stdout of \`${label}\``,
      result.stdout,
      recorder.allowedOnStdout(label, result.stdout, step.prints, minted),
    );
    recorder.record(`stderr of \`${label}\``, result.stderr);
    if (step.stores) recorder.stores(...step.stores);
    await recorder.snapshot(label);
    return result;
  }

  const approveAs = (account: MockAccountKey) => async (running: RunningCli) => {
    const [, code] = await running.waitForStderr(CODE);
    expect(mock.approvePin(code as string, account)).toBe(true);
  };

  /** The token stored for a profile now (read the way the CLI does: its file). */
  async function storedToken(profile: string): Promise<string> {
    const file = filesUnder(config.directory).find((candidate) => tokenFileProfile(candidate.path) === profile);
    const token = file ? (JSON.parse(file.text) as { token?: string }).token : undefined;
    expect(token, `no token stored for ${profile}`).toBeTypeOf("string");
    return token as string;
  }

  it("runs every command and its error paths, collecting what each left", async () => {
    const code = await mock.totp("twoFactor");
    const wrong = wrongCode(code);
    recorder.secrets.add("two-factor code", code, "alex's code");
    recorder.secrets.add("two-factor code", wrong, "a wrong code");
    const plainLogin = { PLEX_LOGIN: PLAIN.login, PLEX_PASSWORD: PLAIN.password };
    const adminLogin = { PLEX_LOGIN: ADMIN.login, PLEX_PASSWORD: ADMIN.password };
    const quiet = bystanders();

    // Help, and nothing stored yet.
    for (const argv of [["--help"], ["login", "--help"], ["switch", "--help"], ["--version"]]) {
      await cli(argv, { code: 0, env: quiet });
    }
    await cli(["whoami"], { code: 3, env: quiet });
    await cli(["whoami", "--json"], { code: 3, env: quiet });
    await cli(["token"], { code: 3, env: quiet });
    await cli(["logout"], { code: 3, env: quiet });

    // login --password: a wrong password, no code, a wrong code, then right.
    await cli(["login", "--password"], { code: 4, env: { ...plainLogin, PLEX_PASSWORD: WRONG_PASSWORD } });
    await cli(["login", "--password", "--debug", "--json"], {
      code: 4,
      env: { ...plainLogin, PLEX_PASSWORD: WRONG_PASSWORD },
    });
    await cli(["login", "--password"], { code: 0, env: plainLogin, stores: ["default", "plain"] });
    await cli(["login", "--password", "--profile", "admin"], { code: 2, env: adminLogin });
    await cli(["login", "--password", "--profile", "admin", "--debug"], {
      code: 4,
      env: { ...adminLogin, PLEX_VERIFICATION_CODE: wrong },
    });
    await cli(["login", "--password", "--profile", "admin", "--json"], {
      code: 0,
      env: { ...adminLogin, PLEX_VERIFICATION_CODE: code },
      stores: ["admin", "twoFactor"],
    });
    await cli(["login", "--password", "--json"], { code: 2 });

    // login: the code flow (a PIN; its approved device token).
    await cli(["login", "--profile", "casey"], {
      code: 0,
      env: quiet,
      during: approveAs("plain"),
      stores: ["casey", "plain"],
    });
    await cli(["login", "--json", "--no-qr", "--profile", "casey-json"], {
      code: 0,
      env: quiet,
      during: approveAs("plain"),
      stores: ["casey-json", "plain"],
    });

    // login --with-token: good ones, a dead one, junk.
    await cli(["login", "--with-token", "--profile", "seeded"], {
      code: 0,
      env: quiet,
      stdin: `${ADMIN.token}\n`,
      stores: ["seeded", "twoFactor"],
    });
    await cli(["login", "--with-token", "--profile", "revoked", "--json"], {
      code: 0,
      env: quiet,
      stdin: `  ${MANAGED.token}\n`,
      stores: ["revoked", "managed"],
    });
    await cli(["login", "--with-token", "--profile", "inplace"], {
      code: 0,
      stdin: ADMIN.token,
      stores: ["inplace", "twoFactor"],
    });
    await cli(["login", "--with-token", "--debug"], { code: 4, env: quiet, stdin: `${DEAD_TOKEN}\n` });
    await cli(["login", "--with-token", "--json"], { code: 4, stdin: `${DEAD_TOKEN}\n` });
    await cli(["login", "--with-token", "--debug"], { code: 2, stdin: `${ADMIN.token} ${PLAIN.token}\n` });
    await cli(["login", "--with-token"], { code: 2, stdin: "" });

    // whoami, token.
    await cli(["whoami"], { code: 0, env: quiet });
    await cli(["whoami", "--json", "--profile", "admin"], { code: 0, env: quiet });
    await cli(["whoami", "--no-color", "--profile", "casey"], { code: 0, env: quiet });
    await cli(["whoami", "--json"], { code: 0, env: { ...quiet, PLEX_TOKEN: MOCK_KID_PROFILE.token } });
    await cli(["token"], { code: 0, env: quiet, prints: { token: await storedToken("default") } });
    await cli(["token", "--json", "--profile", "admin"], {
      code: 0,
      env: quiet,
      prints: { token: await storedToken("admin") },
    });
    await cli(["token", "--profile", "seeded"], { code: 0, env: quiet, prints: { token: ADMIN.token } });
    await cli(["token"], { code: 0, env: { ...quiet, PLEX_TOKEN: PLAIN.token }, prints: { token: PLAIN.token } });
    await cli(["token"], { code: 2, env: quiet, stdoutIsTTY: true, note: "stdout is a terminal" });
    await cli(["token", "--reveal"], {
      code: 0,
      env: quiet,
      stdoutIsTTY: true,
      prints: { token: await storedToken("default") },
      note: "stdout is a terminal",
    });

    // servers, transient-token, claim-token.
    await cli(["servers", "--profile", "admin"], { code: 0, env: quiet });
    await cli(["servers", "--json", "--profile", "admin"], { code: 0, env: quiet });
    await cli(["servers", "--json"], { code: 0, env: quiet });
    await cli(["transient-token", "--profile", "admin"], { code: 0, env: quiet, prints: "transient token" });
    await cli(["transient-token", "--json", "--profile", "admin", "--server", MOCK_SERVER.name.toUpperCase()], {
      code: 0,
      env: quiet,
      prints: "transient token",
    });
    await cli(["transient-token"], { code: 7, env: quiet, note: "casey: a shared server, no transient token there" });
    await cli(["transient-token", "--profile", "admin", "--server", "Nope", "--debug"], { code: 7, env: quiet });
    await cli(["claim-token", "--profile", "admin"], { code: 0, env: quiet, prints: "claim token" });
    await cli(["claim-token", "--json", "--profile", "admin"], { code: 0, env: quiet, prints: "claim token" });

    // switch: unprotected, protected without / with a wrong / with the right PIN, in place.
    const onAdmin = ["--profile", "admin"];
    await cli(["switch", "Jamie", "--save-as", "kid", ...onAdmin], { code: 0, stores: ["kid", "kid"] });
    await cli(["switch", MANAGED.title, ...onAdmin], { code: 2 });
    await cli(["switch", MANAGED.title, ...onAdmin, "--debug"], { code: 4, env: { PLEX_HOME_PIN: WRONG_HOME_PIN } });
    await cli(["switch", MANAGED.title, ...onAdmin, "--json"], { code: 4, env: { PLEX_HOME_PIN: WRONG_HOME_PIN } });
    await cli(["switch", MANAGED.title, "--save-as", "robin", ...onAdmin, "--json"], {
      code: 0,
      env: { PLEX_HOME_PIN: MOCK_HOME_PIN },
      stores: ["robin", "managed"],
    });
    await cli(["switch", "Nobody", ...onAdmin, "--debug"], { code: 7, env: { PLEX_HOME_PIN: MOCK_HOME_PIN } });
    await cli(["switch", ...onAdmin], { code: 2 });
    await cli(["switch", "Jamie", "--save-as", "../x", ...onAdmin], { code: 2 });
    await cli(["switch", "Jamie", "--profile", "inplace"], { code: 0, stores: ["inplace", "kid"] });
    await cli(["whoami", "--profile", "robin", "--json"], { code: 0, env: quiet });
    await cli(["token", "--profile", "robin"], { code: 0, env: quiet, prints: { token: await storedToken("robin") } });

    // A revoked token: every command that uses it, with --debug.
    expect(mock.revokeToken(MANAGED.token)).toBe(true);
    const revoked = { env: quiet, note: "revoked token" };
    await cli(["whoami", "--profile", "revoked"], { code: 4, ...revoked });
    await cli(["whoami", "--profile", "revoked", "--debug", "--json"], { code: 4, ...revoked });
    await cli(["servers", "--profile", "revoked", "--debug"], { code: 4, ...revoked });
    await cli(["transient-token", "--profile", "revoked", "--debug"], { code: 4, ...revoked });
    await cli(["claim-token", "--profile", "revoked", "--debug"], { code: 4, ...revoked });
    await cli(["switch", "Jamie", "--profile", "revoked", "--debug"], { code: 4, note: "revoked token" });
    await cli(["token", "--profile", "revoked"], { code: 0, prints: { token: MANAGED.token }, note: "revoked token" });
    await cli(["logout", "--profile", "revoked", "--debug"], { code: 0, stores: ["revoked", undefined], ...revoked });

    // Plex failing, with --debug (no retries, so no back-off to wait for).
    const failing = { PLEX_MAX_RETRIES: "0", ...quiet };
    mock.faults.failNext(1, 500);
    await cli(["whoami", "--debug", "--profile", "admin"], { code: 6, env: failing, note: "plex.tv answers 500" });
    mock.faults.inject({ kind: "html-body" });
    await cli(["servers", "--debug", "--profile", "admin"], { code: 6, env: failing, note: "an HTML page" });
    mock.faults.resetNext(1);
    await cli(["claim-token", "--debug", "--profile", "admin"], { code: 6, env: failing, note: "connection reset" });
    mock.faults.inject({ kind: "malformed-body", body: "not-json" });
    await cli(["transient-token", "--debug", "--profile", "admin", "--json"], {
      code: 6,
      env: failing,
      note: "not JSON",
    });
    const adminToken = await storedToken("admin");
    const echoing: typeof fetch = async () => {
      throw new Error(`socket hang up while sending ${adminToken} to plex.tv`);
    };
    await cli(["whoami", "--debug", "--profile", "admin"], {
      code: 6,
      env: failing,
      fetch: echoing,
      note: "a network error quoting the token",
    });
    writeFileSync(join(config.directory, "not-a-directory"), "in the way\n");
    await cli(["login", "--with-token", "--debug"], {
      code: 1,
      env: { ...quiet, XDG_CONFIG_HOME: join(config.directory, "not-a-directory") },
      stdin: `${ADMIN.token}\n`,
      note: "the config directory is a file",
    });

    // Usage mistakes.
    await cli(["nonsense"], { code: 2, env: quiet });
    await cli(["whoami", "--nonsense"], { code: 2, env: quiet });
    await cli(["token", "--debug", "--bogus"], { code: 2, env: quiet });
    await cli(["whoami", "--profile", "../etc"], { code: 2, env: quiet });
    await cli(["whoami", "--debug"], { code: 2, env: { ...quiet, PLEX_AUTH_TOKEN_STORE: "cloud" } });
    await cli(["login", "--password", "--with-token", "--json"], { code: 2, stdin: "" });

    // --mock: its own fake plex.tv; PLEX_TOKEN is ignored and must not show.
    const mocked = { env: { ...quiet, PLEX_TOKEN: PLAIN.token }, note: "--mock" };
    await cli(["whoami", "--mock"], { code: 0, ...mocked });
    await cli(["token", "--mock"], { code: 0, prints: { token: MOCK_ADMIN_TOKEN }, ...mocked });
    await cli(["servers", "--mock", "--json"], { code: 0, ...mocked });
    await cli(["transient-token", "--mock"], { code: 0, prints: "its own mock's token", ...mocked });
    await cli(["claim-token", "--mock", "--json"], { code: 0, prints: "its own mock's token", ...mocked });
    await cli(["switch", MANAGED.title, "--mock", "--save-as", "mocked"], { code: 0, ...mocked });
    await cli(["logout", "--mock"], { code: 0, ...mocked });

    // logout.
    await cli(["logout", "--json", "--profile", "casey-json"], {
      code: 0,
      env: quiet,
      stores: ["casey-json", undefined],
    });
    await cli(["logout"], { code: 0, env: quiet, stores: ["default", undefined] });
    await cli(["logout"], { code: 3, env: quiet });
    await cli(["logout"], { code: 2, env: { ...quiet, PLEX_TOKEN: ADMIN.token } });
    await cli(["logout", "--profile", "admin", "--debug"], { code: 0, env: quiet, stores: ["admin", undefined] });

    // The code flow's ends: expired (the clock jumps 16 minutes, so last) and cancelled.
    await cli(["login", "--profile", "expired", "--debug"], {
      code: 8,
      env: quiet,
      during: async (running) => {
        await running.waitForStderr(CODE);
        mock.advanceTime(16 * 60_000);
      },
    });
    const controller = new AbortController();
    await cli(["login", "--profile", "cancelled", "--debug"], {
      code: 130,
      env: quiet,
      signal: controller.signal,
      during: async (running) => {
        await running.waitForStderr(CODE);
        controller.abort();
      },
    });

    recorder.registerMockSecrets();
    completed = true;
  });

  const check = (kinds: readonly SecretKind[], atLeast: number) => {
    expect(completed, "the scenario did not finish").toBe(true);
    recorder.expectNone(kinds, atLeast);
  };

  it("no password (the accounts', a wrong one) in any stdout, stderr or config file", () => check(["password"], 4));
  it("no two-factor code (the right one, a wrong one) anywhere", () => check(["two-factor code"], 2));
  it("no Home PIN (the right one, a wrong one) anywhere", () => check(["Home PIN"], 2));
  it("no PIN id from POST /pins anywhere", () => check(["PIN id"], 4));
  it("no token, whole or 8+ characters of it, outside where it was asked for", () => check(["token"], 20));

  it("where a secret is asked for, it is exactly that one: token, transient-token, claim-token, the token files", () => {
    expect(completed, "the scenario did not finish").toBe(true);
    expect(recorder.placeIssues).toEqual([]);
    // Each allowed place was exercised.
    const allowedPlaces = recorder.transcripts
      .filter((transcript) => transcript.allowed.length > 0)
      .map((t) => t.where);
    expect(
      allowedPlaces.filter((where) => where.startsWith("stdout of `plex-auth token")).length,
    ).toBeGreaterThanOrEqual(6);
    expect(allowedPlaces.filter((where) => where.startsWith("stdout of `plex-auth transient-token")).length).toBe(3);
    expect(allowedPlaces.filter((where) => where.startsWith("stdout of `plex-auth claim-token")).length).toBe(3);
    expect(
      allowedPlaces.filter((where) => where.startsWith("file plex-auth/cli-tokens/")).length,
    ).toBeGreaterThanOrEqual(8);
  });

  it("a secret mistyped as a flag's value is not echoed back by the usage error", async () => {
    expect(completed, "the scenario did not finish").toBe(true);
    const mistakes: [argv: string[], secret: string][] = [
      [["login", `--token=${ADMIN.token}`], ADMIN.token],
      [["login", `--password=${PLAIN.password}`], PLAIN.password],
      [["switch", MANAGED.title, `--pin=${MOCK_HOME_PIN}`], MOCK_HOME_PIN],
    ];
    const echoed: string[] = [];
    for (const [argv, secret] of mistakes) {
      const result = await start(argv, { env: baseEnv(), fetch: mock.fetch as typeof fetch }).result;
      expect(result.code).toBe(2);
      const output = result.stdout + result.stderr;
      if (output.includes(secret))
        echoed.push(`plex-auth ${argv[0]} ${argv.at(-1)?.split("=")[0]}=…: ${JSON.stringify(output)}`);
    }
    expect(echoed).toEqual([]);
  });
});

// Not on Windows: BROWSER is fake-browser.mjs, a shebang script Windows cannot spawn, and the sessions read a
// POSIX terminal (prompts in raw mode, hidden input), which ConPTY does not behave like. The in-process
// sentinel above covers every command there.
describe.skipIf(process.platform === "win32")("secret sentinel: login, switch and whoami in a real terminal", () => {
  let server: MockServer;
  let home: string;
  let recorder: Recorder;
  let current: Terminal | undefined;
  let completed = false;

  beforeAll(async () => {
    const mock = createMockPlex({ seed: 11 });
    // The mock behind the socket, its answers to POST /pins read for their ids on the way out.
    const handle = async (request: Request): Promise<Response> => {
      const response = await mock.handle(request);
      if (request.method === "POST" && /\/pins$/.test(new URL(request.url).pathname)) {
        for (const id of pinIdsIn(await response.clone().text())) recorder.pinIds.add(id);
      }
      return response;
    };
    server = await startMockServer({ mock: Object.create(mock, { handle: { value: handle } }) as MockPlex });
    home = mkdtempSync(join(tmpdir(), "plex-auth-sentinel-"));
    fixClientIdentifier(join(home, "config"));
    recorder = new Recorder(home, mock);
  });
  afterAll(async () => {
    current?.kill();
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}) => terminalEnvironment(home, server.plexTvUrl, extra);

  interface Session {
    readonly code: number;
    readonly env?: Record<string, string>;
    /** What the person does, reading the screen. */
    readonly drive?: (terminal: Terminal) => Promise<void>;
    readonly stores?: readonly [profile: string, account: MockAccountKey | undefined];
    /**
     * What the person typed into a prompt that shows its input (the two-factor code, like the login): it
     * may appear in this session's output as typed, but never after the prompt.
     */
    readonly typedVisibly?: () => readonly string[];
  }

  async function terminal(args: readonly string[], session: Session): Promise<void> {
    const label = labelOf(args, "terminal");
    const before = recorder.issued();
    const screen = startTerminal(args, env(session.env));
    current = screen;
    try {
      await session.drive?.(screen);
      const { exitCode } = await exitWithin(screen, 5_000);
      expect.soft(exitCode, `${label}\n${screen.screen()}`).toBe(session.code);
    } finally {
      screen.kill();
      current = undefined;
    }
    recorder.steps++;
    recorder.minted(before, label);
    const typed = session.typedVisibly?.() ?? [];
    recorder.record(`raw terminal output of \`${label}\``, screen.raw(), typed);
    recorder.record(`screen of \`${label}\``, screen.screen(), typed);
    if (typed.length > 0) {
      // What the command wrote once the last prompt was answered (its "◇ title" line and the answer).
      const text = screen.screen();
      const lastPrompt = text.lastIndexOf("◇");
      expect(lastPrompt, "no answered prompt on the screen").toBeGreaterThan(-1);
      const afterPrompts = text.slice(lastPrompt).split("\n").slice(2).join("\n");
      expect(afterPrompts).toMatch(/Signed in to Plex as|Switched to the Plex Home profile|plex-auth:/);
      recorder.record(`screen of \`${label}\` after its last prompt`, afterPrompts);
    }
    if (session.stores) recorder.stores(...session.stores);
    await recorder.snapshot(label);
  }

  it("signs in with a code and with a password (a wrong code, then right), switches with a PIN, runs whoami", async () => {
    const { mock } = server;
    await terminal(["login"], {
      code: 0,
      stores: ["default", "plain"],
      drive: async (screen) => {
        const [, code] = await screen.waitFor(CODE);
        await screen.waitFor(/Press Enter to open plex\.tv\/link/);
        screen.type("\r");
        const log = join(home, "browser.log");
        for (let attempt = 0; attempt < 100 && !existsSync(log); attempt++) await new Promise((r) => setTimeout(r, 20));
        expect(mock.approvePin(code as string, "plain")).toBe(true);
        await screen.waitFor(new RegExp(`Signed in to Plex as ${PLAIN.username}`));
      },
    });

    const codes: string[] = [];
    await terminal(["login", "--password"], {
      code: 0,
      stores: ["default", "twoFactor"],
      typedVisibly: () => codes,
      drive: async (screen) => {
        await screen.waitFor(/Plex email or username/);
        screen.type(`${ADMIN.login}\r`);
        await screen.waitFor(/Password for/);
        screen.type(`${ADMIN.password}\r`);
        await screen.waitFor(/Two-factor code/);
        const right = await mock.totp("twoFactor");
        const wrong = wrongCode(right);
        recorder.secrets.add("two-factor code", right, "alex's code, typed");
        recorder.secrets.add("two-factor code", wrong, "a wrong code, typed");
        codes.push(right, wrong);
        screen.type(`${wrong}\r`);
        await screen.waitFor(/That code was refused/);
        screen.type(`${right}\r`);
        await screen.waitFor(new RegExp(`Signed in to Plex as ${ADMIN.username}`));
      },
    });

    await terminal(["login", "--password", "--debug", "--profile", "wrong"], {
      code: 4,
      env: { PLEX_LOGIN: PLAIN.login },
      drive: async (screen) => {
        await screen.waitFor(/Password for/);
        screen.type(`${WRONG_PASSWORD}\r`);
      },
    });

    await terminal(["switch", MANAGED.title, "--save-as", "robin"], {
      code: 0,
      stores: ["robin", "managed"],
      drive: async (screen) => {
        await screen.waitFor(/PIN of/);
        screen.type(`${WRONG_HOME_PIN}\r`);
        await screen.waitFor(/That PIN was refused/);
        screen.type(`${MOCK_HOME_PIN}\r`);
        await screen.waitFor(/Switched to the Plex Home profile/);
      },
    });

    await terminal(["whoami"], { code: 0 });
    await terminal(["whoami", "--profile", "robin", "--debug"], { code: 0 });
    await terminal(["token"], { code: 2 });

    recorder.registerMockSecrets();
    completed = true;
  });

  const check = (kinds: readonly SecretKind[], atLeast: number) => {
    expect(completed, "the scenario did not finish").toBe(true);
    recorder.expectNone(kinds, atLeast);
  };

  it("the terminal never shows a password (typed hidden), nor does any file hold one", () => check(["password"], 4));
  it("the terminal never shows the Home PIN (typed hidden, a wrong one first)", () => check(["Home PIN"], 2));
  it("a two-factor code shows only in its own prompt, as typed: never after it, in another session or a file", () =>
    check(["two-factor code"], 2));
  it("the terminal never shows a PIN id", () => check(["PIN id"], 1));
  it("the terminal never shows a token, whole or 8+ characters of it", () => check(["token"], 8));
  it("the token files hold only each login's own token", () => {
    expect(completed, "the scenario did not finish").toBe(true);
    expect(recorder.placeIssues).toEqual([]);
  });
});
