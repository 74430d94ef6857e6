/**
 * Guards the exact wire request of each operation (method, URL, query, headers, form body) and the shape
 * of its result, against an injected fetch: through the client methods and the standalone functions alike.
 */
import { describe, expect, it } from "vitest";
import { CALLERS, IDENTITY, IDENTITY_HEADERS, PLEX_TV_URL, PMS_URL, TOKEN } from "./helpers/client.ts";
import { json, mockFetch } from "./helpers/fetch.ts";
import { ACCOUNT, example, RESOURCES, SIGN_IN, TRANSIENT } from "./helpers/fixtures.ts";

/** Every header a token-bearing request must carry, and nothing else. */
const TOKEN_REQUEST_HEADERS = { accept: "application/json", ...IDENTITY_HEADERS, "x-plex-token": TOKEN };

describe.each(CALLERS)("requests via $via", ({ make }) => {
  it("getTransientToken sends GET /security/token?type=delegation&scope=all with the token as a header only", async () => {
    const mock = mockFetch(json(200, example(TRANSIENT)));
    const client = make({ ...IDENTITY, token: TOKEN, serverUrl: PMS_URL, fetch: mock.fetch });

    const token = await client.getTransientToken({ type: "delegation", scope: "all" });

    expect(token).toBe("transient-5f0c2f4e-1d7b-4d7e-9a3c-2b8f6a1e9c77");
    expect(mock.calls).toHaveLength(1);
    const [call] = mock.calls;
    expect(call?.url).toBe(`${PMS_URL}/security/token?type=delegation&scope=all`);
    expect(call?.init.method).toBe("GET");
    expect(call?.headers).toEqual(TOKEN_REQUEST_HEADERS);
    expect(call?.body).toBeUndefined();
    expect(call?.init.redirect).toBe("manual");
    expect(call?.url).not.toContain(TOKEN);
    expect(call?.url.toLowerCase()).not.toContain("x-plex-token");
  });

  it("getTransientToken defaults type and scope when called without input", async () => {
    const mock = mockFetch(json(200, example(TRANSIENT)));
    const client = make({ ...IDENTITY, token: TOKEN, serverUrl: PMS_URL, fetch: mock.fetch });

    await client.getTransientToken();

    expect(mock.calls[0]?.url).toBe(`${PMS_URL}/security/token?type=delegation&scope=all`);
  });

  it("getSourceConnectionInformation sends GET /security/resources with source and refresh as 0/1", async () => {
    const mock = mockFetch(json(200, example(RESOURCES)));
    const client = make({ ...IDENTITY, token: TOKEN, serverUrl: PMS_URL, fetch: mock.fetch });

    const device = await client.getSourceConnectionInformation({ source: "server://0123456789abcdef", refresh: true });
    await client.getSourceConnectionInformation({ source: "provider://tv.plex.provider.vod", refresh: false });
    await client.getSourceConnectionInformation({ source: "server://abc" });

    const urls = mock.calls.map((call) => new URL(call.url));
    expect(urls.map((url) => url.origin + url.pathname)).toEqual(Array(3).fill(`${PMS_URL}/security/resources`));
    expect(urls.map((url) => Object.fromEntries(url.searchParams))).toEqual([
      { source: "server://0123456789abcdef", refresh: "1" },
      { source: "provider://tv.plex.provider.vod", refresh: "0" },
      { source: "server://abc" },
    ]);
    for (const call of mock.calls) {
      expect(call.init.method).toBe("GET");
      expect(call.headers).toEqual(TOKEN_REQUEST_HEADERS);
      expect(call.url).not.toContain(TOKEN);
    }
    expect(device).toMatchObject({
      name: "Living Room PMS",
      clientIdentifier: "0123456789abcdef0123456789abcdef",
      accessToken: "transient-9d3b7c1a-6e2f-4a8b-b1c4-7f5e3d2a1b0c",
    });
    expect((device as { Connection: { uri: string }[] }).Connection.map((connection) => connection.uri)).toEqual([
      "https://192-168-1-1.0123456789abcdef0123456789abcdef.plex.direct:32400",
      "http://192.168.1.1:32400",
    ]);
  });

  it("getTokenDetails sends GET {plexTvUrl}/user with no query and returns the account", async () => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    const client = make({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });

    const account = await client.getTokenDetails();

    expect(mock.calls[0]?.url).toBe(`${PLEX_TV_URL}/user`);
    expect(mock.calls[0]?.init.method).toBe("GET");
    expect(mock.calls[0]?.headers).toEqual(TOKEN_REQUEST_HEADERS);
    expect(account).toMatchObject({ id: 13692262, username: "Username", authToken: "CxoUzBTSV5hsxjTpFKaf" });
  });

  it("postUsersSignInData POSTs a form body to {plexTvUrl}/users/signin, rememberMe false by default, no token", async () => {
    const mock = mockFetch(json(201, example(SIGN_IN)));
    // The client has a token, and sign-in must still not send it.
    const client = make({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });

    const account = await client.postUsersSignInData({ login: "me@example.com", password: "hunter2" });

    const [call] = mock.calls;
    expect(call?.url).toBe(`${PLEX_TV_URL}/users/signin`);
    expect(call?.init.method).toBe("POST");
    expect(call?.headers).toEqual({
      accept: "application/json",
      "content-type": "application/x-www-form-urlencoded",
      ...IDENTITY_HEADERS,
    });
    expect(call?.body).toBe("login=me%40example.com&password=hunter2&rememberMe=false");
    expect(call?.url).not.toContain("hunter2");
    expect(account).toMatchObject({ authToken: "CxoUzBTSV5hsxjTpFKaf", pastSubscriptions: [{ state: "ended" }] });
  });

  it("postUsersSignInData keeps leading zeros of the code, sends rememberMe=true, and form-encodes special characters", async () => {
    const mock = mockFetch(json(201, example(SIGN_IN)));
    const client = make({ ...IDENTITY, fetch: mock.fetch });
    const password = "p&ss=w rd+%/ü€";

    await client.postUsersSignInData({
      login: "user name",
      password,
      verificationCode: "012345",
      rememberMe: true,
    });

    const body = mock.calls[0]?.body ?? "";
    expect(Object.fromEntries(new URLSearchParams(body))).toEqual({
      login: "user name",
      password,
      rememberMe: "true",
      verificationCode: "012345",
    });
    expect(body).toContain("verificationCode=012345");
    expect(body).not.toContain("{");
  });

  it("per-call serverUrl and token override the client's for that call only", async () => {
    const mock = mockFetch(json(200, example(TRANSIENT)));
    const client = make({ ...IDENTITY, token: TOKEN, serverUrl: PMS_URL, fetch: mock.fetch });

    await client.getTransientToken(undefined, {
      serverUrl: "https://10-0-0-2.abc.plex.direct:32400/",
      token: "other-token",
    });
    await client.getTransientToken();

    expect(mock.calls[0]?.url).toBe("https://10-0-0-2.abc.plex.direct:32400/security/token?type=delegation&scope=all");
    expect(mock.calls[0]?.headers["x-plex-token"]).toBe("other-token");
    expect(mock.calls[1]?.url).toBe(`${PMS_URL}/security/token?type=delegation&scope=all`);
    expect(mock.calls[1]?.headers["x-plex-token"]).toBe(TOKEN);
  });

  it("a token function is asked once per call and its value is sent as X-Plex-Token", async () => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    let asked = 0;
    const client = make({
      ...IDENTITY,
      token: async () => `rotating-token-${++asked}`,
      fetch: mock.fetch,
    });

    await client.getTokenDetails();
    await client.getTokenDetails();

    expect(asked).toBe(2);
    expect(mock.calls.map((call) => call.headers["x-plex-token"])).toEqual(["rotating-token-1", "rotating-token-2"]);
  });

  it("a trailing slash on plexTvUrl or serverUrl never produces a double slash", async () => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    const client = make({ ...IDENTITY, token: TOKEN, plexTvUrl: "https://plex.example/api/v2/", fetch: mock.fetch });

    await client.getTokenDetails();

    expect(mock.calls[0]?.url).toBe("https://plex.example/api/v2/user");
  });

  it("sends X-Plex-Product plex-auth when no product is set, and only the identity fields that were set", async () => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    const client = make({ clientIdentifier: "only-id", token: TOKEN, fetch: mock.fetch });

    await client.getTokenDetails();

    expect(mock.calls[0]?.headers).toEqual({
      accept: "application/json",
      "x-plex-client-identifier": "only-id",
      "x-plex-product": "plex-auth",
      "x-plex-token": TOKEN,
    });
  });
});
