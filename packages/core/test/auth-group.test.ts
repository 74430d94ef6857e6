/**
 * Guards the exact wire request and the parsed result of each operation of the Authentication group
 * (FLOWS.md), through the client methods and the standalone functions alike, and their typed errors.
 */
import { describe, expect, it } from "vitest";
import {
  createPlexAuth,
  HomeUserPinRequiredError,
  InvalidInputError,
  InvalidTokenError,
  isServer,
  PinExpiredError,
  type PlexAuthOptions,
  ServerError,
} from "../src/index.ts";
import {
  APPROVED_TOKEN,
  CLAIM_TOKEN,
  HOME_PIN_REQUIRED,
  home,
  PIN_EXPIRED,
  PIN_ID,
  PROFILE_TOKEN,
  RESOURCE_TOKEN,
  resources,
  shortPin,
  strongPin,
  switched,
} from "./helpers/auth-group.ts";
import { IDENTITY, IDENTITY_HEADERS, rejection, TOKEN } from "./helpers/client.ts";
import { json, mockFetch } from "./helpers/fetch.ts";

const NO_TOKEN_HEADERS = { accept: "application/json", ...IDENTITY_HEADERS };
const TOKEN_HEADERS = { ...NO_TOKEN_HEADERS, "x-plex-token": TOKEN };

function client(answer: Response | Response[], options: Partial<PlexAuthOptions> = {}) {
  const mock = mockFetch(...(Array.isArray(answer) ? answer : [answer]));
  const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: mock.fetch, retry: false, ...options });
  return { plex, calls: mock.calls };
}

describe("createOAuthPin", () => {
  it("strong: POST /pins?strong=true, no token, no body; the 201 parses", async () => {
    const { plex, calls } = client(json(201, strongPin()));
    const pin = await plex.authentication.createOAuthPin({ strong: true });
    expect(pin).toMatchObject({ id: PIN_ID, code: "adladoqienbfquboqoqiobeoi", expiresIn: 1800, authToken: null });
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/pins?strong=true");
    expect(calls[0]?.init.method).toBe("POST");
    expect(calls[0]?.headers).toEqual(NO_TOKEN_HEADERS);
    expect(calls[0]?.body).toBeUndefined();
  });

  it("4-character: no strong parameter at all; a numeric postal code parses", async () => {
    const { plex, calls } = client(json(201, shortPin()));
    const pin = await plex.authentication.createOAuthPin();
    expect(pin.code).toBe("7RQZ");
    expect(pin.location?.postal_code).toBe(802);
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/pins");
  });

  it("origin: the browser's Origin, forwarded as the Origin header (Plex checks forwardUrl against it)", async () => {
    const { plex, calls } = client(json(201, strongPin()));
    await plex.authentication.createOAuthPin({ strong: true, origin: "https://my.app" });
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/pins?strong=true");
    expect(calls[0]?.headers).toEqual({ ...NO_TOKEN_HEADERS, origin: "https://my.app" });
    for (const origin of ["https://my.app/", "https://my.app/path", "my.app", "ftp://my.app", "https://u@my.app", ""]) {
      const refused = await rejection(plex.authentication.createOAuthPin({ strong: true, origin }));
      expect(refused, origin).toBeInstanceOf(InvalidInputError);
      expect((refused as InvalidInputError).message, origin).toContain("origin must be a web origin");
    }
    expect(calls).toHaveLength(1);
  });

  it("is never retried once it may have made a PIN (a 500, a reset)", async () => {
    const { plex, calls } = client(json(500, {}), { retry: { maxRetries: 3, initialDelayMs: 1 } });
    expect(await rejection(plex.authentication.createOAuthPin())).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(1);
  });
});

