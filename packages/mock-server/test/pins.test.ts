import { PinExpiredError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { createMockPlex, MOCK_ACCOUNTS, PIN_TTL_MS, STRONG_PIN_TTL_MS } from "../src/index.ts";
import { createRandom } from "../src/random.ts";
import { Pins } from "../src/state/pins.ts";
import { FIXED_NOW, rejectionOf, TRANSPORTS } from "./support/harness.ts";
import { createPin, jsonOf, type PinBody, plexTv, pollPin } from "./support/requests.ts";

const { plain, twoFactor } = MOCK_ACCOUNTS;

function link(code: string, token: string | undefined) {
  return {
    method: "PUT",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(token === undefined ? {} : { "X-Plex-Token": token }),
    },
    body: new URLSearchParams({ code }).toString(),
  };
}

describe.each(TRANSPORTS)("PINs over $name", (transport) => {
  it("creates a 4-character PIN with 201, shaped like plex.tv's, valid 900 s", async () => {
    const harness = await transport.start();
    const response = await plexTv(harness, "/pins", {
      method: "POST",
      headers: { "X-Plex-Client-Identifier": "tv-app", "X-Plex-Product": "TV App" },
    });
    expect(response.status).toBe(201);
    const pin = await jsonOf<PinBody>(response);
    expect(Object.keys(pin)).toEqual([
      "id",
      "code",
      "product",
      "trusted",
      "qr",
      "clientIdentifier",
      "location",
      "expiresIn",
      "createdAt",
      "expiresAt",
      "authToken",
      "newRegistration",
    ]);
    expect(pin).toMatchObject({
      product: "TV App",
      trusted: false,
      clientIdentifier: "tv-app",
      expiresIn: 900,
      createdAt: "2030-01-01T12:00:00Z",
      expiresAt: "2030-01-01T12:15:00Z",
      authToken: null,
      newRegistration: null,
    });
    expect(String(pin.id)).toMatch(/^\d{9}$/);
    expect(pin.code).toMatch(/^[A-Z0-9]{4}$/);
    expect(pin.qr).toBe(`https://plex.tv/api/v2/pins/qr/${pin.code}`);
  });

  it("creates a strong 25-character PIN with ?strong=true, valid 1800 s, ids counting up", async () => {
    const harness = await transport.start();
    const first = await createPin(harness, { strong: true });
    const second = await createPin(harness);
    expect(first.code).toMatch(/^[a-z0-9]{25}$/);
    expect(first).toMatchObject({ expiresIn: 1800, expiresAt: "2030-01-01T12:30:00Z" });
    expect(second.id).toBe(first.id + 1);
  });

  it("counts expiresIn down on the mock clock, then answers 404/1020 once the PIN expired", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness);
    harness.mock.advanceTime(300_500);
    const polled = await pollPin(harness, pin.id);
    expect(polled.status).toBe(200);
    expect(await jsonOf(polled)).toMatchObject({ id: pin.id, code: pin.code, expiresIn: 599, authToken: null });

    harness.mock.advanceTime(PIN_TTL_MS - 300_500);
    const expired = await pollPin(harness, pin.id);
    expect(expired.status).toBe(404);
    expect(await jsonOf(expired)).toEqual({
      errors: [{ code: 1020, message: "Code not found or expired", status: 404 }],
    });
  });

  it("keeps a strong PIN for its 30 minutes", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness, { strong: true });
    harness.mock.advanceTime(STRONG_PIN_TTL_MS - 1_000);
    expect(await jsonOf(await pollPin(harness, pin.id))).toMatchObject({ expiresIn: 1 });
    harness.mock.advanceTime(1_000);
    expect((await pollPin(harness, pin.id)).status).toBe(404);
  });

  it("answers 404/1020 for an id no PIN has, and for one that is not a number", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness);
    for (const id of [pin.id + 1000, "not-a-pin"]) {
      const response = await plexTv(harness, `/pins/${id}`, { headers: { "X-Plex-Client-Identifier": "pin-client" } });
      expect(response.status, String(id)).toBe(404);
      expect((await jsonOf<{ errors: { code: number }[] }>(response)).errors[0]?.code).toBe(1020);
    }
  });

  it("answers 404/1020 to another client identifier than the creator's", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness, { client: "creator" });
    const stranger = await pollPin(harness, pin.id, "someone-else");
    expect(stranger.status).toBe(404);
    await stranger.body?.cancel();
    expect((await pollPin(harness, pin.id, "creator")).status).toBe(200);
  });

  it("lets another client identifier read the PIN when pinReadsFromOtherClients is allow", async () => {
    const harness = await transport.start({ pinReadsFromOtherClients: "allow" });
    const pin = await createPin(harness, { client: "creator" });
    const stranger = await pollPin(harness, pin.id, "someone-else");
    expect(stranger.status).toBe(200);
    expect(await jsonOf(stranger)).toMatchObject({ id: pin.id, clientIdentifier: "creator" });
  });

  it("mock.approvePin puts a working device token of the account on the PIN", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness, { client: "living-room-tv" });
    expect(harness.mock.approvePin(pin.code.toLowerCase(), "plain")).toBe(true);
    const approved = await jsonOf<PinBody>(await pollPin(harness, pin.id, "living-room-tv"));
    expect(approved.newRegistration).toBe(false);
    expect(approved.authToken).toMatch(/^[A-Za-z0-9]{20}$/);
    const token = approved.authToken as string;

    const user = await harness.client({ token }).authentication.getTokenDetails();
    expect(user.username).toBe(plain.username);
    await expect(harness.client({ token }).authentication.ping()).resolves.toBe(true);
    await expect(harness.client({ token }).authentication.getTransientToken()).resolves.toMatch(/^transient-/);
    const device = harness.mock.devices("plain").find((entry) => entry.clientIdentifier === "living-room-tv");
    expect(device?.details).toMatchObject({ "X-Plex-Product": "Pin Test App" });
  });

  it("mock.approvePin answers false for a code no live PIN has, and throws for an unknown account", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness);
    expect(harness.mock.approvePin("ZZZZZ", "plain")).toBe(false);
    expect(() => harness.mock.approvePin(pin.code, "nobody")).toThrow(TypeError);
    harness.mock.advanceTime(PIN_TTL_MS);
    expect(harness.mock.approvePin(pin.code, "plain")).toBe(false);
  });

  it("PUT /pins/link with an account token approves the PIN as that account (204)", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness, { strong: true, client: "console" });
    const linked = await plexTv(harness, "/pins/link", link(pin.code, twoFactor.token));
    expect(linked.status).toBe(204);
    expect(await linked.text()).toBe("");
    const approved = await jsonOf<PinBody>(await pollPin(harness, pin.id, "console"));
    const user = await harness.client({ token: approved.authToken as string }).authentication.getTokenDetails();
    expect(user.username).toBe(twoFactor.username);
  });

  it("PUT /pins/link answers 401 without a valid token and 404/1020 for an unknown or expired code", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness);
    const cases: [string, RequestInit & { headers: Record<string, string> }, number, number][] = [
      ["no token", link(pin.code, undefined), 401, 1001],
      ["unknown token", link(pin.code, "NotARealToken1234567"), 401, 1001],
      ["unknown code", link("QQQQ9", plain.token), 404, 1020],
      ["no code", { ...link("", plain.token), body: "" }, 404, 1020],
    ];
    for (const [what, init, status, code] of cases) {
      const response = await plexTv(harness, "/pins/link", init as Parameters<typeof plexTv>[2]);
      expect(response.status, what).toBe(status);
      expect((await jsonOf<{ errors: { code: number }[] }>(response)).errors[0]?.code, what).toBe(code);
    }
    expect((await jsonOf<PinBody>(await pollPin(harness, pin.id))).authToken).toBeNull();
    harness.mock.advanceTime(PIN_TTL_MS);
    expect((await plexTv(harness, "/pins/link", link(pin.code, plain.token))).status).toBe(404);
  });

  it("core's client: createOAuthPin, approval, getOAuthPin with the token, PinExpiredError after expiry", async () => {
    const harness = await transport.start();
    const plex = harness.client({ clientIdentifier: "core-pin-client", product: "Core Pin App" });
    const pin = await plex.authentication.createOAuthPin({ strong: true });
    expect(pin.code).toHaveLength(25);
    expect(pin.product).toBe("Core Pin App");
    expect((await plex.authentication.getOAuthPin({ pinId: pin.id })).authToken).toBeNull();

    await harness.client({ token: plain.token }).authentication.linkOAuthPin({ code: pin.code });
    const approved = await plex.authentication.getOAuthPin({ pinId: pin.id });
    expect(approved.authToken).toMatch(/^[A-Za-z0-9]{20}$/);

    const short = await plex.authentication.createOAuthPin();
    expect(short.code).toMatch(/^[A-Z0-9]{4}$/);
    harness.mock.advanceTime(PIN_TTL_MS);
    const expired = await rejectionOf(plex.authentication.getOAuthPin({ pinId: short.id }));
    expect(expired).toBeInstanceOf(PinExpiredError);
    expect(expired).toMatchObject({ status: 404, errors: [{ code: 1020 }] });
  });
});

