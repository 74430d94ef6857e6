/**
 * Core's JWT flows (`@plex-auth/core/jwt`) end to end against the mock, which signs, rotates keys and
 * enforces nonces, lifetimes and the legacy-token rule by its own implementation: the PIN + JWK route, the
 * registerDeviceJWK route and what it does to the legacy token, provisionJwtDevice beside a token that
 * must keep working, a token source refreshing across the mock's clock, after a 498 and across a key
 * rotation, and a Plex Media Server that refuses a JWT.
 */
import {
  createPlexAuth,
  InvalidTokenError,
  JwtExpiredError,
  type PlexAuth,
  type PlexAuthOptions,
} from "@plex-auth/core";
import {
  createJwtPin,
  createJwtTokenSource,
  generateDeviceKey,
  type JwtTokenSourceOptions,
  provisionJwtDevice,
  waitForJwtPin,
} from "@plex-auth/core/jwt";
import { createMockPlex, MOCK_ACCOUNTS, type MockOperationName, type MockPlex } from "@plex-auth/mock-server";
import { describe, expect, it } from "vitest";

const DAY_MS = 24 * 60 * 60_000;
const { plain } = MOCK_ACCOUNTS;

function setUp(options: Parameters<typeof createMockPlex>[0] = {}) {
  const mock = createMockPlex({ seed: 7, rateLimit: false, now: () => Date.UTC(2030, 0, 1), ...options });
  const client = (extra: Partial<PlexAuthOptions> = {}): PlexAuth =>
    createPlexAuth({ clientIdentifier: "jwt-flows-app", product: "JWT flows", ...mock.clientOptions, ...extra });
  const count = (operation: MockOperationName) => mock.requests.filter((r) => r.operation === operation).length;
  return { mock, client, count, now: () => mock.now() };
}

/** A device signed in with a Plex JWT through the PIN + JWK route, with a token source on the mock's clock. */
async function jwtDevice(mock: MockPlex, plex: PlexAuth, extra: Partial<JwtTokenSourceOptions> = {}) {
  const now = () => mock.now();
  const key = await generateDeviceKey();
  const pin = await createJwtPin(plex, key);
  expect(mock.approvePin(pin.code, "plain")).toBe(true);
  const approved = await waitForJwtPin(plex, pin, key, { intervalMs: 100, now });
  const source = createJwtTokenSource(plex, { key, token: approved.authToken, now, ...extra });
  return { key, approved, source, signedIn: plex.withToken(source) };
}

describe("Sign in with Plex, JWT edition (the PIN + JWK route)", () => {
  it("needs no token first: the approved PIN's token is a verified Plex JWT for this key", async () => {
    const { mock, client } = setUp();
    const plex = client();
    const { key, approved, signedIn } = await jwtDevice(mock, plex);
    expect(approved.claims).toMatchObject({ iss: "plex.tv", thumbprint: key.kid });
    expect(approved.claims.exp - approved.claims.iat).toBe(7 * 24 * 60 * 60);
    expect(approved.authToken.split(".")).toHaveLength(3);
    expect(await signedIn.authentication.getTokenDetails()).toMatchObject({ id: plain.id });
    expect(mock.deviceKeys("plain").map((device) => [device.jwk.kid, device.clientIdentifier])).toContainEqual([
      key.kid,
      "jwt-flows-app",
    ]);
  });

  it("re-signs the polls' deviceJWT before its 5 minutes end, so a long wait never polls with a dead one", async () => {
    const { mock } = setUp();
    const sent: string[] = [];
    const fetch: typeof mock.fetch = (url, init) => {
      const deviceJwt = new URL(String(url)).searchParams.get("deviceJWT");
      if (deviceJwt) sent.push(deviceJwt);
      return mock.fetch(url, init);
    };
    const plex = createPlexAuth({ clientIdentifier: "jwt-flows-app", ...mock.clientOptions, fetch });
    const key = await generateDeviceKey();
    const pin = await createJwtPin(plex, key, { strong: true });
    let polls = 0;
    const approved = await waitForJwtPin(plex, pin, key, {
      intervalMs: 100,
      now: () => mock.now(),
      // The person takes 2¼ minutes of the mock's clock between polls, and approves after the third.
      onPoll: () => {
        polls += 1;
        mock.advanceTime(135_000);
        if (polls === 3) mock.approvePin(pin.code, "plain");
      },
    });
    expect(approved.claims.thumbprint).toBe(key.kid);
    // Signed at 0:00, reused at 2:15, signed again at 4:30 (within a minute of its end), reused at 6:45.
    expect(sent).toHaveLength(4);
    expect(sent[1]).toBe(sent[0]);
    expect(sent[2]).not.toBe(sent[0]);
    expect(sent[3]).toBe(sent[2]);
  });
});

