import { afterEach, describe, expect, test } from "vitest";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { HOME, LOGIN, PLEX_TV_URL, SENTINELS } from "./helpers/plex-stub.ts";
import { structured, textOf, toolError } from "./helpers/results.ts";

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

const signOut = (session: Connected) => session.client.callTool({ name: "sign_out", arguments: {} });
const details = (session: Connected) => session.client.callTool({ name: "get_token_details", arguments: {} });

describe("sign_out", () => {
  test("signs PLEX_TOKEN out; later token tools answer not_signed_in and send nothing", async () => {
    connected = await connect({ validateOutput: true });
    const result = await signOut(connected);
    expect(structured(result)).toEqual({ origin: "environment" });
    expect(textOf(result)).toMatch(/dead everywhere/);
    expect(textOf(result)).toMatch(/PLEX_TOKEN: tell the user to remove or replace it/);
    const [call] = connected.stub.calls;
    expect(call?.method).toBe("DELETE");
    expect(call?.url.href).toBe(`${PLEX_TV_URL}/users/signout`);
    expect(call?.headers.get("x-plex-token")).toBe(SENTINELS.envToken);

    for (const name of ["get_token_details", "ping", "get_server_resources", "sign_out"]) {
      const after = toolError(await connected.client.callTool({ name, arguments: {} }));
      expect(after).toMatchObject({ code: "not_signed_in", status: null, retryable: false });
      expect(after.message).toMatch(/signed out of plex\.tv/);
    }
    expect(connected.stub.calls).toHaveLength(1);
  });

  test("a sign-in's token: signed out and forgotten; a new sign-in gives the session a token again", async () => {
    connected = await connect({ config: { token: undefined }, validateOutput: true });
    await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { login: LOGIN, password: SENTINELS.password },
    });
    const result = await signOut(connected);
    expect(structured(result)).toEqual({ origin: "sign-in" });
    expect(textOf(result)).not.toMatch(/PLEX_TOKEN/);
    expect(connected.stub.calls[1]?.headers.get("x-plex-token")).toBe(SENTINELS.signInToken);
    expect(toolError(await details(connected)).code).toBe("not_signed_in");

    await connected.client.callTool({
      name: "post_users_sign_in_data",
      arguments: { login: LOGIN, password: SENTINELS.password },
    });
    // The stub revoked the signed-out token; it hands the same one out again on the next sign-in.
    expect(structured(await details(connected))).toMatchObject({ token: { origin: "sign-in" } });
  });

  test("a Home profile's token is signed out the same way", async () => {
    connected = await connect({ validateOutput: true });
    await connected.client.callTool({ name: "switch_home_user", arguments: { uuid: HOME.kid.uuid } });
    expect(structured(await signOut(connected))).toEqual({ origin: "home-switch" });
    expect(connected.stub.calls.at(-1)?.headers.get("x-plex-token")).toBe(SENTINELS.profileToken);
    expect(toolError(await details(connected)).code).toBe("not_signed_in");
  });

  test("a sign-out plex.tv refused leaves the session's token as it was", async () => {
    connected = await connect({ config: { token: "not-a-valid-token-at-all" } });
    expect(toolError(await signOut(connected))).toMatchObject({ code: "invalid_token", status: 401 });
    expect(toolError(await details(connected)).code).toBe("invalid_token");
    expect(connected.stub.calls.map((call) => call.headers.get("x-plex-token"))).toEqual([
      "not-a-valid-token-at-all",
      "not-a-valid-token-at-all",
    ]);
  });

  test("without a token: not_signed_in, nothing sent", async () => {
    connected = await connect({ config: { token: undefined } });
    const error = toolError(await signOut(connected));
    expect(error.code).toBe("not_signed_in");
    expect(error.message).toMatch(/PLEX_TOKEN is not set/);
    expect(connected.stub.calls).toHaveLength(0);
  });
});
