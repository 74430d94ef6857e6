import { afterEach, describe, expect, test } from "vitest";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { createPlexStub, LOGIN, PLEX_TV_URL, PMS_URL, SENTINELS, TWO_FACTOR_CODE } from "./helpers/plex-stub.ts";
import { structured, textOf, toolError } from "./helpers/results.ts";

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

const SOURCE = "server://0123456789abcdef0123456789abcdef";
const signInArgs = { login: LOGIN, password: SENTINELS.password };

describe("successful calls", () => {
  test("get_transient_token mints a token and shows its fingerprint and latest expiry", async () => {
    connected = await connect();
    const before = Date.now();
    const result = await connected.client.callTool({ name: "get_transient_token", arguments: {} });
    const { transientToken } = structured(result) as { transientToken: { fingerprint: string; expiresAt: string } };
    expect(transientToken.fingerprint).toBe(`…${SENTINELS.transientToken.slice(-4)}`);
    expect(transientToken).not.toHaveProperty("value");
    const hours = (Date.parse(transientToken.expiresAt) - before) / 3_600_000;
    expect(hours).toBeGreaterThan(47.9);
    expect(hours).toBeLessThan(48.1);
    expect(textOf(result)).toMatch(/withheld/);
    const [call] = connected.stub.calls;
    expect(call?.url.href).toBe(`${PMS_URL}/security/token?type=delegation&scope=all`);
    expect(call?.headers.get("x-plex-token")).toBe(SENTINELS.envToken);
    expect(call?.headers.get("x-plex-product")).toBe("plex-auth-mcp");
  });

  test("get_source_connection_information returns the connections and the source token's fingerprint", async () => {
    connected = await connect();
    const result = await connected.client.callTool({
      name: "get_source_connection_information",
      arguments: { source: SOURCE, refresh: true },
    });
    expect(structured(result)).toEqual({
      name: "Living Room PMS",
      clientIdentifier: "0123456789abcdef0123456789abcdef",
      accessToken: { fingerprint: `…${SENTINELS.sourceAccessToken.slice(-4)}`, expiresAt: null },
      connections: [
        {
          uri: "https://192-168-1-1.0123456789abcdef0123456789abcdef.plex.direct:32400",
          protocol: "https",
          address: "192.168.1.1",
          port: 32400,
          local: true,
          relay: false,
        },
        {
          uri: "http://192.168.1.1:32400",
          protocol: "http",
          address: "192.168.1.1",
          port: 32400,
          local: true,
          relay: false,
        },
      ],
    });
    expect(connected.stub.calls[0]?.url.searchParams.get("source")).toBe(SOURCE);
    expect(connected.stub.calls[0]?.url.searchParams.get("refresh")).toBe("1");
  });

  test("get_token_details summarizes the account, with the token as a fingerprint and its origin", async () => {
    connected = await connect();
    const result = await connected.client.callTool({ name: "get_token_details", arguments: {} });
    const content = structured(result) as { account: Record<string, unknown>; token: Record<string, unknown> };
    expect(content.account).toMatchObject({
      id: 13692262,
      username: "Username",
      email: "username@email.com",
      twoFactorEnabled: false,
      joinedAt: "2019-04-26T12:32:20.000Z",
      subscription: { active: true, status: "Active", plan: null },
    });
    expect(content.account).not.toHaveProperty("authToken");
    expect(content.account).not.toHaveProperty("services");
    expect(content.token).toEqual({
      fingerprint: `…${SENTINELS.envToken.slice(-4)}`,
      expiresAt: "2019-04-26T12:32:20.000Z",
      origin: "environment",
    });
    expect(connected.stub.calls[0]?.url.href).toBe(`${PLEX_TV_URL}/user`);
  });

  test("a sign-in's token becomes the session's token for later calls", async () => {
    connected = await connect({ config: { token: undefined } });
    const signIn = await connected.client.callTool({ name: "post_users_sign_in_data", arguments: signInArgs });
    expect(structured(signIn)).toMatchObject({
      account: { username: "Username" },
      token: { fingerprint: `…${SENTINELS.signInToken.slice(-4)}` },
    });
    // Only what carries information: the token is always adopted, so no flag says so.
    expect(Object.keys(structured(signIn)).sort()).toEqual(["account", "token"]);
    const form = new URLSearchParams(connected.stub.calls[0]?.body);
    expect(form.get("login")).toBe(LOGIN);
    expect(form.get("rememberMe")).toBe("false");

    const details = await connected.client.callTool({ name: "get_token_details", arguments: {} });
    expect(structured(details)).toMatchObject({ token: { origin: "sign-in" } });
    expect(connected.stub.calls[1]?.headers.get("x-plex-token")).toBe(SENTINELS.signInToken);
  });

  test("sign-in takes login and password from the configuration when the model gives none", async () => {
    connected = await connect({ config: { credentials: { login: LOGIN, password: SENTINELS.password } } });
    const result = await connected.client.callTool({ name: "post_users_sign_in_data", arguments: {} });
    expect(structured(result)).toMatchObject({ account: { username: "Username" } });
    const form = new URLSearchParams(connected.stub.calls[0]?.body);
    expect(form.get("password")).toBe(SENTINELS.password);
  });

  test("configured credentials are not mixed with a login the model gives", async () => {
    connected = await connect({ config: { credentials: { login: LOGIN, password: SENTINELS.password } } });
    const result = await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { login: "someone-else@example.com" },
    });
    expect(toolError(result)).toMatchObject({ code: "invalid_input", issues: [{ path: "password" }] });
    expect(connected.stub.calls).toHaveLength(0);
  });

  test("with token exposure on, results carry the full tokens", async () => {
    connected = await connect({ config: { exposeTokens: true } });
    const transient = await connected.client.callTool({ name: "get_transient_token", arguments: {} });
    expect(structured(transient)).toMatchObject({ transientToken: { value: SENTINELS.transientToken } });
    const source = await connected.client.callTool({
      name: "get_source_connection_information",
      arguments: { source: SOURCE },
    });
    expect(structured(source)).toMatchObject({ accessToken: { value: SENTINELS.sourceAccessToken } });
  });
});

