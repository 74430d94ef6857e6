import { afterEach, describe, expect, test } from "vitest";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { LOGIN, SENTINELS } from "./helpers/plex-stub.ts";
import { toolError } from "./helpers/results.ts";

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

const CASES: readonly { name: string; arguments: Record<string, unknown>; path: string }[] = [
  { name: "get_source_connection_information", arguments: {}, path: "source" },
  { name: "get_source_connection_information", arguments: { source: "http://169.254.169.254/" }, path: "source" },
  { name: "get_source_connection_information", arguments: { source: "server://abc", refresh: "yes" }, path: "refresh" },
  {
    name: "get_source_connection_information",
    arguments: { source: "server://abc", serverUrl: "http://evil" },
    path: "serverUrl",
  },
  { name: "get_transient_token", arguments: { type: "admin" }, path: "type" },
  { name: "get_transient_token", arguments: { scope: "everything" }, path: "scope" },
  { name: "get_token_details", arguments: { token: "x" }, path: "token" },
  { name: "post_users_sign_in_data", arguments: { login: LOGIN }, path: "password" },
  { name: "post_users_sign_in_data", arguments: { login: "", password: SENTINELS.password }, path: "login" },
  {
    name: "post_users_sign_in_data",
    arguments: { login: LOGIN, password: SENTINELS.password, verificationCode: 12345 },
    path: "verificationCode",
  },
  {
    name: "post_users_sign_in_data",
    arguments: { login: LOGIN, password: SENTINELS.password, verificationCode: "12 34" },
    path: "verificationCode",
  },
  { name: "switch_home_user", arguments: {}, path: "uuid" },
  { name: "switch_home_user", arguments: { uuid: "../../users/signout" }, path: "uuid" },
  { name: "switch_home_user", arguments: { uuid: "d320a7e6324aacd5", pin: 1234 }, path: "pin" },
  { name: "switch_home_user", arguments: { uuid: "d320a7e6324aacd5", pin: "12345" }, path: "pin" },
  { name: "get_server_resources", arguments: { includeRelay: "yes" }, path: "includeRelay" },
  { name: "get_home_users", arguments: { uuid: "d320a7e6324aacd5" }, path: "uuid" },
  { name: "get_claim_token", arguments: { serverUrl: "http://evil" }, path: "serverUrl" },
  { name: "sign_out", arguments: { token: "x" }, path: "token" },
];

describe("schema-invalid arguments never reach Plex", () => {
  test.each(CASES)("$name with a bad $path: invalid_input naming the field, nothing sent", async (invalid) => {
    connected = await connect();
    const result = await connected.client.callTool({ name: invalid.name, arguments: invalid.arguments });
    const error = toolError(result);
    expect(error).toMatchObject({ code: "invalid_input", status: null, retryable: false });
    expect(error.issues?.map((issue) => issue.path)).toContain(invalid.path);
    expect(error.message).toMatch(/Nothing was sent/);
    expect(connected.stub.calls).toHaveLength(0);
  });

  test("the messages never echo the rejected values", async () => {
    connected = await connect();
    const result = await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { login: LOGIN, password: SENTINELS.password, verificationCode: 987654, extra: SENTINELS.envToken },
    });
    const text = JSON.stringify(result);
    expect(text).not.toContain("987654");
    expect(text).not.toContain(SENTINELS.envToken);
    expect(text).not.toContain(SENTINELS.password);
  });

  test("invalid sign-in arguments do not use up the session's sign-in attempts", async () => {
    connected = await connect({
      config: { signInLimit: { maxAttempts: 1, windowMs: 60_000, throttledBlockMs: 60_000 } },
    });
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await connected.client.callTool({ name: "post_users_sign_in_data", arguments: { login: LOGIN } });
      expect(toolError(result).code).toBe("invalid_input");
    }
    const valid = await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { login: LOGIN, password: SENTINELS.password },
    });
    expect(valid.isError).toBeFalsy();
  });
});
