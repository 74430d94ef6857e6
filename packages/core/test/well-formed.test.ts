/**
 * Guards "what is sent is what the caller gave": a string holding a lone UTF-16 surrogate cannot be
 * encoded as UTF-8, and fetch, Headers and URLSearchParams silently turned it into U+FFFD, so Plex got a
 * different password (a failed sign-in that counts toward the lock-out) or token. Found by the reliability
 * suite's property-based part; such text is now refused with InvalidInputError before anything is sent.
 */
import { describe, expect, it } from "vitest";
import { createPlexAuth, InvalidInputError, type PlexAuthOptions } from "../src/index.ts";
import { isWellFormed } from "../src/well-formed.ts";
import { CALLERS, CLIENT_ID, PLEX_TV_URL, PMS_URL, rejection, TOKEN } from "./helpers/client.ts";
import { json, mockFetch } from "./helpers/fetch.ts";
import { example, SIGN_IN } from "./helpers/fixtures.ts";

const HIGH = "\uD800";
const LOW = "\uDC00";

describe("isWellFormed", () => {
  it.each([
    ["ASCII", "plain-Pa55word!", true],
    ["a surrogate pair (an emoji)", "p😀ss", true],
    ["a lone high surrogate", `pa${HIGH}ss`, false],
    ["a lone low surrogate", `pa${LOW}ss`, false],
    ["a high surrogate at the end", `pass${HIGH}`, false],
    ["a pair in the wrong order", `${LOW}${HIGH}`, false],
  ])("%s: %s", (_what, value, expected) => {
    expect(isWellFormed(value)).toBe(expected);
  });
});

describe.each(CALLERS)("lone surrogates are refused before sending ($via)", ({ make }) => {
  it.each([
    ["login", { login: `me${HIGH}@example.com`, password: "pw-123456" }],
    ["password", { login: "me@example.com", password: `pw${LOW}123456` }],
    ["verificationCode", { login: "me@example.com", password: "pw-123456", verificationCode: `01234${HIGH}` }],
  ])("a sign-in %s", async (field, input) => {
    const fetch = mockFetch(json(201, example(SIGN_IN)));
    const error = await rejection(make({ clientIdentifier: CLIENT_ID, fetch: fetch.fetch }).postUsersSignInData(input));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues.map((issue) => issue.path)).toEqual([field]);
    expect((error as InvalidInputError).message).toMatch(/lone UTF-16 surrogate/);
    expect(fetch.calls).toHaveLength(0);
  });

  it("a per-call token, and a token returned by the token function", async () => {
    const fetch = mockFetch(json(200, {}));
    const client = make({ clientIdentifier: CLIENT_ID, token: () => `tok${HIGH}en-1234`, fetch: fetch.fetch });
    expect(await rejection(client.getTokenDetails(undefined, { token: `tok${LOW}en-1234` }))).toBeInstanceOf(
      InvalidInputError,
    );
    expect(await rejection(client.getTokenDetails())).toBeInstanceOf(InvalidInputError);
    expect(fetch.calls).toHaveLength(0);
  });

  it("a well-formed astral character is sent, as its UTF-8 bytes", async () => {
    const fetch = mockFetch(json(201, example(SIGN_IN)));
    await make({ clientIdentifier: CLIENT_ID, fetch: fetch.fetch }).postUsersSignInData({
      login: "me@example.com",
      password: "pw-😀-123",
    });
    expect(new URLSearchParams(fetch.calls[0]?.body).get("password")).toBe("pw-😀-123");
  });
});

describe("client options with lone surrogates fail at construction", () => {
  it.each<[string, Partial<PlexAuthOptions>]>([
    ["clientIdentifier", { clientIdentifier: `id-${HIGH}` }],
    ["deviceName", { deviceName: `Living room ${LOW}` }],
    ["token", { token: `${TOKEN}${HIGH}` }],
    ["serverUrl", { serverUrl: `${PMS_URL}/${HIGH}` }],
    ["plexTvUrl", { plexTvUrl: `${PLEX_TV_URL}${LOW}` }],
  ])("%s", (field, options) => {
    let thrown: unknown;
    try {
      createPlexAuth({ clientIdentifier: CLIENT_ID, ...options } as PlexAuthOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    expect((thrown as InvalidInputError).issues.map((issue) => issue.path)).toEqual([field]);
  });
});
