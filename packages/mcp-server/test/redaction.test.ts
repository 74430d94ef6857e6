import { describe, expect, test } from "vitest";
import { createLogger } from "../src/log/logger.ts";
import { SecretRegistry } from "../src/log/secrets.ts";
import { PlexSession } from "../src/session/session.ts";
import { callTool } from "../src/tools/call-tool.ts";
import { buildToolCatalog, type ToolBinding } from "../src/tools/catalog.ts";
import { type Connected, connect } from "./helpers/in-memory.ts";
import {
  createPlexStub,
  HOME,
  isProbe,
  LOGIN,
  type PlexStub,
  SENTINELS,
  TWO_FACTOR_CODE,
} from "./helpers/plex-stub.ts";
import { toolError } from "./helpers/results.ts";

const SOURCE = "server://0123456789abcdef0123456789abcdef";
const signIn = { login: LOGIN, password: SENTINELS.password };
const admin = { uuid: HOME.admin.uuid, pin: SENTINELS.profilePin };
// The exercise makes more sign-in attempts (PIN guesses count) than the default budget allows.
const signInLimit = { maxAttempts: 20, windowMs: 60_000, throttledBlockMs: 60_000 };

/** The error codes {@link exerciseEverything} runs into, in order; every other call succeeds. */
const EXPECTED_ERRORS = [
  "home_user_pin_required",
  "two_factor_required",
  "invalid_verification_code",
  "invalid_input",
  "invalid_input",
  "invalid_input",
  "not_signed_in",
];

/** Drives every tool through its success and its main error paths, as a model might. */
async function exerciseEverything(connected: Connected): Promise<unknown[]> {
  const results: unknown[] = [];
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    results.push(await connected.client.callTool({ name, arguments: args }));
  };
  await call("get_token_details");
  await call("ping");
  await call("get_transient_token");
  await call("get_source_connection_information", { source: SOURCE });
  await call("get_server_resources");
  await call("get_claim_token");
  await call("get_home_users");
  await call("switch_home_user", { ...admin, pin: "0000" });
  await call("switch_home_user", admin);
  await call("get_token_details");
  await call("post_users_sign_in_data", signIn);
  await call("post_users_sign_in_data", { ...signIn, verificationCode: "000000" });
  await call("post_users_sign_in_data", { ...signIn, verificationCode: TWO_FACTOR_CODE });
  await call("get_token_details");
  await call("post_users_sign_in_data", { ...signIn, bogus: SENTINELS.envToken });
  await call("get_source_connection_information", { source: SENTINELS.envToken });
  await call("switch_home_user", { ...admin, extra: SENTINELS.claimToken });
  await call("sign_out");
  await call("get_token_details");
  return results;
}

function twoFactorStub(): PlexStub {
  return createPlexStub({ twoFactor: true });
}

/** The stub really handed out and received every secret, so their absence elsewhere means something. */
function expectSecretsWereInPlay(stub: PlexStub): void {
  const sent = stub.calls.map((call) => call.headers.get("x-plex-token"));
  for (const token of [SENTINELS.envToken, SENTINELS.signInToken, SENTINELS.profileToken])
    expect(sent).toContain(token);
  const probes = stub.calls.filter(isProbe).map((call) => call.headers.get("x-plex-token"));
  expect(probes).toContain(SENTINELS.resourceAccessToken);
  expect(probes).toContain(SENTINELS.sharedServerToken);
  expect(stub.calls.map((call) => call.url.searchParams.get("pin"))).toContain(SENTINELS.profilePin);
}

const ALL_SENTINELS = Object.entries(SENTINELS);

describe("token redaction", () => {
  test("no sentinel secret appears in any result, any message on the wire, or any log line", async () => {
    const connected = await connect({ stub: twoFactorStub(), config: { signInLimit }, validateOutput: true });
    try {
      const results = await exerciseEverything(connected);
      const errors = results.filter((result) => (result as { isError?: boolean }).isError).map(toolError);
      expect(errors.map((error) => error.code)).toEqual(EXPECTED_ERRORS);
      const wire = JSON.stringify(connected.wire);
      const logs = connected.logLines.join("");
      expect(connected.logLines.length).toBeGreaterThan(10);
      for (const [name, secret] of ALL_SENTINELS) {
        expect(wire, `${name} on the wire`).not.toContain(secret);
        expect(logs, `${name} in the log`).not.toContain(secret);
      }
      expectSecretsWereInPlay(connected.stub);
    } finally {
      await connected.close();
    }
  });

  test("with exposure on, tokens appear in results, but still never in the log", async () => {
    const connected = await connect({
      stub: twoFactorStub(),
      config: { exposeTokens: true, signInLimit },
      validateOutput: true,
    });
    try {
      await exerciseEverything(connected);
      const wire = JSON.stringify(connected.wire);
      const exposed = [
        SENTINELS.transientToken,
        SENTINELS.sourceAccessToken,
        SENTINELS.signInToken,
        SENTINELS.profileToken,
        SENTINELS.claimToken,
        SENTINELS.resourceAccessToken,
        SENTINELS.sharedServerToken,
      ];
      for (const token of exposed) expect(wire).toContain(token);
      // What exposure is for is tokens the user asked for; never the password, the PIN, unrelated account
      // secrets or the tokens of devices the result does not list.
      for (const secret of [
        SENTINELS.password,
        SENTINELS.profilePin,
        SENTINELS.serviceToken,
        SENTINELS.deviceAccessToken,
      ]) {
        expect(wire).not.toContain(secret);
      }
      const logs = connected.logLines.join("");
      for (const [name, secret] of ALL_SENTINELS) expect(logs, `${name} in the log`).not.toContain(secret);
      expectSecretsWereInPlay(connected.stub);
    } finally {
      await connected.close();
    }
  });

  test("a PIN is scrubbed from its own call's result and log lines, and only from those", async () => {
    const lines: string[] = [];
    const secrets = new SecretRegistry();
    const logger = createLogger({ level: "debug", write: (line) => lines.push(line), secrets });
    const config = { clientIdentifier: "redaction", exposeTokens: true, token: SENTINELS.envToken };
    const binding = buildToolCatalog(config).get("switch_home_user") as ToolBinding;
    // An unexpected failure whose message repeats the PIN: neither the result nor the log may show it.
    const failing: ToolBinding = {
      ...binding,
      run: async (_client, input) => {
        throw new Error(`pin ${(input as { pin: string }).pin} rejected`);
      },
    };
    const session = new PlexSession(config, { logger, secrets });
    const result = await callTool(failing, admin, { session, logger, secrets, exposeTokens: true });
    expect(toolError(result).code).toBe("internal_error");
    expect(lines.join("")).toMatch(/pin \[redacted\] rejected/);
    expect(lines.join("")).not.toContain(SENTINELS.profilePin);
    expect(JSON.stringify(result)).not.toContain(SENTINELS.profilePin);
    // Not remembered for the process: four digits that happen to match a PIN later stay as they are.
    expect(secrets.values()).not.toContain(SENTINELS.profilePin);
  });
});
