/**
 * Guards JWT device authentication (@plex-auth/core/jwt): the device key (Ed25519, its JWK and RFC 7638
 * kid, export and import), the client JWT, every verification rule of a Plex JWT (each with a test that
 * fails without it), key rotation, and the token source: refresh before expiry, one refresh for many
 * callers, a 498 answered by one refresh and one retry, a missed refresh survived, typed failures.
 */
import {
  calculateJwkThumbprint,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
} from "jose";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createPlexAuth, InvalidInputError, JwtExpiredError, PlexAuthError, ServerError } from "../src/index.ts";
import {
  createJwtTokenSource,
  exportDeviceKey,
  generateDeviceKey,
  importDeviceKey,
  JwtVerificationError,
  signClientJwt,
  verifyPlexJwt,
} from "../src/jwt/index.ts";
import { rejection } from "./helpers/client.ts";
import { fakeJwtPlex } from "./helpers/fake-jwt-plex.ts";

const CLIENT = "jwt-test-device-0001";
const DAY = 24 * 60 * 60_000;

afterEach(() => {
  vi.useRealTimers();
});

async function setUp() {
  const key = await generateDeviceKey();
  const fake = await fakeJwtPlex(key, CLIENT);
  const plex = createPlexAuth({ clientIdentifier: CLIENT, fetch: fake.fetch, retry: false });
  return { key, fake, plex };
}

describe("the device key", () => {
  it("is Ed25519, with a public JWK Plex takes and a kid that is its RFC 7638 thumbprint", async () => {
    const key = await generateDeviceKey();
    expect(key.publicJwk).toEqual({
      kty: "OKP",
      crv: "Ed25519",
      x: expect.stringMatching(/^[\w-]{43}$/),
      use: "sig",
      alg: "EdDSA",
      kid: key.kid,
    });
    expect(key.kid).toBe(await calculateJwkThumbprint({ kty: "OKP", crv: "Ed25519", x: key.publicJwk.x }));
    expect(JSON.stringify(key.publicJwk)).not.toContain('"d"');
  });

  it("exports to a private JWK and imports back to the same key", async () => {
    const key = await generateDeviceKey();
    const stored = await exportDeviceKey(key);
    expect(Object.keys(stored).sort()).toEqual(["crv", "d", "kid", "kty", "x"]);
    const again = await importDeviceKey(stored);
    expect(again.kid).toBe(key.kid);
    const jwt = await signClientJwt(again, { clientIdentifier: CLIENT });
    await expect(jwtVerify(jwt, await importJWK(key.publicJwk, "EdDSA"))).resolves.toBeTruthy();
  });

  it("refuses a stored key whose kid is not its thumbprint, or that is not Ed25519, without quoting it", async () => {
    const stored = await exportDeviceKey(await generateDeviceKey());
    for (const bad of [
      { ...stored, kid: "someone-elses-kid" },
      { ...stored, crv: "X25519" },
      { ...stored, d: "short" },
    ]) {
      const error = await rejection(importDeviceKey(bad as never));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(stored.d);
    }
  });

  it("a non-extractable key signs but will not be exported", async () => {
    const key = await generateDeviceKey({ extractable: false });
    await expect(signClientJwt(key, { clientIdentifier: CLIENT })).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await rejection(exportDeviceKey(key))).toBeInstanceOf(InvalidInputError);
  });

  // The README's browser pattern keeps the DeviceKey itself in IndexedDB, which stores by structured clone.
  it("survives a structured clone (IndexedDB's storage) still non-extractable, and still signs", async () => {
    const key = await generateDeviceKey({ extractable: false });
    const stored = structuredClone(key);
    expect(stored.privateKey.extractable).toBe(false);
    expect(stored.publicJwk).toEqual(key.publicJwk);
    const jwt = await signClientJwt(stored, { clientIdentifier: CLIENT });
    const { payload } = await jwtVerify(jwt, await importJWK(key.publicJwk, "EdDSA"));
    expect(payload.iss).toBe(CLIENT);
  });
});

describe("the client JWT", () => {
  it("is EdDSA with the key's kid; aud plex.tv, iss the client identifier, the nonce, a 5-minute life", async () => {
    const key = await generateDeviceKey();
    const jwt = await signClientJwt(key, { clientIdentifier: CLIENT, nonce: "n-1", now: 1_700_000_000_000 });
    expect(decodeProtectedHeader(jwt)).toEqual({ alg: "EdDSA", typ: "JWT", kid: key.kid });
    expect(decodeJwt(jwt)).toEqual({
      nonce: "n-1",
      scope: "username,email,friendly_name,restricted,anonymous,joinedAt",
      aud: "plex.tv",
      iss: CLIENT,
      iat: 1_700_000_000,
      exp: 1_700_000_300,
    });
  });
});

