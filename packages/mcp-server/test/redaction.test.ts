import { describe, expect, test } from "vitest";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { createPlexStub, LOGIN, type PlexStub, SENTINELS, TWO_FACTOR_CODE } from "./helpers/plex-stub.ts";

const SOURCE = "server://0123456789abcdef0123456789abcdef";

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
  await call("post_users_sign_in_data", { login: LOGIN, password: SENTINELS.password });
  await call("post_users_sign_in_data", { login: LOGIN, password: SENTINELS.password, verificationCode: "000000" });
  await call("post_users_sign_in_data", {
    login: LOGIN,
    password: SENTINELS.password,
    verificationCode: TWO_FACTOR_CODE,
  });
  await call("get_token_details");
  await call("post_users_sign_in_data", { login: LOGIN, password: SENTINELS.password, bogus: SENTINELS.envToken });
  await call("get_source_connection_information", { source: SENTINELS.envToken });
  return results;
}

function twoFactorStub(): PlexStub {
  return createPlexStub({ twoFactor: true });
}

const ALL_SENTINELS = Object.entries(SENTINELS);

describe("token redaction", () => {
  test("no sentinel secret appears in any result, any message on the wire, or any log line", async () => {
    const connected = await connect({ stub: twoFactorStub() });
    try {
      const results = await exerciseEverything(connected);
      expect(results.filter((result) => (result as { isError?: boolean }).isError)).toHaveLength(5);
      const wire = JSON.stringify(connected.wire);
      const logs = connected.logLines.join("");
      expect(connected.logLines.length).toBeGreaterThan(10);
      for (const [name, secret] of ALL_SENTINELS) {
        expect(wire, `${name} on the wire`).not.toContain(secret);
        expect(logs, `${name} in the log`).not.toContain(secret);
      }
      // The stub really did hand out the secrets, so their absence above means something.
      const sent = connected.stub.calls.map((call) => call.headers.get("x-plex-token"));
      expect(sent).toContain(SENTINELS.envToken);
      expect(sent).toContain(SENTINELS.signInToken);
    } finally {
      await connected.close();
    }
  });

  test("with exposure on, tokens appear in results, but still never in the log", async () => {
    const connected = await connect({ stub: twoFactorStub(), config: { exposeTokens: true } });
    try {
      await exerciseEverything(connected);
      const wire = JSON.stringify(connected.wire);
      expect(wire).toContain(SENTINELS.transientToken);
      expect(wire).toContain(SENTINELS.sourceAccessToken);
      expect(wire).toContain(SENTINELS.signInToken);
      // What exposure is for is tokens; never the password or unrelated account secrets.
      expect(wire).not.toContain(SENTINELS.password);
      expect(wire).not.toContain(SENTINELS.serviceToken);
      const logs = connected.logLines.join("");
      for (const [name, secret] of ALL_SENTINELS) expect(logs, `${name} in the log`).not.toContain(secret);
    } finally {
      await connected.close();
    }
  });
});
