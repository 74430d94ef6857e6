import { type OperationHost, operations, parseErrorBody } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, type MockOperationName, totpCode } from "../src/index.ts";
import { FIXED_NOW, plexHeaders, TRANSPORTS } from "./support/harness.ts";

const { plain, twoFactor } = MOCK_ACCOUNTS;

function form(fields: Record<string, string>): RequestInit {
  return {
    method: "POST",
    headers: { ...plexHeaders(), "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  };
}

/** A moment (from FIXED_NOW on, in 30 s steps) whose TOTP code starts with 0; bounded search. */
async function momentWithLeadingZeroCode(): Promise<{ at: number; code: string }> {
  for (let step = 0; step < 500; step++) {
    const at = FIXED_NOW + step * 30_000;
    const code = await totpCode(twoFactor.totpSecret as string, at);
    if (code.startsWith("0")) return { at, code };
  }
  throw new Error("no code with a leading zero in 500 steps");
}

describe.each(TRANSPORTS)("wire protocol over $name", (transport) => {
  it("answers JSON when the request accepts application/json", async () => {
    const { fetch, plexTvUrl } = await transport.start();
    const response = await fetch(`${plexTvUrl}/user`, { headers: plexHeaders({ "X-Plex-Token": plain.token }) });
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(JSON.parse(await response.text())).toMatchObject({ username: plain.username });
  });

  it("answers XML without Accept: application/json, on plex.tv and on the PMS, errors included", async () => {
    const { fetch, plexTvUrl, serverUrl } = await transport.start();
    const headers = { "X-Plex-Client-Identifier": "xml-client", "X-Plex-Token": plain.token };

    const user = await fetch(`${plexTvUrl}/user`, { headers });
    expect(user.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(await user.text()).toMatch(/^<\?xml [^>]*\?>\n<user id="20000001" uuid="6c3a1f0e9b8d7c21" username="casey"/);

    const transient = await fetch(`${serverUrl}/security/token?type=delegation&scope=all`, { headers });
    expect(transient.headers.get("content-type")).toBe("text/xml;charset=utf-8");
    expect(await transient.text()).toMatch(/<MediaContainer size="0" token="transient-[0-9a-f-]{36}"\/>/);

    const failed = await fetch(`${plexTvUrl}/user`, { headers: { ...headers, "X-Plex-Token": "unknown-token-0000" } });
    const body = await failed.text();
    expect(body).toContain(
      '<errors><error code="1001" message="User could not be authenticated" status="401"/></errors>',
    );
    expect(parseErrorBody(body).errors).toEqual([
      { code: 1001, message: "User could not be authenticated", status: 401 },
    ]);
  });

  it("renders the resources Device and its Connections as nested XML elements", async () => {
    const { fetch, serverUrl } = await transport.start();
    const response = await fetch(`${serverUrl}/security/resources?source=provider://tv.plex.provider.vod`, {
      headers: { "X-Plex-Token": twoFactor.token },
    });
    expect(await response.text()).toMatch(
      /<MediaContainer size="1"><Device name="Plex Movies &amp; TV" clientIdentifier="tv.plex.provider.vod" accessToken="[A-Za-z0-9]{24}"><Connection protocol="https" address="vod.provider.plex.tv" port="443" uri="https:\/\/vod.provider.plex.tv" local="false" relay="false"\/><\/Device><\/MediaContainer>/,
    );
  });

  it("renders a PIN, the resources list and the Home as plex.tv's XML without Accept: application/json", async () => {
    const { fetch, plexTvUrl } = await transport.start();
    const headers = { "X-Plex-Client-Identifier": "xml-client", "X-Plex-Token": twoFactor.token };
    const pin = await fetch(`${plexTvUrl}/pins`, { method: "POST", headers });
    expect(pin.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    expect(await pin.text()).toMatch(
      /^<\?xml [^>]*\?>\n<pin id="\d{9}" code="[A-Z0-9]{4}" trusted="false" qr="[^"]+" clientIdentifier="xml-client" expiresIn="900" createdAt="[^"]+" expiresAt="[^"]+"><location code="US" /,
    );
    const resources = await fetch(`${plexTvUrl}/resources?includeHttps=1`, { headers });
    expect(await resources.text()).toMatch(
      /<resources><resource name="Alex's Mock Server" [^>]*provides="server" [^>]*><connections><connection protocol="http" /,
    );
    const home = await fetch(`${plexTvUrl}/home/users`, { headers });
    expect(await home.text()).toMatch(
      /<home id="1841489" [^>]*><users><user id="20000002" uuid="a4f43c1ebfde43a5" title="alex" /,
    );
  });

  it("reads the sign-in form like plex.tv: body over query string, JSON bodies too", async () => {
    const { fetch, plexTvUrl } = await transport.start();
    const bodyWins = await fetch(
      `${plexTvUrl}/users/signin?login=nobody%40example.com&password=wrong`,
      form({ login: plain.login, password: plain.password }),
    );
    expect(bodyWins.status).toBe(201);
    await bodyWins.body?.cancel();

    const queryOnly = await fetch(
      `${plexTvUrl}/users/signin?${new URLSearchParams({ login: plain.login, password: plain.password })}`,
      { method: "POST", headers: plexHeaders() },
    );
    expect(queryOnly.status).toBe(201);
    await queryOnly.body?.cancel();

    const json = await fetch(`${plexTvUrl}/users/signin`, {
      method: "POST",
      headers: { ...plexHeaders(), "Content-Type": "application/json" },
      body: JSON.stringify({ login: plain.username, password: plain.password }),
    });
    expect(json.status).toBe(201);
    await json.body?.cancel();
  });

  it("casts rememberMe like Rails: a longer-lived sign-in when it is true", async () => {
    const { fetch, plexTvUrl } = await transport.start();
    const expiry = async (rememberMe: string) => {
      const response = await fetch(
        `${plexTvUrl}/users/signin`,
        form({ login: plain.login, password: plain.password, rememberMe }),
      );
      return (JSON.parse(await response.text()) as { rememberExpiresAt: number }).rememberExpiresAt;
    };
    const remembered = await expiry("true");
    expect(await expiry("1")).toBe(remembered);
    expect(await expiry("false")).toBeLessThan(remembered);
    expect(await expiry("0")).toBeLessThan(remembered);
  });

  it("keeps the verification code a string: leading zeros matter", async () => {
    const { at, code } = await momentWithLeadingZeroCode();
    const { fetch, plexTvUrl } = await transport.start({ now: () => at });
    const credentials = { login: twoFactor.login, password: twoFactor.password };
    const asNumber = await fetch(
      `${plexTvUrl}/users/signin`,
      form({ ...credentials, verificationCode: String(Number(code)) }),
    );
    expect(parseErrorBody(await asNumber.text()).errors[0]?.code).toBe(1028);
    const asString = await fetch(`${plexTvUrl}/users/signin`, form({ ...credentials, verificationCode: code }));
    expect(asString.status).toBe(201);
    await asString.body?.cancel();
  });

  it("answers every operation of core's table at its host, method and path", async () => {
    const { mock, fetch, serverUrl, plexTvUrl } = await transport.start();
    const bases: Record<OperationHost, string> = {
      pms: serverUrl,
      plexTv: plexTvUrl,
      clientsPlexTv: plexTvUrl,
      plexTvV1: `${serverUrl}/api`,
    };
    // No token or form: each route answers its own way (mostly its auth failure), never "no such route".
    const expected: Record<MockOperationName, number> = {
      createOAuthPin: 201, // needs no token
      exchangeJWTToken: 400, // needs no token: no jwt in the body
      getAuthKeys: 200, // needs no token
      getAuthNonce: 200, // needs no token
      getClaimToken: 401,
      getHomeUsers: 401,
      getOAuthPin: 404, // no PIN has the id
      getServerResources: 401,
      getSourceConnectionInformation: 401,
      getTokenDetails: 401,
      getTransientToken: 401,
      linkOAuthPin: 401,
      ping: 401,
      postUsersSignInData: 401,
      registerDeviceJWK: 401,
      signOut: 401,
      switchHomeUser: 401,
    };
    for (const operation of Object.values(operations)) {
      const path = operation.path.replace(/\{\w+\}/g, "123456789");
      const response = await fetch(`${bases[operation.host]}${path}`, {
        method: operation.method,
        headers: plexHeaders(),
      });
      expect(response.status, operation.name).toBe(expected[operation.name as MockOperationName]);
      expect(mock.requests.at(-1)?.operation, operation.name).toBe(operation.name);
      await response.body?.cancel();
    }
  });

  it("answers 404 for unknown paths and for the double slash of a base URL ending in /", async () => {
    const { fetch, serverUrl, plexTvUrl } = await transport.start();
    for (const url of [`${plexTvUrl}/nope`, `${plexTvUrl}//user`, `${serverUrl}/security/nope`]) {
      const response = await fetch(url, { headers: plexHeaders({ "X-Plex-Token": plain.token }) });
      expect(response.status, url).toBe(404);
      await response.body?.cancel();
    }
  });

  it("answers 405 for a wrong verb on /security/resources and 404 for one on a plex.tv route", async () => {
    const { fetch, serverUrl, plexTvUrl } = await transport.start();
    const resources = await fetch(`${serverUrl}/security/resources?source=provider://tv.plex.provider.vod`, {
      method: "POST",
      headers: plexHeaders({ "X-Plex-Token": twoFactor.token }),
    });
    expect(resources.status).toBe(405);
    expect(resources.headers.get("allow")).toBe("GET");
    await resources.body?.cancel();
    const user = await fetch(`${plexTvUrl}/user`, { method: "DELETE", headers: plexHeaders() });
    expect(user.status).toBe(404);
    await user.body?.cancel();
  });
});
