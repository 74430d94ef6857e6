import { afterEach, describe, expect, test } from "vitest";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { HOME, PLEX_TV_URL, SENTINELS } from "./helpers/plex-stub.ts";
import { structured, textOf, toolError } from "./helpers/results.ts";

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

const switchTo = (session: Connected, args: Record<string, unknown>) =>
  session.client.callTool({ name: "switch_home_user", arguments: args });
const details = (session: Connected) => session.client.callTool({ name: "get_token_details", arguments: {} });

describe("get_home_users", () => {
  test("shows the Home's name and each profile, without emails or avatars", async () => {
    connected = await connect({ validateOutput: true });
    const result = await connected.client.callTool({ name: "get_home_users", arguments: {} });
    expect(structured(result)).toEqual({
      name: HOME.name,
      users: [
        {
          uuid: HOME.admin.uuid,
          title: HOME.admin.title,
          username: HOME.admin.username,
          admin: true,
          restricted: false,
          restrictionProfile: null,
          protected: true,
          guest: false,
        },
        {
          uuid: HOME.kid.uuid,
          title: HOME.kid.title,
          username: null,
          admin: false,
          restricted: true,
          restrictionProfile: "little_kid",
          protected: false,
          guest: false,
        },
      ],
    });
    const everything = JSON.stringify(result);
    for (const personal of [HOME.admin.email, HOME.kid.email, "avatar"]) expect(everything).not.toContain(personal);
    expect(textOf(result)).toMatch(/"alice" \(admin, PIN-protected\)/);
    expect(textOf(result)).toMatch(/call switch_home_user with its uuid/);
    expect(connected.stub.calls[0]?.url.href).toBe(`${PLEX_TV_URL}/home/users`);
  });

  test("without a token: not_signed_in, nothing sent", async () => {
    connected = await connect({ config: { token: undefined } });
    const result = await connected.client.callTool({ name: "get_home_users", arguments: {} });
    expect(toolError(result).code).toBe("not_signed_in");
    expect(connected.stub.calls).toHaveLength(0);
  });
});