describe("error results", () => {
  test("two-factor: the first call asks for the code, the second with verificationCode succeeds", async () => {
    connected = await connect({ stub: createPlexStub({ twoFactor: true }) });
    const first = await connected.client.callTool({ name: "post_users_sign_in_data", arguments: signInArgs });
    const error = toolError(first);
    expect(error).toMatchObject({ code: "two_factor_required", status: 401, retryable: false, retryAfterMs: null });
    expect(error.hint).toMatch(/ask the user for the current code.*verificationCode/i);
    expect(textOf(first)).toMatch(/^Error \(two_factor_required\): .*\nWhat to do: Ask the user/s);

    const second = await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { ...signInArgs, verificationCode: TWO_FACTOR_CODE },
    });
    expect(structured(second)).toMatchObject({ token: { fingerprint: `…${SENTINELS.signInToken.slice(-4)}` } });
    expect(new URLSearchParams(connected.stub.calls[1]?.body).get("verificationCode")).toBe("012345");
  });

  test("a wrong two-factor code asks for a new one", async () => {
    connected = await connect({ stub: createPlexStub({ twoFactor: true }) });
    const result = await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { ...signInArgs, verificationCode: "999999" },
    });
    expect(toolError(result)).toMatchObject({ code: "invalid_verification_code", retryable: false });
    expect(toolError(result).hint).toMatch(/NEW code/);
  });

  test("wrong credentials: unauthorized, with a warning not to retry the same values", async () => {
    connected = await connect();
    const result = await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { login: LOGIN, password: "wrong-password" },
    });
    expect(toolError(result)).toMatchObject({ code: "unauthorized", status: 401, retryable: false });
    expect(toolError(result).hint).toMatch(/Do not retry the same values/);
  });

  test("code 1031: stop, the IP is throttled; the session then pauses sign-in without calling plex.tv", async () => {
    connected = await connect({ stub: createPlexStub({ throttled: true }) });
    const result = await connected.client.callTool({ name: "post_users_sign_in_data", arguments: signInArgs });
    expect(toolError(result)).toMatchObject({ code: "sign_in_throttled", status: 401, retryable: false });
    expect(toolError(result).hint).toMatch(/^STOP/);
    const again = await connected.client.callTool({ name: "post_users_sign_in_data", arguments: signInArgs });
    expect(toolError(again)).toMatchObject({ code: "sign_in_rate_limited", retryable: true });
    expect(toolError(again).retryAfterMs).toBeGreaterThan(29 * 60_000);
    expect(connected.stub.calls).toHaveLength(1);
  });

  test("429 with Retry-After: rate_limited, retryable, with retryAfterMs", async () => {
    connected = await connect({ stub: createPlexStub({ rateLimitedSeconds: 120 }) });
    const result = await connected.client.callTool({ name: "get_token_details", arguments: {} });
    expect(toolError(result)).toMatchObject({
      code: "rate_limited",
      status: 429,
      retryable: true,
      retryAfterMs: 120_000,
    });
  });

  test("a rejected token: invalid_token, sign in again", async () => {
    connected = await connect({ config: { token: "not-a-valid-token-at-all" } });
    const result = await connected.client.callTool({ name: "get_token_details", arguments: {} });
    expect(toolError(result)).toMatchObject({ code: "invalid_token", status: 401, retryable: false });
    expect(toolError(result).hint).toMatch(/post_users_sign_in_data/);
  });

  test("a non-admin token on the Media Server: unauthorized (403)", async () => {
    connected = await connect({ stub: createPlexStub({ pmsForbidden: true }) });
    const result = await connected.client.callTool({
      name: "get_source_connection_information",
      arguments: { source: SOURCE },
    });
    expect(toolError(result)).toMatchObject({ code: "unauthorized", status: 403 });
    expect(toolError(result).hint).toMatch(/admin/);
  });

  test("no token at all: not_signed_in, and nothing is sent", async () => {
    connected = await connect({ config: { token: undefined } });
    for (const name of ["get_token_details", "get_transient_token"]) {
      const result = await connected.client.callTool({ name, arguments: {} });
      expect(toolError(result)).toMatchObject({ code: "not_signed_in", status: null, retryable: false });
    }
    expect(connected.stub.calls).toHaveLength(0);
  });

  test("no PLEX_SERVER_URL: server_not_configured for the Media Server tools, and nothing is sent", async () => {
    connected = await connect({ config: { serverUrl: undefined } });
    const result = await connected.client.callTool({ name: "get_transient_token", arguments: {} });
    expect(toolError(result)).toMatchObject({ code: "server_not_configured", retryable: false });
    expect(toolError(result).hint).toMatch(/PLEX_SERVER_URL/);
    expect(connected.stub.calls).toHaveLength(0);
  });

  test("no PLEX_SERVER_URL and bad arguments: the arguments are reported first", async () => {
    connected = await connect({ config: { serverUrl: undefined } });
    const result = await connected.client.callTool({ name: "get_source_connection_information", arguments: {} });
    expect(toolError(result)).toMatchObject({ code: "invalid_input", issues: [{ path: "source" }] });
    // An argument named serverUrl is bad input (no tool takes a URL), not a missing configuration.
    const withUrl = await connected.client.callTool({
      name: "get_transient_token",
      arguments: { serverUrl: "http://evil.example" },
    });
    expect(toolError(withUrl)).toMatchObject({ code: "invalid_input", issues: [{ path: "serverUrl" }] });
    expect(connected.stub.calls).toHaveLength(0);
  });

  test("an unreachable server: connection_error, retryable", async () => {
    const refused = async () => {
      throw Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:32400"), { code: "ECONNREFUSED" }),
      });
    };
    connected = await connect({ config: { fetch: refused, retry: false } });
    const result = await connected.client.callTool({ name: "get_transient_token", arguments: {} });
    expect(toolError(result)).toMatchObject({ code: "connection_error", status: null, retryable: true });
  });

  test("a sign-in that timed out may have reached plex.tv: not retryable, ask for a fresh code first", async () => {
    connected = await connect({ stub: createPlexStub({ hang: true }), config: { timeoutMs: 50 } });
    const result = await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { ...signInArgs, verificationCode: TWO_FACTOR_CODE },
    });
    expect(toolError(result)).toMatchObject({ code: "timeout", retryable: false });
    expect(toolError(result).hint).toMatch(/may have reached plex\.tv: ask the user for a fresh two-factor code/);
    expect(toolError(result).hint).toMatch(/do not retry repeatedly/);
    expect(connected.stub.calls).toHaveLength(1);
  });

  test.each([
    ["reset mid-request: it may have reached plex.tv", "ECONNRESET", false],
    ["refused: it provably never reached plex.tv", "ECONNREFUSED", true],
  ])("a sign-in whose connection was %s (retryable %s)", async (_, networkCode, retryable) => {
    const failing = async () => {
      throw Object.assign(new TypeError("fetch failed"), {
        cause: Object.assign(new Error(`connect ${networkCode} 127.0.0.1:9`), { code: networkCode }),
      });
    };
    connected = await connect({ config: { fetch: failing, retry: false } });
    const result = await connected.client.callTool({ name: "post_users_sign_in_data", arguments: signInArgs });
    const error = toolError(result);
    expect(error).toMatchObject({ code: "connection_error", retryable });
    expect(/may have reached plex\.tv/.test(error.hint)).toBe(!retryable);
  });

  test("an unknown tool is a protocol error, not a result", async () => {
    connected = await connect();
    await expect(connected.client.callTool({ name: "delete_everything", arguments: {} })).rejects.toThrow(
      /Unknown tool "delete_everything"/,
    );
  });
});