describe("getOAuthPin", () => {
  it("GET /pins/{id}, no token; authToken null, then the token once approved", async () => {
    const { plex, calls } = client([json(200, strongPin()), json(200, strongPin({ authToken: APPROVED_TOKEN }))]);
    expect((await plex.authentication.getOAuthPin({ pinId: PIN_ID })).authToken).toBeNull();
    expect((await plex.authentication.getOAuthPin({ pinId: PIN_ID })).authToken).toBe(APPROVED_TOKEN);
    expect(calls[0]?.url).toBe(`https://plex.tv/api/v2/pins/${PIN_ID}`);
    expect(calls[0]?.headers).toEqual(NO_TOKEN_HEADERS);
  });

  it("404 code 1020 is PinExpiredError, whose message holds no pin id", async () => {
    const { plex } = client(json(404, PIN_EXPIRED));
    const error = (await rejection(plex.authentication.getOAuthPin({ pinId: PIN_ID }))) as PinExpiredError;
    expect(error).toBeInstanceOf(PinExpiredError);
    expect(JSON.stringify(error) + error.stack).not.toContain(String(PIN_ID));
  });

  it("the pin id stays out of log lines (it is a bearer handle)", async () => {
    const lines: string[] = [];
    const logger = { debug: (message: string, details: unknown) => lines.push(message + JSON.stringify(details)) };
    const { plex } = client(json(200, strongPin()), { logger });
    await plex.authentication.getOAuthPin({ pinId: PIN_ID });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(String(PIN_ID));
  });

  it.each([[0], [-1], [1.5], ["564964751"], [Number.NaN]])("refuses pinId %s before sending", async (pinId) => {
    const { plex, calls } = client(json(200, strongPin()));
    expect(await rejection(plex.authentication.getOAuthPin({ pinId } as never))).toBeInstanceOf(InvalidInputError);
    expect(calls).toHaveLength(0);
  });
});

describe("linkOAuthPin", () => {
  it("PUT /pins/link with the form code and the token; a 204 resolves to undefined", async () => {
    const { plex, calls } = client(new Response(null, { status: 204 }));
    await expect(plex.authentication.linkOAuthPin({ code: "7RQZ" })).resolves.toBeUndefined();
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/pins/link");
    expect(calls[0]?.init.method).toBe("PUT");
    expect(calls[0]?.headers).toEqual({ ...TOKEN_HEADERS, "content-type": "application/x-www-form-urlencoded" });
    expect(calls[0]?.body).toBe("code=7RQZ");
  });

  it("refuses a code that is not a PIN code", async () => {
    const { plex, calls } = client(new Response(null, { status: 204 }));
    expect(await rejection(plex.authentication.linkOAuthPin({ code: "7R Q" }))).toBeInstanceOf(InvalidInputError);
    expect(calls).toHaveLength(0);
  });
});

describe("signOut", () => {
  it("DELETE /users/signout with the token; 204 resolves", async () => {
    const { plex, calls } = client(new Response(null, { status: 204 }));
    await expect(plex.authentication.signOut()).resolves.toBeUndefined();
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/users/signout");
    expect(calls[0]?.init.method).toBe("DELETE");
    expect(calls[0]?.headers).toEqual(TOKEN_HEADERS);
  });

  it("is not retried after a reset: the first may have killed the token", async () => {
    const reset = Object.assign(new TypeError("fetch failed"), {
      cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }),
    });
    const mock = mockFetch(reset);
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: mock.fetch, retry: { initialDelayMs: 1 } });
    await rejection(plex.authentication.signOut());
    expect(mock.calls).toHaveLength(1);
  });
});

describe("getServerResources", () => {
  it("GET clients.plex.tv /resources with all three include flags on by default; connections always an array", async () => {
    const { plex, calls } = client(json(200, resources()));
    const found = await plex.authentication.getServerResources();
    expect(calls[0]?.url).toBe("https://clients.plex.tv/api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1");
    expect(calls[0]?.headers).toEqual(TOKEN_HEADERS);
    expect(found.map((resource) => resource.name)).toEqual(["StreamMaster", "PirateBay", "Living room TV"]);
    expect(found[0]?.accessToken).toBe(RESOURCE_TOKEN);
    expect(found[1]?.connections).toEqual([]);
    expect(found.filter(isServer).map((resource) => resource.name)).toEqual(["StreamMaster", "PirateBay"]);
  });

  it("each flag can be turned off", async () => {
    const { plex, calls } = client(json(200, []));
    await plex.authentication.getServerResources({ includeRelay: false, includeIPv6: false });
    expect(new URL(calls[0]?.url ?? "").search).toBe("?includeHttps=1&includeRelay=0&includeIPv6=0");
  });

  it("a body that is not a list is refused", async () => {
    const { plex } = client(json(200, { MediaContainer: {} }));
    expect((await rejection(plex.authentication.getServerResources())) as Error).toMatchObject({
      code: "invalid_response",
    });
  });
});

