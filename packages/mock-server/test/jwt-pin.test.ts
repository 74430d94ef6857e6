import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, NONCE_TTL_MS } from "../src/index.ts";
import { type Harness, plexHeaders, TRANSPORTS } from "./support/harness.ts";
import {
  clientClaims,
  decodeJwt,
  exchange,
  fetchNonce,
  generateDeviceKey,
  jsonRequest,
  mockSeconds,
  type TestDeviceKey,
} from "./support/jwt.ts";
import { jsonOf, type PinBody } from "./support/requests.ts";

const { plain, twoFactor } = MOCK_ACCOUNTS;
const APP = "jwk-pin-app";
const INVALID = { errors: [{ message: "Invalid device signature or JWT structure", status: 422 }] };

async function createJwkPin(harness: Harness, key: TestDeviceKey, strong = true): Promise<PinBody> {
  const body = strong ? { jwk: key.publicJwk, strong: true } : { jwk: key.publicJwk };
  const response = await jsonRequest(harness, "/pins", { client: APP, body });
  expect(response.status).toBe(201);
  return jsonOf<PinBody>(response);
}

function poll(harness: Harness, pin: PinBody, deviceJwt?: string): Promise<Response> {
  const query = deviceJwt === undefined ? "" : `?deviceJWT=${deviceJwt}`;
  return jsonRequest(harness, `/pins/${pin.id}${query}`, { client: APP });
}

async function polledToken(harness: Harness, pin: PinBody, deviceJwt?: string): Promise<string | null> {
  const response = await poll(harness, pin, deviceJwt);
  expect(response.status).toBe(200);
  return (await jsonOf<PinBody>(response)).authToken;
}

