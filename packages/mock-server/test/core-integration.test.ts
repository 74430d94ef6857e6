import {
  createPlexAuthCore,
  getClaimToken,
  getSourceConnectionInformation,
  getTokenDetails,
  getTransientToken,
  InvalidTokenError,
  isServer,
  postUsersSignInData,
  RateLimitError,
  TwoFactorRequiredError,
} from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, MOCK_HOME_PIN, MOCK_KID_PROFILE, MOCK_SOURCES } from "../src/index.ts";
import { rejectionOf, TRANSPORTS } from "./support/harness.ts";

const { twoFactor, plain } = MOCK_ACCOUNTS;

interface LogLine {
  readonly level: "debug" | "warn";
  readonly message: string;
  readonly details: unknown;
}

function recordingLogger(lines: LogLine[]) {
  return {
    debug: (message: string, details?: unknown) => lines.push({ level: "debug", message, details }),
    warn: (message: string, details?: unknown) => lines.push({ level: "warn", message, details }),
  };
}

describe.each(TRANSPORTS)("the core client against the mock over $name", (transport) => {
  it("signs in with two-factor, then runs every operation with the new token", async () => {
    const { mock, client } = await transport.start();
    const lines: LogLine[] = [];
    const plex = client({ clientIdentifier: "integration", product: "Integration", logger: recordingLogger(lines) });
    const credentials = { login: twoFactor.login, password: twoFactor.password };

    const required = await rejectionOf(plex.authentication.postUsersSignInData(credentials));
    expect(required).toBeInstanceOf(TwoFactorRequiredError);

    const signedIn = await plex.authentication.postUsersSignInData({
      ...credentials,
      verificationCode: await mock.totp("twoFactor"),
    });
    const token = signedIn.authToken;
    expect(mock.devices("twoFactor").map((device) => device.clientIdentifier)).toContain("integration");

    const details = await plex.authentication.getTokenDetails(undefined, { token });
    expect(details).toMatchObject({ id: twoFactor.id, authToken: token, twoFactorEnabled: true });

    const transient = await plex.authentication.getTransientToken({ type: "delegation", scope: "all" }, { token });
    const device = await plex.authentication.getSourceConnectionInformation(
      { source: MOCK_SOURCES.sharedServer.source, refresh: false },
      { token: transient },
    );
    expect(device.Connection.map((connection) => connection.relay)).toEqual([false, true]);

    const logged = JSON.stringify(lines);
    for (const secret of [twoFactor.password, token, transient, device.accessToken as string]) {
      expect(logged).not.toContain(secret);
    }
  });

  it("signs in with a PIN, then runs every auth-flow operation with the token it got", async () => {
    const { mock, client, serverUrl } = await transport.start();
    const lines: LogLine[] = [];
    const tv = client({ clientIdentifier: "tv", product: "TV App", logger: recordingLogger(lines) });
    const pin = await tv.authentication.createOAuthPin();
    expect(mock.approvePin(pin.code, "twoFactor")).toBe(true);
    const { authToken } = await tv.authentication.getOAuthPin({ pinId: pin.id });
    const token = authToken as string;
    const signedIn = tv.withToken(token);
    await expect(signedIn.authentication.ping()).resolves.toBe(true);

    // The TV approves a second device's PIN, as typing its code at plex.tv/link does.
    const phone = client({ clientIdentifier: "phone" });
    const phonePin = await phone.authentication.createOAuthPin({ strong: true });
    await signedIn.authentication.linkOAuthPin({ code: phonePin.code });
    const phoneToken = (await phone.authentication.getOAuthPin({ pinId: phonePin.id })).authToken as string;
    expect((await phone.withToken(phoneToken).authentication.getTokenDetails()).username).toBe(twoFactor.username);

    const servers = (await signedIn.authentication.getServerResources()).filter(isServer);
    expect(servers.map((server) => server.owned)).toEqual([true, false]);
    const home = await signedIn.authentication.getHomeUsers();
    expect(home.users).toHaveLength(3);
    const robin = await signedIn.authentication.switchHomeUser({
      uuid: home.users[1]?.uuid as string,
      pin: MOCK_HOME_PIN,
    });
    const kid = await signedIn.authentication.switchHomeUser({ uuid: MOCK_KID_PROFILE.uuid });
    const claim = await signedIn.authentication.getClaimToken();
    expect(mock.claimTokenStatus(claim)).toBe("live");

    await signedIn.authentication.signOut();
    expect(await rejectionOf(signedIn.authentication.ping())).toBeInstanceOf(InvalidTokenError);
    await expect(tv.withToken(robin.authToken).authentication.ping()).resolves.toBe(true); // other tokens live on

    // Without the mock's own origin: its ephemeral port can hold the 4-digit Home PIN by chance (34321).
    const logged = JSON.stringify(lines).replaceAll(new URL(serverUrl).host, "mock-host");
    const secrets = [token, phoneToken, robin.authToken, kid.authToken, claim, String(pin.id), MOCK_HOME_PIN];
    for (const secret of [...secrets, ...servers.map((server) => server.accessToken as string)]) {
      expect(logged).not.toContain(secret);
    }
  });

  it("works through the standalone functions and a token function too", async () => {
    const { mock, serverUrl, plexTvUrl, fetch } = await transport.start();
    let calls = 0;
    const core = createPlexAuthCore({
      clientIdentifier: "standalone",
      serverUrl,
      plexTvUrl,
      fetch,
      token: () => {
        calls++;
        return twoFactor.token;
      },
    });
    await expect(getTokenDetails(core)).resolves.toMatchObject({ username: twoFactor.username });
    const transient = await getTransientToken(core);
    await expect(
      getSourceConnectionInformation(core, { source: MOCK_SOURCES.epgProvider.source }, { token: transient }),
    ).resolves.toMatchObject({ name: MOCK_SOURCES.epgProvider.name });
    await expect(postUsersSignInData(core, { login: plain.login, password: plain.password })).resolves.toMatchObject({
      username: plain.username,
    });
    await expect(getClaimToken(core)).resolves.toMatch(/^claim-/);
    expect(calls).toBe(3);
    expect(mock.requests).toHaveLength(5);
  });

  it("retries a read after a 503 with Retry-After and tells the logger", async () => {
    const { mock, client } = await transport.start();
    const lines: LogLine[] = [];
    mock.faults.failNext(1, 503, { retryAfterSeconds: 0, operation: "getTransientToken" });
    const transient = await client({
      token: twoFactor.token,
      logger: recordingLogger(lines),
    }).authentication.getTransientToken();
    expect(transient).toMatch(/^transient-/);
    expect(lines.filter((line) => line.level === "warn")).toEqual([
      {
        level: "warn",
        message: "plex-auth retrying",
        details: { operation: "getTransientToken", attempt: 1, reason: "HTTP 503", delayMs: 0 },
      },
    ]);
  });

  it("waits out a 429 with Retry-After from the rate limiter, then succeeds", async () => {
    // The real clock here: the client waits the Retry-After (1 s) and the window must really have passed.
    const { mock, client } = await transport.start({ now: Date.now, rateLimit: { limit: 1, windowMs: 1_000 } });
    const plex = client({ token: plain.token });
    await plex.authentication.getTokenDetails();
    const started = Date.now();
    await expect(plex.authentication.getTokenDetails()).resolves.toMatchObject({ username: plain.username });
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(mock.requests.map((entry) => entry.status)).toEqual([200, 429, 200]);
  });

  it("surfaces a 429 as RateLimitError with retryAfterMs when retries are off or the wait is too long", async () => {
    const { mock, client } = await transport.start({ rateLimit: { limit: 1, windowMs: 600_000 } });
    const plex = client({ token: plain.token, retry: { maxRetryAfterMs: 60_000 } });
    await plex.authentication.getTokenDetails();
    const error = await rejectionOf(plex.authentication.getTokenDetails());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ retryAfterMs: 600_000 });
    expect(mock.requests).toHaveLength(2);
  });

  it("reports a revoked token as InvalidTokenError (422) without retrying", async () => {
    const { mock, client } = await transport.start();
    mock.revokeToken(plain.token);
    const error = await rejectionOf(client({ token: plain.token }).authentication.getTokenDetails());
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ status: 422 });
    expect(mock.requests).toHaveLength(1);
  });

  it("reports a transient token killed by a server restart as InvalidTokenError (401)", async () => {
    const { mock, client } = await transport.start();
    const transient = await client({ token: twoFactor.token }).authentication.getTransientToken();
    mock.restartServer();
    const error = await rejectionOf(
      client({ token: transient }).authentication.getSourceConnectionInformation({
        source: MOCK_SOURCES.ownServer.source,
      }),
    );
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ status: 401 });
  });
});