describe("getHomeUsers", () => {
  it("GET /home/users; managed users come without username or email", async () => {
    const { plex, calls } = client(json(200, home()));
    const result = await plex.authentication.getHomeUsers();
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/home/users");
    expect(result.users.map((user) => [user.uuid, user.protected, user.username])).toEqual([
      ["d320a7e6324aacd5", true, "alice"],
      ["19860c4bdfbf24d5", false, null],
    ]);
  });
});

describe("switchHomeUser", () => {
  it("POST /home/users/{uuid}/switch with the PIN as a query parameter; the profile's token comes back", async () => {
    const { plex, calls } = client(json(201, switched()));
    const profile = await plex.authentication.switchHomeUser({ uuid: "d320a7e6324aacd5", pin: "0123" });
    expect(profile.authToken).toBe(PROFILE_TOKEN);
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/home/users/d320a7e6324aacd5/switch?pin=0123");
    expect(calls[0]?.init.method).toBe("POST");
    expect(calls[0]?.body).toBeUndefined();
  });

  it("no pin for an unprotected profile: no query at all", async () => {
    const { plex, calls } = client(json(201, switched()));
    await plex.authentication.switchHomeUser({ uuid: "19860c4bdfbf24d5" });
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/home/users/19860c4bdfbf24d5/switch");
  });

  it("403 code 1041 is HomeUserPinRequiredError; the PIN is in no message or log line", async () => {
    const lines: string[] = [];
    const logger = { debug: (message: string, details: unknown) => lines.push(message + JSON.stringify(details)) };
    const { plex } = client(json(403, HOME_PIN_REQUIRED), { logger });
    const error = (await rejection(
      plex.authentication.switchHomeUser({ uuid: "d320a7e6324aacd5", pin: "9876" }),
    )) as HomeUserPinRequiredError;
    expect(error).toBeInstanceOf(HomeUserPinRequiredError);
    expect(`${error.message}${JSON.stringify(error)}${lines.join("")}`).not.toContain("9876");
  });

  it.each([["123"], ["12345"], ["12a4"], [1234]])("refuses pin %s before sending", async (pin) => {
    const { plex, calls } = client(json(201, switched()));
    const error = await rejection(plex.authentication.switchHomeUser({ uuid: "d320a7e6324aacd5", pin } as never));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(calls).toHaveLength(0);
  });

  it("a uuid cannot change the path", async () => {
    const { plex, calls } = client(json(201, switched()));
    expect(await rejection(plex.authentication.switchHomeUser({ uuid: "../../users/signout" }))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe("getClaimToken", () => {
  it("GET https://plex.tv/api/claim/token.json (the v1 API) with the token; resolves to the claim token", async () => {
    const { plex, calls } = client(json(200, { token: CLAIM_TOKEN }));
    await expect(plex.authentication.getClaimToken()).resolves.toBe(CLAIM_TOKEN);
    expect(calls[0]?.url).toBe("https://plex.tv/api/claim/token.json");
    expect(calls[0]?.headers).toEqual(TOKEN_HEADERS);
  });

  it("a dead token is InvalidTokenError", async () => {
    const { plex } = client(json(401, { errors: [{ code: 1001, message: "User could not be authenticated" }] }));
    expect(await rejection(plex.authentication.getClaimToken())).toBeInstanceOf(InvalidTokenError);
  });
});

describe("ping", () => {
  it("GET /ping with the token; {pong: true} is true", async () => {
    const { plex, calls } = client(json(200, { pong: true }));
    await expect(plex.authentication.ping()).resolves.toBe(true);
    expect(calls[0]?.url).toBe("https://plex.tv/api/v2/ping");
    expect(calls[0]?.headers).toEqual(TOKEN_HEADERS);
  });

  it("the newest spec's {success: true} is not a ping answer", async () => {
    const { plex } = client(json(200, { success: true }));
    expect((await rejection(plex.authentication.ping())) as Error).toMatchObject({ code: "invalid_response" });
  });
});
