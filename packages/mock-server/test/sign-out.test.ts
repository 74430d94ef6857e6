import { InvalidTokenError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS } from "../src/index.ts";
import { plexHeaders, rejectionOf, TRANSPORTS } from "./support/harness.ts";
import { jsonOf, plexTv } from "./support/requests.ts";

const { plain, managed } = MOCK_ACCOUNTS;

describe.each(TRANSPORTS)("sign-out over $name", (transport) => {
  it("answers 204, then the token is unknown everywhere: 401/1001 on plex.tv, 401 on the PMS", async () => {
    const harness = await transport.start();
    const signedIn = await harness.client({ clientIdentifier: "phone" }).authentication.postUsersSignInData({
      login: plain.login,
      password: plain.password,
    });
    const token = signedIn.authToken;
    const transient = await harness.client({ token }).authentication.getTransientToken();

    const response = await plexTv(harness, "/users/signout", { method: "DELETE", headers: { "X-Plex-Token": token } });
    expect(response.status).toBe(204);
    expect(await response.text()).toBe("");

    for (const path of ["/user", "/ping", "/resources", "/users/signout"]) {
      const after = await plexTv(harness, path, {
        method: path === "/users/signout" ? "DELETE" : "GET",
        headers: { "X-Plex-Token": token },
      });
      expect(after.status, path).toBe(401);
      expect((await jsonOf<{ errors: { code: number }[] }>(after)).errors[0]?.code, path).toBe(1001);
    }
    for (const dead of [token, transient]) {
      const pms = await harness.fetch(`${harness.serverUrl}/security/token?type=delegation&scope=all`, {
        headers: plexHeaders({ "X-Plex-Token": dead }),
      });
      expect(pms.status).toBe(401);
      expect(pms.headers.get("content-type")).toBe("text/html");
      await pms.body?.cancel();
    }
  });

  it("is not a revocation: revokeToken no longer finds it, the device is gone, issuedTokens() still lists it", async () => {
    const harness = await transport.start();
    const plex = harness.client({ token: managed.token });
    await plex.authentication.signOut();
    expect(harness.mock.revokeToken(managed.token)).toBe(false);
    expect(harness.mock.devices("managed")).toEqual([]);
    expect(harness.mock.issuedTokens()).toContain(managed.token);
    const error = await rejectionOf(plex.authentication.getTokenDetails());
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).toMatchObject({ status: 401 }); // a revoked token answers 422 instead
    // Signing in again from the same device gives a new token.
    const again = await harness
      .client({ clientIdentifier: "mock-seeded-device-managed" })
      .authentication.postUsersSignInData({
        login: managed.login,
        password: managed.password,
      });
    expect(again.authToken).not.toBe(managed.token);
  });

  it("answers 401/1001 without a token and 422 for a revoked one", async () => {
    const harness = await transport.start();
    const anonymous = await plexTv(harness, "/users/signout", { method: "DELETE" });
    expect(anonymous.status).toBe(401);
    await anonymous.body?.cancel();
    harness.mock.revokeToken(plain.token);
    const revoked = await plexTv(harness, "/users/signout", {
      method: "DELETE",
      headers: { "X-Plex-Token": plain.token },
    });
    expect(revoked.status).toBe(422);
    await revoked.body?.cancel();
  });
});
