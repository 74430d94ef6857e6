import { describe, expect, it } from "vitest";
import { createMockPlex, MOCK_ACCOUNTS, NONCE_TTL_MS } from "../src/index.ts";
import { createRandom } from "../src/random.ts";
import { Nonces } from "../src/state/nonces.ts";
import { TRANSPORTS } from "./support/harness.ts";
import {
  clientClaims,
  decodeJwt,
  exchange,
  fetchNonce,
  jsonRequest,
  plexJwtFor,
  registeredDevice,
  thumbprintOf,
  verifiesWith,
} from "./support/jwt.ts";
import { jsonOf } from "./support/requests.ts";

const { plain } = MOCK_ACCOUNTS;

interface Jwks {
  readonly keys: readonly Record<string, unknown>[];
}

describe.each(TRANSPORTS)("Plex's signing keys and nonces over $name", (transport) => {
  it("GET /auth/keys lists one Ed25519 key with its RFC 7638 thumbprint as kid, without a token", async () => {
    const harness = await transport.start();
    const response = await jsonRequest(harness, "/auth/keys");
    expect(response.status).toBe(200);
    const { keys } = await jsonOf<Jwks>(response);
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(Object.keys(key ?? {})).toEqual(["kty", "crv", "x", "use", "alg", "kid"]);
    expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", use: "sig", alg: "EdDSA" });
    expect(key?.x).toMatch(/^[\w-]{43}$/);
    expect(key?.kid).toBe(thumbprintOf(key?.x as string));
    expect(await harness.mock.jwtKeys()).toEqual(keys);
  });

  it("GET /auth/keys and /auth/nonce need a client identifier like every plex.tv route", async () => {
    const harness = await transport.start();
    for (const path of ["/auth/keys", "/auth/nonce"]) {
      const response = await harness.fetch(`${harness.plexTvUrl}${path}`, { headers: { Accept: "application/json" } });
      expect(response.status, path).toBe(400);
      expect(await response.json()).toMatchObject({ errors: [{ code: 1000 }] });
    }
  });

  it("rotateKeys keeps two keys live, then drops the oldest, and a JWT of a dropped key stops working", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    const beforeRotation = await plexJwtFor(harness, device);
    const [first] = await harness.mock.jwtKeys();

    await harness.mock.rotateKeys();
    const rotated = await harness.mock.jwtKeys();
    expect(rotated.map((key) => key.kid)).toEqual([first?.kid, expect.any(String)]);
    expect(rotated[1]?.kid).not.toBe(first?.kid);
    const afterRotation = await plexJwtFor(harness, device);
    expect(decodeJwt(afterRotation).header.kid).toBe(rotated[1]?.kid);
    const listed = (await jsonOf<Jwks>(await jsonRequest(harness, "/auth/keys"))).keys;
    expect(await verifiesWith(beforeRotation, listed)).toBe(true);
    expect(await verifiesWith(afterRotation, listed)).toBe(true);
    const user = await jsonRequest(harness, "/user", { token: beforeRotation });
    expect(user.status).toBe(200);

    // Not awaited: the requests that follow see the rotation already.
    void harness.mock.rotateKeys();
    const keys = (await jsonOf<Jwks>(await jsonRequest(harness, "/auth/keys"))).keys;
    expect(keys.map((key) => key.kid)).toEqual([rotated[1]?.kid, expect.any(String)]);
    expect(keys.map((key) => key.kid)).not.toContain(first?.kid);
    expect(await verifiesWith(beforeRotation, keys)).toBe(false);
    const dropped = await jsonRequest(harness, "/user", { token: beforeRotation });
    expect(dropped.status).toBe(401);
    expect(await dropped.json()).toMatchObject({ errors: [{ code: 1001 }] });
    expect((await jsonRequest(harness, "/user", { token: afterRotation })).status).toBe(200);
  });

  it("GET /auth/nonce gives a new uuid each time", async () => {
    const harness = await transport.start();
    const response = await jsonRequest(harness, "/auth/nonce");
    expect(response.status).toBe(200);
    const body = await jsonOf(response);
    expect(Object.keys(body)).toEqual(["nonce"]);
    expect(body.nonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(await fetchNonce(harness)).not.toBe(body.nonce);
  });

  it("a nonce works once, and only for 5 minutes on the mock clock", async () => {
    const harness = await transport.start();
    const device = await registeredDevice(harness, plain);
    const signWith = (nonce: string) =>
      device.key.sign(clientClaims(device.clientIdentifier, nonce, Math.floor(harness.mock.now() / 1000)));

    const once = await fetchNonce(harness);
    expect((await exchange(harness, await signWith(once))).status).toBe(200);
    const again = await exchange(harness, await signWith(once));
    expect(again.status).toBe(422);
    expect(await again.json()).toEqual({
      errors: [{ message: "Invalid device signature or JWT structure", status: 422 }],
    });

    const aging = await fetchNonce(harness);
    harness.mock.advanceTime(NONCE_TTL_MS - 1);
    expect((await exchange(harness, await signWith(aging))).status).toBe(200);
    const expiring = await fetchNonce(harness);
    harness.mock.advanceTime(NONCE_TTL_MS);
    expect((await exchange(harness, await signWith(expiring))).status).toBe(422);
  });
});

describe("the nonce store", () => {
  it("keeps at most its cap: the expired go first, then the oldest", () => {
    const nonces = new Nonces(createRandom(1), 3);
    const first = nonces.mint(0);
    const second = nonces.mint(1);
    nonces.mint(2);
    nonces.mint(3); // full, nothing expired: the oldest goes
    expect(nonces.size).toBe(3);
    expect(nonces.isLive(first, 3)).toBe(false);
    expect(nonces.isLive(second, 3)).toBe(true);
    const late = nonces.mint(NONCE_TTL_MS + 2); // the nonces minted at 1 and 2 have expired: they go
    expect(nonces.size).toBe(2);
    expect(nonces.isLive(late, NONCE_TTL_MS + 2)).toBe(true);
    expect(nonces.spend(late, NONCE_TTL_MS + 2)).toBe(true);
    expect(nonces.spend(late, NONCE_TTL_MS + 2)).toBe(false);
  });

  it("signing keys and nonces follow the seed, so a seeded mock issues the same JWTs every run", async () => {
    const keysOf = async (seed: number) => (await createMockPlex({ seed }).jwtKeys()).map((key) => key.kid);
    expect(await keysOf(7)).toEqual(await keysOf(7));
    expect(await keysOf(7)).not.toEqual(await keysOf(8));
  });
});
