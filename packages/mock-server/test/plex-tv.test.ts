import {
  errorFromResponse,
  InvalidTokenError,
  InvalidVerificationCodeError,
  MissingClientIdentifierError,
  RateLimitError,
  SignInThrottledError,
  TwoFactorRequiredError,
  UnauthorizedError,
} from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_RATE_LIMIT, MOCK_ACCOUNTS } from "../src/index.ts";
import { plexHeaders, rejectionOf, TRANSPORTS } from "./support/harness.ts";

const { plain, twoFactor, managed } = MOCK_ACCOUNTS;

describe.each(TRANSPORTS)("plex.tv behaviour over $name", (transport) => {
  it("answers sign-in with 201 and the account with a new token", async () => {
    const { mock, client } = await transport.start();
    const account = await client().authentication.postUsersSignInData({ login: plain.login, password: plain.password });
    expect(account).toMatchObject({ id: plain.id, username: plain.username, email: plain.email });
    expect(account.authToken).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(mock.requests.at(-1)?.status).toBe(201);
  });

  it("accepts the username as the login, case-insensitively", async () => {
    const { client } = await transport.start();
    const account = await client().authentication.postUsersSignInData({
      login: managed.username.toUpperCase(),
      password: managed.password,
    });
    expect(account.username).toBe(managed.username);
  });

  it("registers the client identifier as a device, one token per device", async () => {
    const { mock, client } = await transport.start();
    const kitchen = client({ clientIdentifier: "kitchen-tablet", product: "Kitchen App", version: "2.1" });
    const first = await kitchen.authentication.postUsersSignInData({ login: plain.login, password: plain.password });
    const again = await kitchen.authentication.postUsersSignInData({ login: plain.login, password: plain.password });
    const other = await client({ clientIdentifier: "garage-pi" }).authentication.postUsersSignInData({
      login: plain.login,
      password: plain.password,
    });
    expect(again.authToken).toBe(first.authToken);
    expect(other.authToken).not.toBe(first.authToken);
    const devices = mock.devices("plain").filter((device) => !device.clientIdentifier.startsWith("mock-seeded"));
    expect(devices.map((device) => device.clientIdentifier).sort()).toEqual(["garage-pi", "kitchen-tablet"]);
    expect(devices.find((device) => device.clientIdentifier === "kitchen-tablet")?.details).toMatchObject({
      "X-Plex-Product": "Kitchen App",
      "X-Plex-Version": "2.1",
    });
  });

  it("answers GET /user for a live account token with that account and token", async () => {
    const { client } = await transport.start();
    const account = await client({ token: managed.token }).authentication.getTokenDetails();
    expect(account).toMatchObject({ id: managed.id, authToken: managed.token, restricted: true, home: true });
  });

  it("answers GET /user with 401/1001 for an unknown token or a transient token", async () => {
    const { client } = await transport.start();
    const unknown = await rejectionOf(client({ token: "NotARealToken1234567" }).authentication.getTokenDetails());
    expect(unknown).toBeInstanceOf(InvalidTokenError);
    expect(unknown).toMatchObject({ status: 401, errors: [{ code: 1001 }] });
    const transient = await client({ token: twoFactor.token }).authentication.getTransientToken();
    const withTransient = await rejectionOf(client({ token: transient }).authentication.getTokenDetails());
    expect(withTransient).toMatchObject({ status: 401, errors: [{ code: 1001 }] });
  });

  it("answers 400/1000 when X-Plex-Client-Identifier is missing", async () => {
    const { fetch, plexTvUrl } = await transport.start();
    const response = await fetch(`${plexTvUrl}/user`, {
      headers: { Accept: "application/json", "X-Plex-Token": plain.token },
    });
    const body = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(body)).toEqual({
      errors: [{ code: 1000, message: "X-Plex-Client-Identifier is missing", status: 400 }],
    });
    const error = errorFromResponse({
      status: 400,
      body,
      headers: response.headers,
      operation: { name: "getTokenDetails", requiresToken: true },
    });
    expect(error).toBeInstanceOf(MissingClientIdentifierError);
  });

  it("answers 401/1001 for a wrong password or an unknown login", async () => {
    const { client } = await transport.start();
    const plex = client();
    const wrongPassword = await rejectionOf(
      plex.authentication.postUsersSignInData({ login: plain.login, password: "not-the-password" }),
    );
    const unknownLogin = await rejectionOf(
      plex.authentication.postUsersSignInData({ login: "nobody@example.com", password: plain.password }),
    );
    for (const error of [wrongPassword, unknownLogin]) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error).toMatchObject({ status: 401, errors: [{ code: 1001 }] });
    }
  });

  it("answers 401/1029 when a two-factor account signs in without a code", async () => {
    const { client } = await transport.start();
    const error = await rejectionOf(
      client().authentication.postUsersSignInData({ login: twoFactor.login, password: twoFactor.password }),
    );
    expect(error).toBeInstanceOf(TwoFactorRequiredError);
    expect(error).toMatchObject({
      status: 401,
      errors: [{ code: 1029, message: "Please enter the verification code" }],
    });
  });

  it("signs a two-factor account in with the current TOTP code", async () => {
    const { mock, client } = await transport.start();
    const account = await client().authentication.postUsersSignInData({
      login: twoFactor.login,
      password: twoFactor.password,
      verificationCode: await mock.totp("twoFactor"),
    });
    expect(account).toMatchObject({ username: twoFactor.username, twoFactorEnabled: true, homeAdmin: true });
  });

  it("answers 401/1028 for a wrong code and for a code that was already used", async () => {
    const { mock, client } = await transport.start();
    const plex = client();
    const code = await mock.totp("twoFactor");
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    const wrong = await rejectionOf(
      plex.authentication.postUsersSignInData({
        login: twoFactor.login,
        password: twoFactor.password,
        verificationCode: wrongCode,
      }),
    );
    expect(wrong).toBeInstanceOf(InvalidVerificationCodeError);
    expect(wrong).toMatchObject({ status: 401, errors: [{ code: 1028 }] });

    const credentials = { login: twoFactor.login, password: twoFactor.password, verificationCode: code };
    await plex.authentication.postUsersSignInData(credentials);
    const replayed = await rejectionOf(plex.authentication.postUsersSignInData(credentials));
    expect(replayed).toBeInstanceOf(InvalidVerificationCodeError);

    mock.advanceTime(30_000);
    await expect(
      plex.authentication.postUsersSignInData({ ...credentials, verificationCode: await mock.totp("twoFactor") }),
    ).resolves.toMatchObject({ username: twoFactor.username });
  });

  it("accepts a reused code when rejectReusedCodes is false", async () => {
    const { mock, client } = await transport.start({ rejectReusedCodes: false });
    const credentials = {
      login: twoFactor.login,
      password: twoFactor.password,
      verificationCode: await mock.totp("twoFactor"),
    };
    await client().authentication.postUsersSignInData(credentials);
    await expect(client().authentication.postUsersSignInData(credentials)).resolves.toBeDefined();
  });

  it("locks a client out with 401/1031 after repeated failures, per client, until the lockout ends", async () => {
    const { mock, client } = await transport.start({ lockoutThreshold: 3, lockoutMs: 60_000 });
    const suspicious = client({ clientIdentifier: "suspicious" });
    for (let attempt = 0; attempt < 3; attempt++) {
      await expect(
        suspicious.authentication.postUsersSignInData({ login: plain.login, password: `guess-${attempt}` }),
      ).rejects.toMatchObject({ errors: [{ code: 1001 }] });
    }
    const locked = await rejectionOf(
      suspicious.authentication.postUsersSignInData({ login: plain.login, password: plain.password }),
    );
    expect(locked).toBeInstanceOf(SignInThrottledError);
    expect(locked).toMatchObject({ status: 401, errors: [{ code: 1031 }] });

    const innocent = client({ clientIdentifier: "innocent" });
    await expect(
      innocent.authentication.postUsersSignInData({ login: plain.login, password: plain.password }),
    ).resolves.toBeDefined();

    mock.advanceTime(60_000);
    await expect(
      suspicious.authentication.postUsersSignInData({ login: plain.login, password: plain.password }),
    ).resolves.toBeDefined();
  });

  it("answers 422 Invalid token for a revoked token, and for every token after signing out everywhere", async () => {
    const { mock, client } = await transport.start();
    expect(mock.revokeToken(plain.token)).toBe(true);
    const revoked = await rejectionOf(client({ token: plain.token }).authentication.getTokenDetails());
    expect(revoked).toBeInstanceOf(InvalidTokenError);
    expect(revoked).toMatchObject({ status: 422, errors: [{ message: "Invalid token" }] });

    const fresh = await client({ clientIdentifier: "phone" }).authentication.postUsersSignInData({
      login: managed.login,
      password: managed.password,
    });
    expect(mock.signOutEverywhere("managed")).toBe(2);
    for (const token of [fresh.authToken, managed.token]) {
      await expect(client({ token }).authentication.getTokenDetails()).rejects.toMatchObject({ status: 422 });
    }
  });

  it("rate-limits each client with 429/1003 and Retry-After until the window ends", async () => {
    const { mock, client } = await transport.start({ rateLimit: { limit: 2, windowMs: 10_000 } });
    const busy = client({ token: plain.token, clientIdentifier: "busy", retry: false });
    await busy.authentication.getTokenDetails();
    await busy.authentication.getTokenDetails();
    const limited = await rejectionOf(busy.authentication.getTokenDetails());
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 10_000, errors: [{ code: 1003 }] });

    await expect(
      client({ token: plain.token, clientIdentifier: "quiet" }).authentication.getTokenDetails(),
    ).resolves.toBeDefined();
    mock.advanceTime(10_000);
    await expect(busy.authentication.getTokenDetails()).resolves.toBeDefined();
  });

  it("does not rate-limit when rateLimit is false, even past the default limit", async () => {
    const { mock, client } = await transport.start({ rateLimit: false });
    const plex = client({ token: plain.token, retry: false });
    const calls = DEFAULT_RATE_LIMIT.limit + 5;
    for (let call = 0; call < calls; call++) await plex.authentication.getTokenDetails();
    expect(mock.requests.filter((entry) => entry.status === 200)).toHaveLength(calls);
  });

  it("keeps passwords, codes and tokens out of every error body", async () => {
    const { mock, fetch, plexTvUrl } = await transport.start({ lockoutThreshold: 2 });
    const code = await mock.totp("twoFactor");
    const attempts: [string, Record<string, string>][] = [
      ["wrong password", { login: twoFactor.login, password: "SecretGuess-1234" }],
      ["no code", { login: twoFactor.login, password: twoFactor.password }],
      ["wrong code", { login: twoFactor.login, password: twoFactor.password, verificationCode: "999999" }],
      ["locked out", { login: twoFactor.login, password: twoFactor.password, verificationCode: code }],
    ];
    for (const [, form] of attempts) {
      const response = await fetch(`${plexTvUrl}/users/signin?X-Plex-Token=${plain.token}`, {
        method: "POST",
        headers: { ...plexHeaders(), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(form).toString(),
      });
      const body = await response.text();
      expect(response.status).toBe(401);
      for (const secret of [twoFactor.password, "SecretGuess-1234", "999999", code, plain.token]) {
        expect(body).not.toContain(secret);
      }
    }
  });
});