describe("a JWT token source against the mock", () => {
  it("refreshes within a day of expiry on the mock's clock: one nonce, one exchange, a new JWT", async () => {
    const { mock, client, count } = setUp();
    const { approved, source, signedIn } = await jwtDevice(mock, client());
    expect(await source()).toBe(approved.authToken);
    expect(count("exchangeJWTToken")).toBe(0);
    mock.advanceTime(6.5 * DAY_MS);
    // Due, but alive: served at once, while the refresh runs behind it.
    expect(await source()).toBe(approved.authToken);
    await source.idle();
    expect(await source()).not.toBe(approved.authToken);
    expect([count("getAuthNonce"), count("exchangeJWTToken")]).toEqual([1, 1]);
    await expect(signedIn.authentication.getTokenDetails()).resolves.toMatchObject({ id: plain.id });
  });

  it("after a missed refresh (the mock 7 days on, the JWT dead) mints a new one: the key is all it needs", async () => {
    const { mock, client } = setUp();
    const { signedIn } = await jwtDevice(mock, client());
    mock.advanceTime(8 * DAY_MS);
    await expect(signedIn.authentication.getTokenDetails()).resolves.toMatchObject({ id: plain.id });
  });

  it("after a 498 the client tells the source, which mints once; the call succeeds on its second try", async () => {
    const { mock, client, count } = setUp();
    const { approved, source, signedIn } = await jwtDevice(mock, client());
    mock.faults.failNext(1, 498, { operation: "getTokenDetails" });
    await expect(signedIn.authentication.getTokenDetails()).resolves.toMatchObject({ id: plain.id });
    expect(count("exchangeJWTToken")).toBe(1);
    expect(await source()).not.toBe(approved.authToken);
  });

  it("a 498 again right after the refresh is surfaced as JwtExpiredError, not retried forever", async () => {
    const { mock, client, count } = setUp();
    const { signedIn } = await jwtDevice(mock, client());
    mock.faults.failNext(2, 498, { operation: "getTokenDetails" });
    const error = await signedIn.authentication.getTokenDetails().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JwtExpiredError);
    expect([count("getTokenDetails"), count("exchangeJWTToken")]).toEqual([2, 1]);
  });

  it("200 calls at the refresh boundary share one refresh", async () => {
    const { mock, client, count } = setUp();
    const { signedIn, source } = await jwtDevice(mock, client());
    mock.advanceTime(6.5 * DAY_MS);
    const calls = Array.from({ length: 200 }, () => signedIn.authentication.ping());
    expect(await Promise.all(calls)).toEqual(calls.map(() => true));
    await source.idle();
    const after = Array.from({ length: 200 }, () => signedIn.authentication.ping());
    expect(await Promise.all(after)).toEqual(after.map(() => true));
    expect([count("getAuthNonce"), count("exchangeJWTToken")]).toEqual([1, 1]);
  });

  it("follows a key rotation: the JWT signed by the new key verifies after one more fetch of the keys", async () => {
    const { mock, client, count } = setUp();
    const { source } = await jwtDevice(mock, client());
    const before = count("getAuthKeys");
    await mock.rotateKeys();
    await source.refresh();
    mock.advanceTime(6.5 * DAY_MS);
    await source();
    await source.idle();
    // Each refresh's verifier keeps the keys a few minutes: one fetch finds the new kid; no key was skipped.
    expect(count("getAuthKeys") - before).toBeGreaterThanOrEqual(1);
    expect(count("exchangeJWTToken")).toBe(2);
  });
});

describe("the legacy token and the two ways to register a key", () => {
  it("registerDeviceJWK binds the key to the token's device: the first JWT minted kills that legacy token", async () => {
    const { mock, client } = setUp();
    const plex = client();
    const account = await plex.authentication.postUsersSignInData({ login: plain.login, password: plain.password });
    const legacy = plex.withToken(account.authToken);
    const key = await generateDeviceKey();
    await legacy.authentication.registerDeviceJWK({ jwk: key.publicJwk });
    const source = createJwtTokenSource(plex, { key, now: () => mock.now() });
    await expect(plex.withToken(source).authentication.getTokenDetails()).resolves.toMatchObject({ id: plain.id });
    const dead = await legacy.authentication.getTokenDetails().catch((caught: unknown) => caught);
    expect(dead).toBeInstanceOf(InvalidTokenError);
  });

  it("provisionJwtDevice gives the key a device of its own: the account's token keeps working", async () => {
    const { mock, client } = setUp();
    const plex = client();
    const account = await plex.authentication.postUsersSignInData({ login: plain.login, password: plain.password });
    const signedIn = plex.withToken(account.authToken);
    const device = client({ clientIdentifier: "jwt-flows-app-jwt" });
    const key = await generateDeviceKey();
    const now = () => mock.now();
    const approved = await provisionJwtDevice(signedIn, device, key, { intervalMs: 100, now });
    const jwtClient = device.withToken(createJwtTokenSource(device, { key, token: approved.authToken, now }));
    mock.advanceTime(6.5 * DAY_MS);
    await expect(jwtClient.authentication.getTokenDetails()).resolves.toMatchObject({ id: plain.id });
    await expect(signedIn.authentication.getTokenDetails()).resolves.toMatchObject({ id: plain.id });
  });

  it("provisionJwtDevice refuses two clients with one client identifier before sending anything", async () => {
    const { mock, client } = setUp();
    const plex = client({ token: plain.token });
    const key = await generateDeviceKey();
    const error = await provisionJwtDevice(plex, client(), key).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "invalid_input" });
    expect(String((error as Error).message)).toContain("deviceClient");
    expect(mock.requests).toHaveLength(0);
  });
});

describe("a Plex Media Server and a Plex JWT", () => {
  it("refuses it by default (401, as real servers still do); the server's accessToken is the way in", async () => {
    const { mock, client } = setUp();
    const { signedIn } = await jwtDevice(mock, client());
    const refused = await signedIn.authentication.getTransientToken().catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(InvalidTokenError);
    const [server] = await signedIn.authentication.getServerResources();
    expect(server?.accessToken).toEqual(expect.any(String));
  });

  it("accepts it when the mock is told to (pmsAcceptsJwt), as newer servers may", async () => {
    const { mock, client } = setUp({ pmsAcceptsJwt: true });
    const { signedIn } = await jwtDevice(mock, client());
    await expect(signedIn.authentication.getTransientToken()).resolves.toEqual(expect.any(String));
  });
});
