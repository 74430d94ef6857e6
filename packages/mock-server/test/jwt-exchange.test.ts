import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, MOCK_KID_PROFILE, PLEX_JWT_TTL_SECONDS } from "../src/index.ts";
import { type Harness, TRANSPORTS } from "./support/harness.ts";
import {
  base64url,
  clientClaims,
  decodeJwt,
  exchange,
  fetchNonce,
  generateDeviceKey,
  jsonRequest,
  NOW_SECONDS,
  type RegisteredDevice,
  registeredDevice,
  verifiesWith,
} from "./support/jwt.ts";
import { jsonOf } from "./support/requests.ts";

const { plain } = MOCK_ACCOUNTS;

const INVALID = { errors: [{ message: "Invalid device signature or JWT structure", status: 422 }] };

/** A device and a live nonce, ready for one exchange. */
async function ready(harness: Harness): Promise<{ device: RegisteredDevice; nonce: string }> {
  const device = await registeredDevice(harness, plain);
  return { device, nonce: await fetchNonce(harness) };
}

/**
 * With a fresh nonce, the exchange refuses the JWT `bad` makes with 422, then takes a good JWT with the same
 * nonce: the refusal was for what `bad` broke, and it did not spend the nonce.
 */
async function expectRefused(
  harness: Harness,
  device: RegisteredDevice,
  bad: (claims: ReturnType<typeof clientClaims>) => Promise<string>,
  body: unknown = INVALID,
): Promise<void> {
  const claims = clientClaims(device.clientIdentifier, await fetchNonce(harness));
  const refused = await exchange(harness, await bad(claims));
  expect(refused.status).toBe(422);
  expect(await refused.json()).toEqual(body);
  const good = await exchange(harness, await device.key.sign(claims));
  expect(good.status).toBe(200);
}

