import { HomeUserPinRequiredError, NotFoundError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, MOCK_HOME, MOCK_HOME_PIN, MOCK_KID_PROFILE } from "../src/index.ts";
import { rejectionOf, TRANSPORTS } from "./support/harness.ts";
import { jsonOf, plexTv } from "./support/requests.ts";

const { plain, twoFactor, managed } = MOCK_ACCOUNTS;
const kid = MOCK_KID_PROFILE;

function switchTo(uuid: string, token: string, query = "") {
  return [`/home/users/${uuid}/switch${query}`, { method: "POST", headers: { "X-Plex-Token": token } }] as const;
}

describe.each(TRANSPORTS)("Plex Home over $name", (transport) => {
  it("lists the Home and its members for any member, shaped like plex.tv's", async () => {
    const harness = await transport.start();
    for (const member of [twoFactor, managed, kid]) {
      const response = await plexTv(harness, "/home/users", { headers: { "X-Plex-Token": member.token } });
      expect(response.status, member.key).toBe(200);
      const home = await jsonOf<{ users: Record<string, unknown>[] }>(response);
      expect(home).toMatchObject({ id: MOCK_HOME.id, name: MOCK_HOME.name, guestEnabled: false, subscription: true });
      expect(home.users.map((user) => [user.uuid, user.admin, user.restrictionProfile, user.protected])).toEqual([
        [twoFactor.uuid, true, null, false],
        [managed.uuid, false, "older_kid", true],
        [kid.uuid, false, "little_kid", false],
      ]);
      expect(home.users[2]).toMatchObject({
        title: "Jamie",
        username: null,
        email: null,
        hasPassword: false,
        restricted: true,
      });
    }
  });

  it("answers 404 to an account without a Home, and 401/1001 without a valid token", async () => {
    const harness = await transport.start();
    const outsider = await plexTv(harness, "/home/users", { headers: { "X-Plex-Token": plain.token } });
    expect(outsider.status).toBe(404);
    expect(await jsonOf(outsider)).toEqual({ errors: [{ message: "Not Found", status: 404 }] });
    const anonymous = await plexTv(harness, "/home/users");
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
  });

  it("switches to a protected profile only with its PIN: 403/1041 when it is missing or wrong", async () => {
    const harness = await transport.start();
    for (const query of ["", "?pin=0000", "?pin="]) {
      const response = await plexTv(harness, ...switchTo(managed.uuid, twoFactor.token, query));
      expect(response.status, query).toBe(403);
      expect(await jsonOf(response)).toEqual({
        errors: [{ code: 1041, message: "A valid PIN is required to perform this action", status: 403 }],
      });
    }
    const switched = await plexTv(harness, ...switchTo(managed.uuid, twoFactor.token, `?pin=${MOCK_HOME_PIN}`));
    expect(switched.status).toBe(201);
    const user = await jsonOf<Record<string, unknown>>(switched);
    expect(user).toMatchObject({ id: managed.id, uuid: managed.uuid, protected: true, restricted: true, home: true });
    expect(user.authToken).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(user.authToken).not.toBe(managed.token); // a device token of this client, not the seeded one
  });

  it("switches to an unprotected profile without a PIN, from any member, and the token works on /user", async () => {
    const harness = await transport.start();
    const response = await plexTv(harness, ...switchTo(kid.uuid, managed.token));
    expect(response.status).toBe(201);
    const user = await jsonOf<{ authToken: string; username: unknown; homeAdmin: boolean }>(response);
    expect(user).toMatchObject({ username: null, homeAdmin: false });
    const details = await harness.client({ token: user.authToken }).authentication.getTokenDetails();
    expect(details).toMatchObject({ id: kid.id, title: "Jamie", restricted: true, protected: false, homeSize: 3 });
    expect(harness.mock.devices("kid").map((device) => device.clientIdentifier)).toContain("raw-test-client");
  });

  it("answers 404 for a uuid not in the caller's Home, and for a caller without a Home", async () => {
    const harness = await transport.start();
    for (const [uuid, token] of [
      [plain.uuid, twoFactor.token],
      ["ffffffffffffffff", twoFactor.token],
      [kid.uuid, plain.token],
    ] as const) {
      const response = await plexTv(harness, ...switchTo(uuid, token));
      expect(response.status, uuid).toBe(404);
      await response.body?.cancel();
    }
    const anonymous = await plexTv(harness, `/home/users/${kid.uuid}/switch`, { method: "POST" });
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
  });

  it("the managed profile cannot sign in with a password, not even an empty one", async () => {
    const harness = await transport.start();
    const attempts: [login: string, password: string][] = [
      ["", ""],
      [" ", ""],
      [kid.title, ""],
    ];
    for (const [login, password] of attempts) {
      const response = await plexTv(harness, "/users/signin", {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ login, password }).toString(),
      });
      expect(response.status, JSON.stringify(login)).toBe(401);
      await response.body?.cancel();
    }
  });

  it("core's client: getHomeUsers, switchHomeUser with a wrong PIN, then the right one", async () => {
    const harness = await transport.start();
    const admin = harness.client({ token: twoFactor.token, clientIdentifier: "living-room" });
    const home = await admin.authentication.getHomeUsers();
    expect(home.users.map((user) => user.title)).toEqual(["alex", "Robin", "Jamie"]);
    const wrong = await rejectionOf(admin.authentication.switchHomeUser({ uuid: managed.uuid, pin: "1111" }));
    expect(wrong).toBeInstanceOf(HomeUserPinRequiredError);
    expect(wrong).toMatchObject({ status: 403, errors: [{ code: 1041 }] });
    const robin = await admin.authentication.switchHomeUser({ uuid: managed.uuid, pin: MOCK_HOME_PIN });
    const details = await harness.client({ token: robin.authToken }).authentication.getTokenDetails();
    expect(details.username).toBe(managed.username);
    const outsider = await rejectionOf(harness.client({ token: plain.token }).authentication.getHomeUsers());
    expect(outsider).toBeInstanceOf(NotFoundError);
  });
});
