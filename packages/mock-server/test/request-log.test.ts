import { REDACTED } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, MOCK_SOURCES } from "../src/index.ts";
import { plexHeaders, TRANSPORTS } from "./support/harness.ts";

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

  it("can be cleared, and keeps at most maxLoggedRequests entries", async () => {
    const { mock, client } = await transport.start({ maxLoggedRequests: 3 });
    const plex = client({ token: plain.token });
    for (let call = 0; call < 5; call++) await plex.authentication.getTokenDetails();
    expect(mock.requests.map((entry) => entry.id)).toEqual([3, 4, 5]);
    mock.clearRequests();
    expect(mock.requests).toEqual([]);
  });
});
