import { REDACTED } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, MOCK_HOME_PIN, MOCK_SOURCES } from "../src/index.ts";
import { plexHeaders, TRANSPORTS } from "./support/harness.ts";
import { plexTv } from "./support/requests.ts";

const { plain, twoFactor } = MOCK_ACCOUNTS;

describe.each(TRANSPORTS)("request log over $name", (transport) => {
  it("records what was sent, with every password, code and token redacted", async () => {
    const { mock, client, fetch, serverUrl } = await transport.start();
    const code = await mock.totp("twoFactor");
    const plex = client({ clientIdentifier: "logged-client" });
    const account = await plex.authentication.postUsersSignInData({
      login: twoFactor.login,
      password: twoFactor.password,
      verificationCode: code,
    });
    const transient = await plex.authentication.getTransientToken(undefined, { token: account.authToken });
    await plex.authentication.getSourceConnectionInformation(
      { source: MOCK_SOURCES.ownServer.source },
      { token: transient },
    );
    // A token in the query string, as some clients send it.
    const response = await fetch(`${serverUrl}/security/token?type=delegation&scope=all&X-Plex-Token=${plain.token}`, {
      headers: plexHeaders(),
    });
    await response.body?.cancel();

    const log = mock.requests;
    expect(log.map((entry) => entry.operation)).toEqual([
      "postUsersSignInData",
      "getTransientToken",
      "getSourceConnectionInformation",
      "getTransientToken",
    ]);
    expect(log[0]).toMatchObject({
      method: "POST",
      path: "/api/v2/users/signin",
      clientIdentifier: "logged-client",
      hadToken: false,
      status: 201,
      params: { login: twoFactor.login, password: REDACTED, verificationCode: REDACTED, rememberMe: "false" },
    });
    expect(log[1]?.headers["x-plex-token"]).toBe(REDACTED);
    expect(log[3]?.url).toContain(`X-Plex-Token=${REDACTED}`);

    const text = JSON.stringify(log);
    for (const secret of [twoFactor.password, code, plain.token, ...mock.issuedTokens()]) {
      expect(text).not.toContain(secret);
    }
  });

  it("redacts the request's own secrets wherever else in it they appear, tokens the mock never issued included", async () => {
    const { mock, fetch, serverUrl, plexTvUrl } = await transport.start();
    const stray = "stray-token-the-mock-never-issued";
    for (const path of [`/security/resources?source=server://${stray}/x`, `/library/${stray}/children`]) {
      const response = await fetch(`${serverUrl}${path}`, { headers: plexHeaders({ "X-Plex-Token": stray }) });
      await response.body?.cancel();
    }
    // Login and password swapped by mistake: the password lands in a field that is not secret by name.
    const swapped = await fetch(`${plexTvUrl}/users/signin`, {
      method: "POST",
      headers: { ...plexHeaders(), "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ login: plain.password, password: plain.login }).toString(),
    });
    await swapped.body?.cancel();

    const log = mock.requests;
    expect(log.map((entry) => entry.status)).toEqual([401, 404, 401]);
    expect(log[0]?.params.source).toBe(`server://${REDACTED}/x`);
    expect(log[1]?.path).toBe(`/library/${REDACTED}/children`);
    expect(log[2]?.params).toMatchObject({ login: REDACTED, password: REDACTED });
    const text = JSON.stringify(log);
    expect(text).not.toContain(stray);
    expect(text).not.toContain(plain.password);
  });

  it("redacts PIN ids, PIN codes and Home PINs, however short, and the tokens of the new routes", async () => {
    const harness = await transport.start();
    const { mock, client, fetch, serverUrl } = harness;
    const plex = client({ clientIdentifier: "pin-logger" });
    const pin = await plex.authentication.createOAuthPin({ strong: true });
    await plex.authentication.getOAuthPin({ pinId: pin.id });
    const send = async (response: Promise<Response>) => (await response).body?.cancel();
    await send(
      plexTv(harness, `/pins/${pin.id}?code=${pin.code}`, { headers: { "X-Plex-Client-Identifier": "pin-logger" } }),
    );
    await send(plexTv(harness, "/pins/12"));
    const short = await plex.authentication.createOAuthPin();
    await client({ token: plain.token }).authentication.linkOAuthPin({ code: short.code });
    await send(
      plexTv(harness, "/pins/link", {
        method: "PUT",
        headers: { "X-Plex-Token": plain.token, "Content-Type": "application/x-www-form-urlencoded" },
        body: "code=AB",
      }),
    );
    await send(
      fetch(`${serverUrl}/auth/approve`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ code: pin.code, account: "plain" }),
      }),
    );
    const admin = client({ token: twoFactor.token });
    await admin.authentication.switchHomeUser({ uuid: MOCK_ACCOUNTS.managed.uuid, pin: MOCK_HOME_PIN });
    await send(
      plexTv(harness, `/home/users/${MOCK_ACCOUNTS.managed.uuid}/switch?pin=12`, {
        method: "POST",
        headers: { "X-Plex-Token": twoFactor.token },
      }),
    );
    await admin.authentication.getServerResources();
    const claim = await admin.authentication.getClaimToken();

    const log = mock.requests;
    expect(log.map((entry) => entry.status)).toEqual([201, 200, 200, 404, 201, 204, 404, 204, 201, 403, 200, 200]);
    expect(log[1]?.path).toBe(`/api/v2/pins/${REDACTED}`);
    expect(log[2]?.url).toMatch(/\/api\/v2\/pins\/\[redacted\]\?code=\[redacted\]$/);
    expect(log[3]?.path).toBe(`/api/v2/pins/${REDACTED}`);
    expect(log[5]?.params.code).toBe(REDACTED);
    expect(log[6]?.params.code).toBe(REDACTED);
    expect(log[7]?.params).toEqual({ code: REDACTED, account: "plain" });
    expect(log[8]?.url).toContain(`?pin=${REDACTED}`);
    expect(log[8]?.params.pin).toBe(REDACTED);
    expect(log[9]?.url).toContain(`?pin=${REDACTED}`);
    const text = JSON.stringify(log);
    for (const secret of [String(pin.id), pin.code, short.code, `pin=${MOCK_HOME_PIN}`, "pin=12", "code=AB", claim]) {
      expect(text).not.toContain(secret);
    }
    for (const token of mock.issuedTokens()) expect(text).not.toContain(token);
  });

  it("can be cleared, and keeps at most maxLoggedRequests entries", async () => {
    const { mock, client } = await transport.start({ maxLoggedRequests: 3 });
    const plex = client({ token: plain.token });
    for (let call = 0; call < 5; call++) await plex.authentication.getTokenDetails();
    expect(mock.requests.map((entry) => entry.id)).toEqual([3, 4, 5]);
    mock.clearRequests();
    expect(mock.requests).toEqual([]);
  });
});
