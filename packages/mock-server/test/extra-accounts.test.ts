/**
 * The `accounts` option: accounts added to the three seeded ones sign in, carry their own tokens, and
 * get the same treatment as seeded ones (two-factor, devices, sign-out, redaction), so a test can sign in
 * as many different users at once (the reliability suite's 50 concurrent MCP sessions).
 */
import { InvalidTokenError, TwoFactorRequiredError, UnauthorizedError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { createMockPlex, MOCK_ACCOUNTS, type MockAccountInit } from "../src/index.ts";
import { rejectionOf, TRANSPORTS } from "./support/harness.ts";

const EXTRA: readonly MockAccountInit[] = Array.from({ length: 5 }, (_, index) => ({
  key: `user${index}`,
  username: `user${index}`,
  email: `User${index}@Example.com`,
  password: `user${index}-Pa55word!`,
}));
const TWO_FACTOR: MockAccountInit = {
  key: "guarded",
  username: "guarded",
  email: "guarded@example.com",
  password: "guarded-Pa55word!",
  totpSecret: MOCK_ACCOUNTS.twoFactor.totpSecret as string,
  token: "guardedSeededToken01",
};

describe.each(TRANSPORTS)("added accounts over $name", (transport) => {
  it("each signs in by username or email (any case) and gets its own token and account", async () => {
    const { client } = await transport.start({ accounts: EXTRA });
    const plex = client();
    const tokens = new Set<string>();
    for (const [index, init] of EXTRA.entries()) {
      const login = index % 2 ? init.username.toUpperCase() : init.email.toLowerCase();
      const signedIn = await plex.authentication.postUsersSignInData({ login, password: init.password });
      expect(signedIn).toMatchObject({ username: init.username, email: init.email, id: 30_000_001 + index });
      const details = await plex.authentication.getTokenDetails(undefined, { token: signedIn.authToken });
      expect(details.username).toBe(init.username);
      tokens.add(signedIn.authToken);
    }
    expect(tokens.size).toBe(EXTRA.length);
    // The seeded accounts are still there.
    const { login, password } = MOCK_ACCOUNTS.plain;
    expect((await plex.authentication.postUsersSignInData({ login, password })).username).toBe("casey");
  });

  it("a wrong password of an added account is a 401, like any other", async () => {
    const { client } = await transport.start({ accounts: EXTRA });
    const error = await rejectionOf(
      client().authentication.postUsersSignInData({ login: "user1", password: "user0-Pa55word!" }),
    );
    expect(error).toBeInstanceOf(UnauthorizedError);
  });

  it("an added account with a TOTP secret needs its code; its seeded token, devices and sign-out work", async () => {
    const { mock, client } = await transport.start({ accounts: [TWO_FACTOR] });
    const plex = client();
    const { login, password } = { login: TWO_FACTOR.username, password: TWO_FACTOR.password };
    expect(await rejectionOf(plex.authentication.postUsersSignInData({ login, password }))).toBeInstanceOf(
      TwoFactorRequiredError,
    );
    const account = await plex.authentication.postUsersSignInData({
      login,
      password,
      verificationCode: await mock.totp("guarded"),
    });
    expect(account.twoFactorEnabled).toBe(true);
    expect((await plex.authentication.getTokenDetails(undefined, { token: "guardedSeededToken01" })).id).toBe(
      account.id,
    );
    expect(mock.devices("guarded")).toHaveLength(2);
    expect(mock.signOutEverywhere("guarded")).toBe(2);
    expect(
      await rejectionOf(plex.authentication.getTokenDetails(undefined, { token: account.authToken })),
    ).toBeInstanceOf(InvalidTokenError);
  });

  it("added passwords and tokens are redacted in the request log", async () => {
    const { mock, client } = await transport.start({ accounts: [TWO_FACTOR] });
    await client()
      .authentication.getTokenDetails(undefined, { token: "guardedSeededToken01" })
      .catch(() => {});
    await client()
      .authentication.postUsersSignInData({ login: "guarded", password: TWO_FACTOR.password })
      .catch(() => {});
    const log = JSON.stringify(mock.requests);
    expect(log).not.toContain(TWO_FACTOR.password);
    expect(log).not.toContain("guardedSeededToken01");
  });
});

describe("the accounts option is validated", () => {
  it.each<[string, MockAccountInit[], RegExp]>([
    [
      "a username taken by a seeded account",
      [{ key: "k", username: "Casey", email: "k@example.com", password: "p" }],
      /login/,
    ],
    [
      "an email taken by another added account",
      [EXTRA[0] as MockAccountInit, { ...(EXTRA[1] as MockAccountInit), email: "user0@example.com" }],
      /login/,
    ],
    ["a seeded key", [{ key: "plain", username: "k", email: "k@example.com", password: "p" }], /key/],
    ["the Home profile's key", [{ key: "kid", username: "k", email: "k@example.com", password: "p" }], /key/],
    ["an empty password", [{ key: "k", username: "k", email: "k@example.com", password: "" }], /password/],
    [
      "a token of another account",
      [{ key: "k", username: "k", email: "k@example.com", password: "p", token: MOCK_ACCOUNTS.plain.token }],
      /token/,
    ],
  ])("%s is refused", (_what, accounts, message) => {
    expect(() => createMockPlex({ accounts })).toThrow(message);
  });
});