describe.each(TRANSPORTS)("the PIN + JWK route over $name", (transport) => {
  it("creates strong and 4-character PINs from a JSON body with a jwk", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    expect((await createJwkPin(harness, key)).code).toMatch(/^[a-z0-9]{25}$/);
    expect((await createJwkPin(harness, key, false)).code).toMatch(/^[A-Z0-9]{4}$/);
    const privateKey = await jsonRequest(harness, "/pins", {
      client: APP,
      body: { jwk: { ...key.publicJwk, d: key.privateJwk.d }, strong: true },
    });
    expect(privateKey.status).toBe(400);
    await privateKey.body?.cancel();
  });

  it("end to end: approve, poll without deviceJWT (null), with one (a Plex JWT), then refresh by exchange", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    const pin = await createJwkPin(harness, key);
    const deviceJwt = await key.sign(clientClaims(APP, await fetchNonce(harness, APP)));
    expect(await polledToken(harness, pin, deviceJwt)).toBeNull(); // not approved yet

    expect(harness.mock.approvePin(pin.code, "plain")).toBe(true);
    expect(harness.mock.deviceKeys()).toMatchObject([{ accountKey: "plain", clientIdentifier: APP }]);
    expect(harness.mock.devices("plain").map((device) => device.clientIdentifier)).not.toContain(APP);
    const approved = await jsonOf<PinBody>(await poll(harness, pin));
    expect(approved).toMatchObject({ authToken: null, newRegistration: false });

    const plexJwt = (await polledToken(harness, pin, deviceJwt)) as string;
    const { claims } = decodeJwt(plexJwt);
    expect(claims).toMatchObject({
      thumbprint: key.publicJwk.kid,
      iss: "plex.tv",
      aud: ["plex.tv", APP],
      user: { id: plain.id, uuid: plain.uuid, username: plain.username },
    });
    expect((await jsonRequest(harness, "/user", { token: plexJwt })).status).toBe(200);
    // The key was registered by the approval: the device refreshes by the exchange from now on.
    const refresh = await exchange(harness, await key.sign(clientClaims(APP, await fetchNonce(harness, APP))));
    expect(refresh.status).toBe(200);
  });

  it("takes a deviceJWT without a nonce, and leaves the nonce of one that has it unspent", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    const pin = await createJwkPin(harness, key);
    harness.mock.approvePin(pin.code, "twoFactor");
    const withoutNonce = (await polledToken(harness, pin, await key.sign(clientClaims(APP, undefined)))) as string;
    expect(decodeJwt(withoutNonce).claims).not.toHaveProperty("nonce");
    expect(decodeJwt(withoutNonce).claims.user).toMatchObject({ id: twoFactor.id });
    const nonce = await fetchNonce(harness, APP);
    const withNonce = await key.sign(clientClaims(APP, nonce));
    // python-plexapi polls with one JWT: each poll works.
    for (let poll = 0; poll < 2; poll++) {
      const token = (await polledToken(harness, pin, withNonce)) as string;
      expect(decodeJwt(token).claims.nonce).toBe(nonce);
    }
  });

  it("answers 422 for a bad deviceJWT: another key, another iss (1097), an expired one, a dead nonce", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    const pin = await createJwkPin(harness, key);
    harness.mock.approvePin(pin.code, "plain");
    const refused = async (deviceJwt: string, body: unknown = INVALID) => {
      const response = await poll(harness, pin, deviceJwt);
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual(body);
    };
    await refused(await (await generateDeviceKey(key.publicJwk.kid)).sign(clientClaims(APP, undefined)));
    await refused(await key.sign(clientClaims("another-app", undefined)), {
      errors: [{ code: 1097, message: "The JWT issuer does not match the device's client identifier", status: 422 }],
    });
    await refused(await key.sign({ ...clientClaims(APP, undefined), aud: "clients.plex.tv" }));
    await refused(await key.sign(clientClaims(APP, "11111111-2222-4333-8444-555555555555")));
    const nonce = await fetchNonce(harness, APP);
    const signedNow = await key.sign(clientClaims(APP, nonce));
    harness.mock.advanceTime(NONCE_TTL_MS);
    await refused(signedNow); // its exp (5 minutes) and its nonce have both run out
    await refused(await key.sign(clientClaims(APP, undefined, mockSeconds(harness) - 300)));
    // And a good one still works after all that.
    expect(await polledToken(harness, pin, await key.sign(clientClaims(APP, undefined, mockSeconds(harness))))).toMatch(
      /^ey/,
    );
  });

  it("approves through PUT /pins/link and the auth page, and refuses a kid another device holds", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    const linked = await createJwkPin(harness, key);
    const link = await harness.fetch(`${harness.plexTvUrl}/pins/link`, {
      method: "PUT",
      headers: {
        ...plexHeaders({ "X-Plex-Token": twoFactor.token }),
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body: `code=${linked.code}`,
    });
    expect(link.status).toBe(204);
    expect(harness.mock.deviceKeys()).toMatchObject([{ accountKey: "twoFactor", clientIdentifier: APP }]);

    // The same key on another account's approval: that device (plain, APP) is not the key's.
    const again = await createJwkPin(harness, key);
    const page = await harness.fetch(`${harness.serverUrl}/auth/approve`, {
      method: "POST",
      headers: { Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify({ code: again.code, account: "plain" }),
    });
    expect(page.status).toBe(422);
    expect(await page.json()).toMatchObject({
      errors: [{ message: expect.stringMatching(/^Thumbprint Already Taken/) }],
    });
    expect(harness.mock.approvePin(again.code, "plain")).toBe(false);
    expect(harness.mock.approvePin(again.code, "twoFactor")).toBe(true);
  });

  it("keeps the legacy PIN forms working and ignores a deviceJWT on a PIN without a jwk", async () => {
    const harness = await transport.start();
    const created = await harness.fetch(`${harness.plexTvUrl}/pins?strong=true`, {
      method: "POST",
      headers: plexHeaders({ "X-Plex-Client-Identifier": APP }),
    });
    const pin = await jsonOf<PinBody>(created);
    expect(pin.code).toHaveLength(25);
    harness.mock.approvePin(pin.code, "plain");
    const key = await generateDeviceKey();
    const token = await polledToken(harness, pin, await key.sign(clientClaims(APP, undefined)));
    expect(token).toMatch(/^[A-Za-z0-9]{20}$/);
  });
});