describe("verifying a Plex JWT", () => {
  const good = (key: { kid: string }, overrides: Record<string, unknown> = {}) => {
    const iat = Math.floor(Date.now() / 1000);
    return { iss: "plex.tv", aud: ["plex.tv", CLIENT], iat, exp: iat + 604_800, thumbprint: key.kid, ...overrides };
  };
  const reasonOf = async (promise: Promise<unknown>) => ((await rejection(promise)) as JwtVerificationError).reason;

  it("accepts a well-formed token, and returns its claims", async () => {
    const { key, fake, plex } = await setUp();
    const claims = await verifyPlexJwt(plex, await fake.sign(good(key)), { key });
    expect(claims.thumbprint).toBe(key.kid);
  });

  it.each([
    ["a wrong aud", { aud: ["plex.tv", "another-client"] }, "audience"],
    ["a wrong iss", { iss: "evil.example" }, "issuer"],
    ["another key's thumbprint", { thumbprint: "not-our-kid" }, "thumbprint"],
    ["an expired exp", { exp: Math.floor(Date.now() / 1000) - 10 }, "expired"],
    [
      "an iat two minutes ahead",
      { iat: Math.floor(Date.now() / 1000) + 120, exp: Math.floor(Date.now() / 1000) + 9999 },
      "issued_in_future",
    ],
    [
      "exp not after iat",
      { iat: Math.floor(Date.now() / 1000) - 5, exp: Math.floor(Date.now() / 1000) - 5 + 0 },
      "expired",
    ],
  ])("refuses %s", async (_what, overrides, reason) => {
    const { key, fake, plex } = await setUp();
    expect(await reasonOf(verifyPlexJwt(plex, await fake.sign(good(key, overrides)), { key }))).toBe(reason);
  });

  it("refuses exp before iat even when neither has passed", async () => {
    const { key, fake, plex } = await setUp();
    const now = Math.floor(Date.now() / 1000);
    expect(
      await reasonOf(verifyPlexJwt(plex, await fake.sign(good(key, { iat: now + 50, exp: now + 40 })), { key })),
    ).toBe("lifetime");
  });

  it("refuses alg none, and an alg other than EdDSA", async () => {
    const { key, plex } = await setUp();
    const body = Buffer.from(JSON.stringify(good(key))).toString("base64url");
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "JWT" })).toString("base64url")}.${body}.`;
    expect(await reasonOf(verifyPlexJwt(plex, none, { key }))).toBe("algorithm");
    const hs = `${Buffer.from(JSON.stringify({ alg: "HS256", kid: "plex-signing-key-0" })).toString("base64url")}.${body}.c2ln`;
    expect(await reasonOf(verifyPlexJwt(plex, hs, { key }))).toBe("algorithm");
  });

  it("never uses an RSA key offered under the token's kid", async () => {
    const { key, fake } = await setUp();
    const { publicKey } = await generateKeyPair("RS256", { extractable: true });
    const rsa = { ...(await exportJWK(publicKey)), kid: "plex-signing-key-0", alg: "RS256" };
    const fetch = async (url: string, init: RequestInit) =>
      url.endsWith("/auth/keys") ? Response.json({ keys: [rsa] }) : fake.fetch(url, init);
    const withRsa = createPlexAuth({ clientIdentifier: CLIENT, fetch, retry: false });
    expect(await reasonOf(verifyPlexJwt(withRsa, await fake.sign(good(key)), { key }))).toBe("no_key");
  });

  it("follows a key rotation: an unknown kid fetches the keys again once, then any key is tried", async () => {
    const { key, fake, plex } = await setUp();
    const verifier = (await import("../src/jwt/index.ts")).createPlexJwtVerifier(plex);
    await verifier.verify(await fake.sign(good(key)), { key });
    await fake.rotate(1);
    // Signed by the new key: the cached keys do not have its kid, so they are fetched again.
    await expect(verifier.verify(await fake.sign(good(key)), { key })).resolves.toBeTruthy();
    expect(fake.calls.filter((path) => path === "/auth/keys")).toHaveLength(2);
    // A kid no key has (python-plexapi's bug was to check only the first key): every key is tried.
    const unlabelled = await fake.sign(good(key), { kid: "unknown-kid" });
    await expect(verifier.verify(unlabelled, { key })).resolves.toBeTruthy();
  });

  it("a token signed by a key plex.tv dropped fails its signature", async () => {
    const { key, fake, plex } = await setUp();
    const old = await fake.sign(good(key));
    await fake.rotate(0);
    expect(await reasonOf(verifyPlexJwt(plex, old, { key }))).toBe("signature");
  });

  it("errors hold no token", async () => {
    const { key, fake, plex } = await setUp();
    const token = await fake.sign(good(key, { aud: "elsewhere" }));
    const error = await rejection(verifyPlexJwt(plex, token, { key }));
    expect(`${JSON.stringify(error)}${(error as Error).message}${(error as Error).stack}`).not.toContain(token);
  });
});

describe("the JWT token source", () => {
  it("mints a JWT on first use (nonce, signed client JWT, exchange, verification) and keeps it", async () => {
    const { key, fake, plex } = await setUp();
    const kept: string[] = [];
    const source = createJwtTokenSource(plex, { key, onToken: (token) => void kept.push(token) });
    const signedIn = plex.withToken(source);
    await signedIn.authentication.getTokenDetails();
    await signedIn.authentication.getTokenDetails();
    expect(fake.calls).toEqual(["/auth/nonce", "/auth/token", "/auth/keys", "/user", "/user"]);
    expect(kept).toEqual(fake.issued);
  });

  it("1,000 concurrent calls across a refresh boundary make exactly one exchange", async () => {
    const { key, fake, plex } = await setUp();
    const source = createJwtTokenSource(plex, { key });
    const signedIn = plex.withToken(source);
    await signedIn.authentication.getTokenDetails();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 6.5 * DAY }); // within a day of its end
    await Promise.all(Array.from({ length: 1000 }, () => signedIn.authentication.getTokenDetails()));
    await source.idle();
    await Promise.all(Array.from({ length: 1000 }, () => signedIn.authentication.getTokenDetails()));
    expect(fake.calls.filter((path) => path === "/auth/token")).toHaveLength(2);
  });

  it("serves a due JWT at once while the refresh runs: a stalled exchange holds up no call", async () => {
    const { key, fake } = await setUp();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let stall = false;
    const fetch = async (url: string, init: RequestInit) => {
      if (stall && url.endsWith("/auth/token")) await gate;
      return fake.fetch(url, init);
    };
    const plex = createPlexAuth({ clientIdentifier: CLIENT, fetch, retry: false });
    const source = createJwtTokenSource(plex, { key });
    const signedIn = plex.withToken(source);
    const first = await source();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 6.5 * DAY });
    stall = true;
    const calls = Array.from({ length: 20 }, () =>
      signedIn.authentication.getTokenDetails(undefined, { timeoutMs: 500 }),
    );
    await expect(Promise.all(calls)).resolves.toHaveLength(20);
    expect(await source()).toBe(first);
    const idle = source.idle();
    let settled = false;
    void idle.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false); // idle waits for the refresh behind the calls
    release();
    await idle;
    expect(await source()).not.toBe(first);
    expect(fake.issued).toHaveLength(2);
  });

  it("a 498 mid-flight makes one refresh and one retry of that call", async () => {
    const { key, fake, plex } = await setUp();
    const signedIn = plex.withToken(createJwtTokenSource(plex, { key, refreshWithinMs: 0 }));
    await signedIn.authentication.getTokenDetails();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 7 * DAY - 1000 }); // still valid to the source
    const exchangesBefore = fake.calls.filter((path) => path === "/auth/token").length;
    // The fake's clock runs ahead of the source's: plex.tv says the JWT expired (498).
    const realFetch = fake.fetch;
    let first = true;
    const fetch = async (url: string, init: RequestInit) => {
      if (first && url.endsWith("/user")) {
        first = false;
        return Response.json(
          { errors: [{ message: "Your JWT has expired and needs refresh", status: 498 }] },
          { status: 498 },
        );
      }
      return realFetch(url, init);
    };
    const source = createJwtTokenSource(createPlexAuth({ clientIdentifier: CLIENT, fetch, retry: false }), {
      key,
      token: fake.issued[0],
      refreshWithinMs: 0,
    });
    const client = createPlexAuth({ clientIdentifier: CLIENT, fetch, retry: false, token: source });
    await expect(client.authentication.getTokenDetails()).resolves.toMatchObject({ username: "Username" });
    expect(fake.calls.filter((path) => path === "/auth/token").length - exchangesBefore).toBe(1);
  });

  it("a 498 for a token the caller passed per call is not retried: the source did not give it", async () => {
    const { key, fake, plex } = await setUp();
    const fetch = async () =>
      Response.json({ errors: [{ message: "Your JWT has expired and needs refresh", status: 498 }] }, { status: 498 });
    const client = createPlexAuth({
      clientIdentifier: CLIENT,
      fetch,
      retry: false,
      token: createJwtTokenSource(plex, { key }),
    });
    const error = await rejection(client.authentication.getTokenDetails(undefined, { token: "an-explicit-token" }));
    expect(error).toBeInstanceOf(JwtExpiredError);
    expect(fake.calls).toHaveLength(0);
  });

  it("keeps working after a missed refresh: a failed refresh while the JWT lives leaves that JWT in use", async () => {
    const { key, fake, plex } = await setUp();
    const source = createJwtTokenSource(plex, { key });
    const first = await source();
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 6.5 * DAY });
    fake.failExchanges(5, 503);
    await expect(source()).resolves.toBe(first);
    await source.idle(); // the refresh behind it failed, and idle does not reject
    await expect(source()).resolves.toBe(first); // the next call tries again behind it
    await source.idle();
    expect(fake.calls.filter((path) => path === "/auth/token")).toHaveLength(3);
    // Once it expired, the next call mints a new one (the exchange needs only the device key).
    fake.failExchanges(0, 503);
    vi.setSystemTime(Date.now() + DAY);
    const next = await source();
    expect(next).not.toBe(first);
  });

  it("a refresh that fails with nothing left to use is a typed error without key or token material", async () => {
    const { key, fake, plex } = await setUp();
    fake.failExchanges(1, 500);
    const stored = await exportDeviceKey(key);
    const error = await rejection(createJwtTokenSource(plex, { key })());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toBeInstanceOf(PlexAuthError);
    expect(`${JSON.stringify(error)}${(error as Error).stack}`).not.toContain(stored.d);
  });

  it("refuses options it cannot use", () => {
    const plex = createPlexAuth({ clientIdentifier: CLIENT });
    expect(() => createJwtTokenSource(plex, { key: undefined as never })).toThrow(InvalidInputError);
    expect(() => createJwtTokenSource(plex, { key: { kid: "k" } as never })).toThrow(InvalidInputError);
  });

  it("names each option it refuses: refreshWithinMs out of range, a clock that is not a function", async () => {
    const { key, plex } = await setUp();
    const messageOf = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    };
    expect(messageOf(() => createJwtTokenSource(plex, { key, refreshWithinMs: 8 * DAY }))).toContain("refreshWithinMs");
    expect(messageOf(() => createJwtTokenSource(plex, { key, now: 5 as never }))).toContain("now must be a function");
  });

  it("judges expiry by the clock it is given, not the machine's", async () => {
    const { key, plex } = await setUp();
    let clock = Date.now();
    const source = createJwtTokenSource(plex, { key, now: () => clock });
    const first = await source();
    clock += 6.5 * DAY; // the machine's clock has not moved; the given one is within a day of the end
    expect(await source()).toBe(first); // due: served while the refresh runs behind it
    await source.idle();
    expect(await source()).not.toBe(first);
  });

  it("with verify: false still refuses a token it cannot read, or one without exp, as JwtVerificationError", async () => {
    const { key, fake } = await setUp();
    const header = Buffer.from(JSON.stringify({ alg: "EdDSA", kid: "k" })).toString("base64url");
    for (const auth_token of [
      "eyJ.not-a-jwt.x",
      `${header}.${Buffer.from('{"iss":"plex.tv"}').toString("base64url")}.c2ln`,
    ]) {
      const fetch = async (url: string, init: RequestInit) =>
        url.endsWith("/auth/token") ? Response.json({ auth_token }) : fake.fetch(url, init);
      const plex = createPlexAuth({ clientIdentifier: CLIENT, fetch, retry: false });
      const source = createJwtTokenSource(plex, { key, verify: false });
      const error = await rejection(source());
      expect(error).toBeInstanceOf(JwtVerificationError);
      expect(error).toMatchObject({ code: "jwt_invalid", reason: "malformed" });
      expect(JSON.stringify(error) + (error as Error).message).not.toContain(auth_token);
    }
  });
});
