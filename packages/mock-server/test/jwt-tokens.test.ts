import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, MOCK_HOME_PIN, MOCK_SOURCES, PLEX_JWT_TTL_SECONDS } from "../src/index.ts";
import { createRandom } from "../src/random.ts";
import { PlexJwts } from "../src/state/plex-jwts.ts";
import { PlexSigningKeys } from "../src/state/plex-signing-keys.ts";
import { type Harness, plexHeaders, TRANSPORTS } from "./support/harness.ts";
import {
  decodeJwt,
  generateDeviceKey,
  jsonRequest,
  plexJwtFor,
  type RegisteredDevice,
  registeredDevice,
} from "./support/jwt.ts";
import { createPin, jsonOf } from "./support/requests.ts";

const { plain, twoFactor } = MOCK_ACCOUNTS;

const JWT_EXPIRED = { errors: [{ message: "Your JWT has expired and needs refresh", status: 498 }] };

/** The owner's (twoFactor's) device, registered from `client`, and a Plex JWT for it. */
async function ownerJwt(harness: Harness, client = "jwt-device"): Promise<{ device: RegisteredDevice; jwt: string }> {
  const signIn = await harness.fetch(`${harness.plexTvUrl}/users/signin`, {
    method: "POST",
    headers: { ...plexHeaders({ "X-Plex-Client-Identifier": client }), "Content-Type": "application/json" },
    body: JSON.stringify({
      login: twoFactor.login,
      password: twoFactor.password,
      verificationCode: await harness.mock.totp("twoFactor"),
    }),
  });
  const legacyToken = (await jsonOf<{ authToken: string }>(signIn)).authToken;
  const key = await generateDeviceKey();
  await jsonRequest(harness, "/auth/jwk", { client, token: legacyToken, body: { jwk: key.publicJwk } });
  const device = { clientIdentifier: client, legacyToken, key };
  return { device, jwt: await plexJwtFor(harness, device) };
}

const pms = (harness: Harness, path: string, token: string) =>
  harness.fetch(`${harness.serverUrl}${path}`, { headers: plexHeaders({ "X-Plex-Token": token }) });

