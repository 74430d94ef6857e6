import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS } from "../src/index.ts";
import { TRANSPORTS } from "./support/harness.ts";
import { generateDeviceKey, jsonRequest, registeredDevice } from "./support/jwt.ts";

const { plain, managed } = MOCK_ACCOUNTS;

const THUMBPRINT_TAKEN = {
  errors: [{ message: "Thumbprint Already Taken: JWK already registered by another device", status: 422 }],
};

describe.each(TRANSPORTS)("POST /auth/jwk over $name", (transport) => {
  it("registers the key for the token's device with 201 and no body, and again for the same device", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    const register = () =>
      jsonRequest(harness, "/auth/jwk", { client: "some-header", token: plain.token, body: { jwk: key.publicJwk } });
    const first = await register();
    expect(first.status).toBe(201);
    expect(await first.text()).toBe("");
    expect((await register()).status).toBe(201);
    // Bound to the token's device (the seeded one), not to the header's client identifier (FLOWS.md §2.2).
    expect(harness.mock.deviceKeys()).toEqual([
      {
        accountKey: "plain",
        clientIdentifier: "mock-seeded-device-plain",
        jwk: key.publicJwk,
        registeredAt: harness.mock.now(),
      },
    ]);
  });

  it("answers 422 Thumbprint Already Taken when another device registered the kid", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain, "first-device");
    // Another account's device, and the same account from another client identifier: both other devices.
    const otherAccount = await jsonRequest(harness, "/auth/jwk", {
      token: managed.token,
      body: { jwk: device.key.publicJwk },
    });
    expect(otherAccount.status).toBe(422);
    expect(await otherAccount.json()).toEqual(THUMBPRINT_TAKEN);
    const sameAccount = await jsonRequest(harness, "/auth/jwk", {
      token: plain.token,
      body: { jwk: device.key.publicJwk },
    });
    expect(sameAccount.status).toBe(422);
    expect(harness.mock.deviceKeys().map((key) => key.clientIdentifier)).toEqual(["first-device"]);
  });

  it("answers 400 for a private JWK, another key type, a missing kid or no jwk at all", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    const rsa = { kty: "RSA", n: "sXch", e: "AQAB", use: "sig", alg: "RS256", kid: "rsa-key-1" };
    const { kid: _kid, ...noKid } = key.publicJwk;
    const bodies: unknown[] = [
      { jwk: { ...key.publicJwk, d: key.privateJwk.d } },
      { jwk: rsa },
      { jwk: { ...key.publicJwk, crv: "X25519" } },
      { jwk: { ...key.publicJwk, alg: "ES256" } },
      { jwk: { ...key.publicJwk, x: "too-short" } },
      { jwk: noKid },
      {},
      { jwk: "not-an-object" },
    ];
    for (const body of bodies) {
      const response = await jsonRequest(harness, "/auth/jwk", { token: plain.token, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      const text = await response.text();
      expect(text).not.toContain(key.privateJwk.d as string);
    }
    expect(harness.mock.deviceKeys()).toEqual([]);
    // The same key, public only, is fine: the 400s above were about the JWK alone.
    expect((await jsonRequest(harness, "/auth/jwk", { token: plain.token, body: { jwk: key.publicJwk } })).status).toBe(
      201,
    );
  });

  it("answers 401/1001 without a token or with an unknown one, and 422 with a revoked one", async () => {
    const harness = await transport.start();
    const key = await generateDeviceKey();
    const body = { jwk: key.publicJwk };
    const none = await jsonRequest(harness, "/auth/jwk", { body });
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ errors: [{ code: 1001 }] });
    expect((await jsonRequest(harness, "/auth/jwk", { token: "NotARealToken1234567", body })).status).toBe(401);
    harness.mock.revokeToken(plain.token);
    expect((await jsonRequest(harness, "/auth/jwk", { token: plain.token, body })).status).toBe(422);
    expect(harness.mock.deviceKeys()).toEqual([]);
  });
});
