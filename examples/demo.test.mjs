import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { MOCK_ACCOUNTS } from "@plex-auth/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const DEMO = fileURLToPath(new URL("./demo.mjs", import.meta.url));

/** Runs the demo as its own process, as `pnpm demo` does, and collects what it printed. */
function runDemo(secretsFile) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DEMO], {
      env: { ...process.env, PLEX_AUTH_DEMO_SECRETS_FILE: secretsFile, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    // The demo must end by itself; a hang is a failure, not a wait.
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the demo did not exit within 30 s. Output so far:\n${stdout}${stderr}`));
    }, 30_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("the demo", () => {
  let directory;
  let run;
  let secrets;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "plex-auth-demo-"));
    const secretsFile = join(directory, "secrets.json");
    run = await runDemo(secretsFile);
    secrets = JSON.parse(readFileSync(secretsFile, "utf8"));
  });

  afterAll(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("runs to completion and exits 0 on its own", () => {
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^plex-auth demo: a mock plex\.tv and Plex Media Server on http:\/\/127\.0\.0\.1:\d+ /);
    expect(run.stdout.trimEnd().split("\n").at(-1)).toMatch(/^Done: /);
  });

  it("signs in with Plex: prints the plex.tv/link code, and the approval the mock gave", () => {
    expect(run.stdout).toMatch(/-> Go to https:\/\/plex\.tv\/link and enter [A-Z0-9]{4} \(it expires in 15 minutes\)/);
    expect(run.stdout).toMatch(/-> approved after \d+ polls, one a second: signed in as alex, token …\S{4}/);
  });

  it("finds the account's server and picks the working connection, then uses it", () => {
    expect(run.stdout).toMatch(/"Alex's Mock Server" lists:/);
    expect(run.stdout).toMatch(/connections\.plex\.invalid:32400 \(local\)/);
    expect(run.stdout).toMatch(
      /-> picked http:\/\/127\.0\.0\.1:\d+ \(local\) in \d+ ms, probed with the server's own token …\S{4}/,
    );
    expect(run.stdout).toMatch(/-> through it: a transient token …\S{4} from the server/);
  });

  it("shows the two-factor error, then the sign-in with the TOTP code", () => {
    expect(run.stdout).toContain("TwoFactorRequiredError: postUsersSignInData failed with HTTP 401 (Plex code 1029");
    expect(run.stdout).toMatch(/-> signed in as alex, token …[A-Za-z0-9]{4}\n/);
  });

  it("shows the token details, the transient token and the source connections", () => {
    expect(run.stdout).toMatch(/-> alex <alex@example\.com>, account id 20000002, two-factor on, Plex Pass active/);
    expect(run.stdout).toMatch(/-> token …[0-9a-f]{4}: same access as the account token/);
    expect(run.stdout).toMatch(/-> "Casey's Server", access token …[A-Za-z0-9]{4}\n/);
    expect(run.stdout).toMatch(/https:\/\/198-51-100-7\.[0-9a-f]{32}\.plex\.direct:8443 \(relay\)/);
  });

  it("shows the rate-limited call being retried through the logger hook", () => {
    expect(run.stdout).toContain("↻ logger: getTokenDetails got HTTP 429, retrying in 1000 ms");
    expect(run.stdout).toMatch(/-> answered on attempt 2: alex/);
  });

  it("registers a device key on a device of its own, and refreshes its JWT after the mock's clock moves 7 days", () => {
    expect(run.stdout).toMatch(
      /-> key \S{8}… registered through a PIN the account approved; Plex JWT …\S{4} valid 7 days, verified against plex\.tv's keys/,
    );
    expect(run.stdout).toContain("the account's own token still works: ping true");
    expect(run.stdout).toMatch(
      /-> alex again: the token source minted a new JWT …\S{4} \(1 exchange: nonce, client JWT signed by the key\), verified with the new signing key/,
    );
  });

  it("calls every operation as an MCP tool through a real MCP client, tokens as fingerprints", () => {
    expect(run.stdout).toContain(
      "-> tools/list: sign_in_with_plex, wait_for_plex_sign_in, get_claim_token, get_home_users, get_server_resources, get_source_connection_information, get_token_details, get_transient_token, ping, post_users_sign_in_data, sign_out, switch_home_user",
    );
    expect(run.stdout).toMatch(
      /sign_in_with_plex\(\)\n {3}-> Ask the user to open https:\/\/plex\.tv\/link and enter the code [A-Z0-9]{4} /,
    );
    expect(run.stdout).toMatch(/wait_for_plex_sign_in\(handle\)\n {3}-> Signed in as casey\. The new token …\S{4} /);
    expect(run.stdout).toMatch(/post_users_sign_in_data\(\)\n {3}-> error: Error \(two_factor_required\)/);
    expect(run.stdout).toMatch(
      /post_users_sign_in_data\(verificationCode\)\n {3}-> Signed in as alex\. The new token …\S{4} /,
    );
    expect(run.stdout).toMatch(/get_token_details\(\)\n {3}-> The token …\S{4} is valid and belongs to alex/);
    expect(run.stdout).toMatch(/get_transient_token\(\)\n {3}-> Minted transient token …\S{4}/);
    expect(run.stdout).toMatch(
      /get_source_connection_information\(source\)\n {3}-> Source "Casey's Server" has 2 connection/,
    );
    expect(run.stdout).toMatch(/ping\(\)\n {3}-> plex\.tv accepted the token/);
    expect(run.stdout).toMatch(/get_home_users\(\)\n {3}-> /);
  });

  it("prints no token, password or code in full", () => {
    // The mock's tokens (account, transient, source) plus the code the demo used.
    expect(secrets.length).toBeGreaterThanOrEqual(4);
    const passwords = Object.values(MOCK_ACCOUNTS).map((account) => account.password);
    const output = run.stdout + run.stderr;
    for (const secret of [...secrets, ...passwords]) expect(output).not.toContain(secret);
  });
});