describe.each(TRANSPORTS)("POST /auth/token over $name", (transport) => {
  it("trades a valid client JWT for a Plex JWT with exactly Plex's header and claims", async () => {
    const harness = await transport.start();
    const { device, nonce } = await ready(harness);
    const clientJwt = await device.key.sign(clientClaims(device.clientIdentifier, nonce));
    const response = await exchange(harness, clientJwt);
    expect(response.status).toBe(200);
    const body = await jsonOf<{ auth_token: string }>(response);
    expect(Object.keys(body)).toEqual(["auth_token"]);
    const { header, claims } = decodeJwt(body.auth_token);
    const [signingKey] = await harness.mock.jwtKeys();
    expect(header).toEqual({ kid: signingKey?.kid, typ: "JWT", alg: "EdDSA" });
    expect(claims).toEqual({
      nonce,
      thumbprint: device.key.publicJwk.kid,
      iss: "plex.tv",
      aud: ["plex.tv", device.clientIdentifier],
      iat: NOW_SECONDS,
      exp: NOW_SECONDS + 604_800,
      user: {
        id: plain.id,
        uuid: plain.uuid,
        username: plain.username,
        email: plain.email,
        friendly_name: plain.friendlyName,
        restricted: false,
        anonymous: false,
        joinedAt: plain.joinedAt,
      },
    });
    expect(PLEX_JWT_TTL_SECONDS).toBe(604_800);
    const { keys } = await jsonOf<{ keys: { kid: string; x: string }[] }>(await jsonRequest(harness, "/auth/keys"));
    expect(await verifiesWith(body.auth_token, keys)).toBe(true);
    expect(harness.mock.issuedTokens()).toContain(body.auth_token);
    // The client JWT is a secret (core's secretFields): it stays out of the request log, and so does the
    // Plex JWT once it is used as a token.
    await jsonRequest(harness, "/user", { token: body.auth_token });
    const logged = JSON.stringify(harness.mock.requests);
    expect(logged).not.toContain(clientJwt.split(".")[2]);
    expect(logged).not.toContain(body.auth_token.split(".")[2]);
  });

  it("puts only the scoped user fields in the token (id and uuid always), ignoring unknown scopes", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    const userFor = async (scope: string | undefined) => {
      const claims: Record<string, unknown> = { ...clientClaims(device.clientIdentifier, await fetchNonce(harness)) };
      if (scope === undefined) delete claims.scope;
      else claims.scope = scope;
      const response = await exchange(harness, await device.key.sign(claims));
      return decodeJwt((await jsonOf<{ auth_token: string }>(response)).auth_token).claims.user;
    };
    expect(await userFor("username, shared_user,admin")).toEqual({
      id: plain.id,
      uuid: plain.uuid,
      username: plain.username,
    });
    expect(await userFor(undefined)).toEqual({ id: plain.id, uuid: plain.uuid });
  });

  it("accepts an aud array that contains plex.tv, and any typ", async () => {
    const harness = await transport.start();
    const { device, nonce } = await ready(harness);
    const claims = { ...clientClaims(device.clientIdentifier, nonce), aud: ["other", "plex.tv"] };
    const jwt = await device.key.sign(claims, { alg: "EdDSA", kid: device.key.publicJwk.kid });
    expect((await exchange(harness, jwt)).status).toBe(200);
  });

  it("answers 400 without a jwt, and 422 for something that is not a compact JWS", async () => {
    const harness = await transport.start();
    const missing = await jsonRequest(harness, "/auth/token", { body: {} });
    expect(missing.status).toBe(400);
    for (const jwt of ["not-a-jwt", "a.b.c", `${base64url("[]")}.${base64url("{}")}.`, "e30.e30.e30.e30"]) {
      const response = await exchange(harness, jwt);
      expect(response.status, jwt).toBe(422);
      expect(await response.json()).toEqual(INVALID);
    }
  });

  it("refuses a header alg other than EdDSA, alg none included", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    const { kid } = device.key.publicJwk;
    await expectRefused(harness, device, (claims) => device.key.sign(claims, { alg: "ES256", kid }));
    await expectRefused(harness, device, async (claims) => {
      return `${base64url(JSON.stringify({ alg: "none", kid }))}.${base64url(JSON.stringify(claims))}.`;
    });
    await expectRefused(harness, device, (claims) => device.key.sign(claims, { kid }));
  });

  it("refuses an unknown kid, a missing kid, a signature by another key and an altered JWT", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    await expectRefused(harness, device, (claims) => device.key.sign(claims, { alg: "EdDSA", kid: "not-registered" }));
    await expectRefused(harness, device, (claims) => device.key.sign(claims, { alg: "EdDSA" }));
    const impostor = await generateDeviceKey(device.key.publicJwk.kid);
    await expectRefused(harness, device, (claims) => impostor.sign(claims));
    await expectRefused(harness, device, async (claims) => {
      const [header, , signature] = (await device.key.sign(claims)).split(".") as [string, string, string];
      return `${header}.${base64url(JSON.stringify({ ...claims, scope: "username" }))}.${signature}`;
    });
    await expectRefused(harness, device, async (claims) => {
      const [header, payload, signature] = (await device.key.sign(claims)).split(".") as [string, string, string];
      return `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    });
  });

  it("refuses an aud without plex.tv", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    for (const aud of ["plex.tv.example", ["clients.plex.tv"], undefined]) {
      await expectRefused(harness, device, (claims) => device.key.sign({ ...claims, aud }));
    }
  });

  it("refuses an iss other than the device's client identifier with 422 and code 1097", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    // The header's client identifier does not count: the key belongs to the device it was registered for.
    await expectRefused(harness, device, (claims) => device.key.sign({ ...claims, iss: "raw-test-client" }), {
      errors: [{ code: 1097, message: "The JWT issuer does not match the device's client identifier", status: 422 }],
    });
  });

  it("refuses a missing, unknown, spent or expired nonce", async () => {
    const harness = await transport.start();
    const { device, nonce } = await ready(harness);
    const signWith = (value: string | undefined) => device.key.sign(clientClaims(device.clientIdentifier, value));
    for (const value of [undefined, "7c415b56-8f48-488a-98ab-847ef4460442"]) {
      const refused = await exchange(harness, await signWith(value));
      expect(refused.status, String(value)).toBe(422);
      expect(await refused.json()).toEqual(INVALID);
    }
    expect((await exchange(harness, await signWith(nonce))).status).toBe(200);
    expect((await exchange(harness, await signWith(nonce))).status).toBe(422); // spent
  });

  it("refuses an exp in the past, an exp more than an hour after iat, and an iat more than a minute ahead", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    const cases: Record<string, unknown>[] = [
      { iat: NOW_SECONDS - 600, exp: NOW_SECONDS },
      { exp: NOW_SECONDS + 3601 },
      { iat: NOW_SECONDS + 61, exp: NOW_SECONDS + 361 },
      { exp: undefined },
      { iat: undefined },
      { exp: String(NOW_SECONDS + 300) },
    ];
    for (const times of cases)
      await expectRefused(harness, device, (claims) => device.key.sign({ ...claims, ...times }));
    // The edges are in: exactly an hour, and iat exactly a minute ahead.
    const claims = { ...clientClaims(device.clientIdentifier, await fetchNonce(harness)) };
    const edge = { ...claims, iat: NOW_SECONDS + 60, exp: NOW_SECONDS + 3660 };
    expect((await exchange(harness, await device.key.sign(edge))).status).toBe(200);
  });

  it("issues for the key's device: a managed profile's token carries its own user", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    const registered = await jsonRequest(harness, "/auth/jwk", {
      token: MOCK_KID_PROFILE.token,
      body: { jwk: key.publicJwk },
    });
    expect(registered.status).toBe(201);
    const claims = clientClaims("mock-seeded-device-kid", await fetchNonce(harness));
    const response = await exchange(harness, await key.sign(claims));
    const { auth_token } = await jsonOf<{ auth_token: string }>(response);
    expect(decodeJwt(auth_token).claims.user).toEqual({
      id: MOCK_KID_PROFILE.id,
      uuid: MOCK_KID_PROFILE.uuid,
      username: "",
      email: "",
      friendly_name: "Jamie",
      restricted: true,
      anonymous: false,
      joinedAt: MOCK_KID_PROFILE.joinedAt,
    });
  });
});