describe("PIN state", () => {
  it("starts its 9-digit ids where the seed says, the same for the same seed", async () => {
    const firstId = async (seed: number) => {
      const mock = createMockPlex({ seed, now: () => FIXED_NOW });
      const response = await mock.fetch(`${mock.plexTvUrl}/pins`, {
        method: "POST",
        headers: { Accept: "application/json", "X-Plex-Client-Identifier": "seeded" },
      });
      return (JSON.parse(await response.text()) as PinBody).id;
    };
    expect(await firstId(5)).toBe(await firstId(5));
    expect(await firstId(5)).not.toBe(await firstId(6));
    expect(String(await firstId(5))).toMatch(/^\d{9}$/);
  });

  it("keeps at most its cap: the expired PINs go first, then the oldest", () => {
    const pins = new Pins(createRandom(1), 3);
    const request = { clientIdentifier: "c", details: {}, strong: false };
    const strong = pins.create({ ...request, strong: true }, 0); // lives 1800 s
    const short = pins.create(request, 0); // expires at 900 s
    pins.create({ ...request, strong: true }, 0);
    const later = pins.create(request, PIN_TTL_MS); // full: the expired `short` makes room
    expect(pins.size).toBe(3);
    expect(pins.find(short.id, PIN_TTL_MS)).toBeUndefined();
    expect(pins.find(strong.id, PIN_TTL_MS)).toBe(strong);
    pins.create(request, PIN_TTL_MS); // full, nothing expired: the oldest (`strong`) goes
    expect(pins.size).toBe(3);
    expect(pins.find(strong.id, PIN_TTL_MS)).toBeUndefined();
    expect(pins.findByCode(later.code, PIN_TTL_MS)).toBe(later);
  });
});