describe("switch_home_user", () => {
  test("an unprotected profile: its token becomes the session's and is sent on the next call", async () => {
    connected = await connect({ validateOutput: true });
    const result = await switchTo(connected, { uuid: HOME.kid.uuid });
    expect(structured(result)).toEqual({
      profile: {
        uuid: HOME.kid.uuid,
        title: HOME.kid.title,
        username: null,
        admin: false,
        restricted: true,
        protected: false,
        guest: false,
      },
      token: { fingerprint: `…${SENTINELS.profileToken.slice(-4)}`, expiresAt: "2020-06-29T15:49:46.000Z" },
    });
    expect(textOf(result)).toMatch(/profile "little one" \(managed\).*now this session's token/);
    expect(textOf(result)).toMatch(/withheld/);
    expect(JSON.stringify(result)).not.toContain(HOME.kid.email);
    const [call] = connected.stub.calls;
    expect(call?.method).toBe("POST");
    expect(call?.url.href).toBe(`${PLEX_TV_URL}/home/users/${HOME.kid.uuid}/switch`);
    expect(call?.headers.get("x-plex-token")).toBe(SENTINELS.envToken);

    expect(structured(await details(connected))).toMatchObject({
      token: { fingerprint: `…${SENTINELS.profileToken.slice(-4)}`, origin: "home-switch" },
    });
    expect(connected.stub.calls[1]?.headers.get("x-plex-token")).toBe(SENTINELS.profileToken);
  });

  test("a protected profile with its PIN: the PIN goes to plex.tv and nowhere else", async () => {
    connected = await connect({ validateOutput: true });
    const result = await switchTo(connected, { uuid: HOME.admin.uuid, pin: SENTINELS.profilePin });
    expect(structured(result)).toMatchObject({ profile: { uuid: HOME.admin.uuid, admin: true, protected: true } });
    expect(connected.stub.calls[0]?.url.searchParams.get("pin")).toBe(SENTINELS.profilePin);
    expect(JSON.stringify(connected.wire)).not.toContain(SENTINELS.profilePin);
    expect(connected.logLines.join("")).toMatch(/plex-auth request/);
    expect(connected.logLines.join("")).not.toContain(SENTINELS.profilePin);
  });

  test.each([
    ["a wrong PIN", { pin: "0000" }],
    ["no PIN", {}],
  ])("a protected profile with %s: home_user_pin_required, ask the user, and the token stays", async (_, pin) => {
    connected = await connect({ validateOutput: true });
    const error = toolError(await switchTo(connected, { uuid: HOME.admin.uuid, ...pin }));
    expect(error).toMatchObject({ code: "home_user_pin_required", status: 403, retryable: false });
    expect(error.hint).toMatch(/Ask the user for this profile's 4-digit PIN/);
    expect(error.hint).toMatch(/Never guess/);
    expect(structured(await details(connected))).toMatchObject({ token: { origin: "environment" } });
    expect(connected.stub.calls[1]?.headers.get("x-plex-token")).toBe(SENTINELS.envToken);
  });

  test("an unknown uuid: not_found, pointing at the uuids get_home_users lists", async () => {
    connected = await connect({ validateOutput: true });
    const error = toolError(await switchTo(connected, { uuid: "0123456789abcdef" }));
    expect(error).toMatchObject({ code: "not_found", status: 404, retryable: false });
    expect(error.hint).toMatch(/Pass the uuid exactly as the tool that lists them returned it/);
  });

  test("with token exposure on, the profile's token is in the result; the PIN never is", async () => {
    connected = await connect({ config: { exposeTokens: true }, validateOutput: true });
    const result = await switchTo(connected, { uuid: HOME.admin.uuid, pin: SENTINELS.profilePin });
    expect(structured(result)).toMatchObject({ token: { value: SENTINELS.profileToken } });
    expect(textOf(result)).toMatch(/The full token is in token\.value/);
    expect(JSON.stringify(result)).not.toContain(SENTINELS.profilePin);
  });
});

describe("switch_home_user asks the person for a protected profile's PIN where the client can", () => {
  for (const era of ["legacy", "modern"] as const) {
    test(`${era}: a form elicitation for the PIN, then the switch; the PIN never reaches the model`, async () => {
      connected = await connect({ era, capabilities: { elicitation: { form: {} } } });
      const asked: string[] = [];
      connected.client.setRequestHandler("elicitation/create", async (request) => {
        asked.push(request.params.message);
        return { action: "accept", content: { pin: SENTINELS.profilePin } };
      });
      const result = await connected.client.callTool({
        name: "switch_home_user",
        arguments: { uuid: HOME.admin.uuid },
      });
      expect(structured(result)).toMatchObject({ profile: { uuid: HOME.admin.uuid } });
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/4-digit PIN/);
      expect(JSON.stringify([result, connected.wire])).not.toContain(SENTINELS.profilePin);
      // The PIN went to plex.tv, on the second attempt only.
      const switches = connected.stub.calls.filter((call) => call.url.pathname.endsWith("/switch"));
      expect(switches.map((call) => call.url.searchParams.get("pin"))).toEqual([null, SENTINELS.profilePin]);
    });

    test(`${era}: declined, it is home_user_pin_required, and nothing more is sent`, async () => {
      connected = await connect({ era, capabilities: { elicitation: { form: {} } } });
      connected.client.setRequestHandler("elicitation/create", async () => ({ action: "decline" }));
      const result = await connected.client.callTool({
        name: "switch_home_user",
        arguments: { uuid: HOME.admin.uuid },
      });
      expect(toolError(result).code).toBe("home_user_pin_required");
      expect(connected.stub.calls.filter((call) => call.url.pathname.endsWith("/switch"))).toHaveLength(1);
    });
  }

  test("a client without form elicitation gets home_user_pin_required, to ask the user and pass the PIN", async () => {
    connected = await connect({ capabilities: { elicitation: { url: {} } } });
    const result = await connected.client.callTool({ name: "switch_home_user", arguments: { uuid: HOME.admin.uuid } });
    expect(toolError(result).code).toBe("home_user_pin_required");
  });
});
