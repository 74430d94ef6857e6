import { JwtExpiredError, JwtRejectedError, RateLimitError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, type MockOperationName } from "../src/index.ts";
import { type Harness, rejectionOf, TRANSPORTS } from "./support/harness.ts";
import { clientClaims, decodeJwt, generateDeviceKey, mockSeconds, verifiesWith } from "./support/jwt.ts";

const { plain } = MOCK_ACCOUNTS;
const CLIENT = "core-jwt-client";

/** Core's client, signed in as casey from CLIENT, with a key registered through core. */
async function coreDevice(harness: Harness) {
  const plex = harness.client({ clientIdentifier: CLIENT, retry: false });
  const account = await plex.authentication.postUsersSignInData({ login: plain.login, password: plain.password });
  const signedIn = plex.withToken(account.authToken);
  const key = await generateDeviceKey();
  await signedIn.authentication.registerDeviceJWK({ jwk: key.publicJwk });
  return { plex, signedIn, key };
}

describe.each(TRANSPORTS)("core's JWT operations against the mock over $name", (transport) => {
  it("registerDeviceJWK, getAuthNonce, exchangeJWTToken and getAuthKeys make a Plex JWT that verifies", async () => {
    const harness = await transport.start();
    const { plex, key } = await coreDevice(harness);
    const nonce = await plex.authentication.getAuthNonce();
    const jwt = await plex.authentication.exchangeJWTToken({ jwt: await key.sign(clientClaims(CLIENT, nonce)) });
    expect(decodeJwt(jwt).claims).toMatchObject({ nonce, thumbprint: key.publicJwk.kid, aud: ["plex.tv", CLIENT] });
    const { keys } = await plex.authentication.getAuthKeys();
    expect(await verifiesWith(jwt, keys)).toBe(true);
    const user = await plex.withToken(jwt).authentication.getTokenDetails();
    expect(user).toMatchObject({ id: plain.id, authToken: jwt });
    await expect(plex.withToken(jwt).authentication.ping()).resolves.toBe(true);
  });

  it("surfaces an expired Plex JWT as JwtExpiredError (498)", async () => {
    const harness = await transport.start();
    const { plex, key } = await coreDevice(harness);
    const nonce = await plex.authentication.getAuthNonce();
    const jwt = await plex.authentication.exchangeJWTToken({ jwt: await key.sign(clientClaims(CLIENT, nonce)) });
    harness.mock.advanceTime(((decodeJwt(jwt).claims.exp as number) - mockSeconds(harness)) * 1000);
    const expired = await rejectionOf(plex.withToken(jwt).authentication.getTokenDetails());
    expect(expired).toBeInstanceOf(JwtExpiredError);
    expect(expired).toMatchObject({ status: 498, code: "jwt_expired" });
  });

  it("surfaces a taken thumbprint, a wrong iss and a bad signature as JwtRejectedError with their reasons", async () => {
    const harness = await transport.start();
    const { plex, key } = await coreDevice(harness);
    const other = harness.client({ token: MOCK_ACCOUNTS.managed.token, retry: false });
    const taken = await rejectionOf(other.authentication.registerDeviceJWK({ jwk: key.publicJwk }));
    expect(taken).toBeInstanceOf(JwtRejectedError);
    expect(taken).toMatchObject({ status: 422, reason: "thumbprint_taken" });

    const wrongIss = await key.sign(clientClaims("not-the-device", await plex.authentication.getAuthNonce()));
    const mismatch = await rejectionOf(plex.authentication.exchangeJWTToken({ jwt: wrongIss }));
    expect(mismatch).toBeInstanceOf(JwtRejectedError);
    expect(mismatch).toMatchObject({ status: 422, reason: "issuer_mismatch", plexCode: 1097 });

    const impostor = await generateDeviceKey(key.publicJwk.kid);
    const forged = await impostor.sign(clientClaims(CLIENT, await plex.authentication.getAuthNonce()));
    const signature = await rejectionOf(plex.authentication.exchangeJWTToken({ jwt: forged }));
    expect(signature).toBeInstanceOf(JwtRejectedError);
    expect(signature).toMatchObject({ status: 422, reason: "signature" });
  });

  it("createOAuthPin with a jwk, then getOAuthPin with a deviceJWT, gives a Plex JWT", async () => {
    const harness = await transport.start();
    const plex = harness.client({ clientIdentifier: CLIENT });
    const key = await generateDeviceKey();
    const pin = await plex.authentication.createOAuthPin({ strong: true, jwk: key.publicJwk });
    expect(pin.code).toHaveLength(25);
    harness.mock.approvePin(pin.code, "plain");
    expect((await plex.authentication.getOAuthPin({ pinId: pin.id })).authToken).toBeNull();
    const deviceJWT = await key.sign(clientClaims(CLIENT, undefined));
    const { authToken } = await plex.authentication.getOAuthPin({ pinId: pin.id, deviceJWT });
    expect(decodeJwt(authToken as string).claims).toMatchObject({
      thumbprint: key.publicJwk.kid,
      aud: ["plex.tv", CLIENT],
    });
    const logged = JSON.stringify(harness.mock.requests);
    expect(logged).not.toContain(deviceJWT);
  });

  it("takes injected faults on the four JWT operations: a 429 on getAuthNonce is a RateLimitError", async () => {
    const harness = await transport.start();
    const plex = harness.client({ clientIdentifier: CLIENT, retry: false });
    harness.mock.faults.failNext(1, 429, { operation: "getAuthNonce", retryAfterSeconds: 2 });
    const limited = await rejectionOf(plex.authentication.getAuthNonce());
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited).toMatchObject({ status: 429, retryAfterMs: 2000 });
    await expect(plex.authentication.getAuthNonce()).resolves.toMatch(/^[0-9a-f-]{36}$/);

    const key = await generateDeviceKey();
    const calls: Record<string, () => Promise<unknown>> = {
      getAuthKeys: () => plex.authentication.getAuthKeys(),
      registerDeviceJWK: () => plex.withToken(plain.token).authentication.registerDeviceJWK({ jwk: key.publicJwk }),
      exchangeJWTToken: async () => plex.authentication.exchangeJWTToken({ jwt: await key.sign({}) }),
    };
    for (const [operation, call] of Object.entries(calls)) {
      harness.mock.faults.failNext(1, 503, { operation: operation as MockOperationName });
      expect(await rejectionOf(call()), operation).toMatchObject({ status: 503 });
      expect(harness.mock.requests.at(-1)).toMatchObject({ operation, status: 503, fault: "status" });
    }
  });
});