describe.each(TRANSPORTS)("Plex JWTs as tokens over $name", (transport) => {
  it("work on every plex.tv route that takes a token", async () => {
    const harness = await transport.start();
    const { jwt } = await ownerJwt(harness);
    const user = await jsonRequest(harness, "/user", { token: jwt });
    expect(user.status).toBe(200);
    expect(await user.json()).toMatchObject({ id: twoFactor.id, uuid: twoFactor.uuid, authToken: jwt });
    const ping = await jsonRequest(harness, "/ping", { token: jwt });
    expect(await ping.json()).toEqual({ pong: true });
    const answers = {
      resources: (await jsonRequest(harness, "/resources", { token: jwt })).status,
      home: (await jsonRequest(harness, "/home/users", { token: jwt })).status,
      switch: (
        await jsonRequest(harness, `/home/users/${MOCK_ACCOUNTS.managed.uuid}/switch?pin=${MOCK_HOME_PIN}`, {
          method: "POST",
          token: jwt,
        })
      ).status,
      claim: (
        await harness.fetch(`${harness.serverUrl}/api/claim/token.json`, {
          headers: plexHeaders({ "X-Plex-Token": jwt }),
        })
      ).status,
    };
    expect(answers).toEqual({ resources: 200, home: 200, switch: 201, claim: 200 });
    const pin = await createPin(harness);
    const link = await harness.fetch(`${harness.plexTvUrl}/pins/link`, {
      method: "PUT",
      headers: { ...plexHeaders({ "X-Plex-Token": jwt }), "Content-Type": "application/x-www-form-urlencoded" },
      body: `code=${pin.code}`,
    });
    expect(link.status).toBe(204);
  });

  it("registers a key with a Plex JWT for the JWT's device", async () => {
    const harness = await transport.start();
    const { jwt } = await ownerJwt(harness, "owner-device");
    const key = await generateDeviceKey();
    const registered = await jsonRequest(harness, "/auth/jwk", {
      client: "other",
      token: jwt,
      body: { jwk: key.publicJwk },
    });
    expect(registered.status).toBe(201);
    expect(harness.mock.deviceKeys("twoFactor").map((entry) => entry.clientIdentifier)).toEqual([
      "owner-device",
      "owner-device",
    ]);
  });

  it("answer 498 once the mock clock reaches their exp", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    const jwt = await plexJwtFor(harness, device);
    const expMs = (decodeJwt(jwt).claims.exp as number) * 1000;
    harness.mock.advanceTime(expMs - harness.mock.now() - 1);
    expect((await jsonRequest(harness, "/user", { token: jwt })).status).toBe(200);
    harness.mock.advanceTime(1);
    for (const path of ["/user", "/ping"]) {
      const expired = await jsonRequest(harness, path, { token: jwt });
      expect(expired.status, path).toBe(498);
      expect(await expired.json()).toEqual(JWT_EXPIRED);
    }
    expect(PLEX_JWT_TTL_SECONDS * 1000).toBe(7 * 24 * 60 * 60 * 1000);
  });

  it("revoke the device's legacy token on its first JWT, and not the next legacy token", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    expect((await jsonRequest(harness, "/user", { token: device.legacyToken })).status).toBe(200);
    await plexJwtFor(harness, device);
    const revoked = await jsonRequest(harness, "/user", { token: device.legacyToken });
    expect(revoked.status).toBe(422);
    expect(await revoked.json()).toEqual({ errors: [{ message: "Invalid token", status: 422 }] });
    // Signing in again gives the device a new legacy token; its next JWT is not its first.
    const again = await registeredDevice(harness, plain);
    expect(again.legacyToken).not.toBe(device.legacyToken);
    await plexJwtFor(harness, again);
    expect((await jsonRequest(harness, "/user", { token: again.legacyToken })).status).toBe(200);
  });

  it("leave the legacy token alone with invalidateLegacyTokenOnJwt: false", async () => {
    const harness = await transport.start({ invalidateLegacyTokenOnJwt: false });
    const device = await registeredDevice(harness, plain);
    await plexJwtFor(harness, device);
    expect((await jsonRequest(harness, "/user", { token: device.legacyToken })).status).toBe(200);
  });

  it("are refused by the mock's PMS by default (401), as field reports say real servers do", async () => {
    const harness = await transport.start();
    const { jwt } = await ownerJwt(harness);
    const source = encodeURIComponent(MOCK_SOURCES.sharedServer.source);
    for (const path of ["/security/token?type=delegation&scope=all", `/security/resources?source=${source}`, "/"]) {
      const response = await pms(harness, path, jwt);
      expect(response.status, path).toBe(401);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      await response.body?.cancel();
    }
  });

  it("are accepted by the mock's PMS with pmsAcceptsJwt: true, and transient tokens made from them work", async () => {
    const harness = await transport.start({ pmsAcceptsJwt: true });
    const { jwt } = await ownerJwt(harness);
    const root = await pms(harness, "/", jwt);
    expect(root.status).toBe(200);
    await root.body?.cancel();
    const minted = await pms(harness, "/security/token?type=delegation&scope=all", jwt);
    const transient = (await jsonOf<{ MediaContainer: { token: string } }>(minted)).MediaContainer.token;
    const source = encodeURIComponent(MOCK_SOURCES.sharedServer.source);
    const resources = await pms(harness, `/security/resources?source=${source}`, transient);
    expect(resources.status).toBe(200);
    await resources.body?.cancel();
    harness.mock.revokeToken(jwt);
    const dead = await pms(harness, `/security/resources?source=${source}`, transient);
    expect(dead.status).toBe(401);
    await dead.body?.cancel();
  });

  it("die when signed out, alone: the device's other tokens live on", async () => {
    const harness = await transport.start({ invalidateLegacyTokenOnJwt: false });
    const device = await registeredDevice(harness, plain);
    const jwt = await plexJwtFor(harness, device);
    harness.mock.advanceTime(1000);
    const other = await plexJwtFor(harness, device);
    const signOut = await jsonRequest(harness, "/users/signout", { method: "DELETE", token: jwt });
    expect(signOut.status).toBe(204);
    const after = await jsonRequest(harness, "/user", { token: jwt });
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({ errors: [{ code: 1001 }] });
    expect((await jsonRequest(harness, "/user", { token: other })).status).toBe(200);
    expect((await jsonRequest(harness, "/user", { token: device.legacyToken })).status).toBe(200);
    expect(harness.mock.issuedTokens()).toEqual(expect.arrayContaining([jwt, other]));
  });

  it("are revoked by revokeToken (422) and by signOutEverywhere, which counts them", async () => {
    const harness = await transport.start({ invalidateLegacyTokenOnJwt: false });
    const device = await registeredDevice(harness, plain);
    const jwt = await plexJwtFor(harness, device);
    expect(harness.mock.revokeToken(jwt)).toBe(true);
    expect(harness.mock.revokeToken(jwt)).toBe(false);
    expect((await jsonRequest(harness, "/user", { token: jwt })).status).toBe(422);
    harness.mock.advanceTime(1000);
    const second = await plexJwtFor(harness, device);
    // The seeded token, the device's legacy token and its live JWT.
    expect(harness.mock.signOutEverywhere("plain")).toBe(3);
    expect((await jsonRequest(harness, "/user", { token: second })).status).toBe(422);
  });

  it("must be ones the mock issued: a forged one is unknown", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    const jwt = await plexJwtFor(harness, device);
    const [header, payload, signature] = jwt.split(".") as [string, string, string];
    const claims = decodeJwt(jwt).claims as { user: Record<string, unknown> };
    const twisted = Buffer.from(JSON.stringify({ ...claims, user: { ...claims.user, id: twoFactor.id } })).toString(
      "base64url",
    );
    const forged = [`${header}.${twisted}.${signature}`, await device.key.sign(claims, decodeJwt(jwt).header)];
    for (const token of forged) {
      const response = await jsonRequest(harness, "/user", { token });
      expect(response.status).toBe(401);
      await response.body?.cancel();
    }
    expect((await jsonRequest(harness, "/user", { token: `${header}.${payload}.${signature}` })).status).toBe(200);
  });
});

describe("the Plex JWT registry", () => {
  it("remembers at most its cap, forgetting the oldest (which are then unknown)", () => {
    const jwts = new PlexJwts(new PlexSigningKeys(createRandom(1)), 2);
    const record = { account: plain, clientIdentifier: "c", expiresAt: 10_000, keyGeneration: 0 };
    expect(jwts.add("a.a.a", record)).toBe(true);
    expect(jwts.add("b.b.b", record)).toBe(false); // the device's second JWT
    jwts.add("c.c.c", record);
    expect(jwts.tokens()).toEqual(["b.b.b", "c.c.c"]);
    expect(jwts.lookup("a.a.a", 0)).toEqual({ status: "unknown" });
    expect(jwts.lookup("c.c.c", 0)).toMatchObject({ status: "valid", clientIdentifier: "c" });
    expect(jwts.lookup("c.c.c", 10_000)).toEqual({ status: "expired" });
  });
});
