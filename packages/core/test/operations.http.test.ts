/**
 * Guards the same wire requests as operations.request.test.ts, but through the runtime's real `fetch` and
 * a real socket to a `node:http` server on 127.0.0.1: what actually goes over the wire, byte for byte.
 */
import { describe, expect, it } from "vitest";
import { CALLERS, IDENTITY, IDENTITY_HEADERS, TOKEN } from "./helpers/client.ts";
import { ACCOUNT, example, RESOURCES, SIGN_IN, TRANSIENT } from "./helpers/fixtures.ts";
import { type RecordedRequest, sendJson, useServers } from "./helpers/server.ts";

const server = useServers();

/** The request's headers minus the ones the runtime's fetch adds on its own. */
function sdkHeaders(request: RecordedRequest): Record<string, string> {
  const added = new Set([
    "host",
    "connection",
    "content-length",
    "user-agent",
    "accept-language",
    "sec-fetch-mode",
    "accept-encoding",
  ]);
  return Object.fromEntries(
    Object.entries(request.headers)
      .filter(([name]) => !added.has(name))
      .map(([name, value]) => [name, String(value)]),
  );
}

describe.each(CALLERS)("over a real socket via $via", ({ make }) => {
  it("getTransientToken: GET /security/token?type=delegation&scope=all, token only as a header", async () => {
    const pms = await server((_request, response) => sendJson(response, 200, example(TRANSIENT)));
    const client = make({ ...IDENTITY, token: TOKEN, serverUrl: pms.url });

    await expect(client.getTransientToken({ type: "delegation", scope: "all" })).resolves.toBe(
      "transient-5f0c2f4e-1d7b-4d7e-9a3c-2b8f6a1e9c77",
    );

    const [request] = pms.requests;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe("/security/token?type=delegation&scope=all");
    expect(sdkHeaders(request as RecordedRequest)).toEqual({
      accept: "application/json",
      ...IDENTITY_HEADERS,
      "x-plex-token": TOKEN,
    });
    expect(request?.headers).not.toHaveProperty("accepts");
    expect(request?.url).not.toContain(TOKEN);
    expect(request?.body).toBe("");
  });

  it("getSourceConnectionInformation: GET /security/resources?source=…&refresh=1, Device with its connections", async () => {
    const pms = await server((_request, response) => sendJson(response, 200, example(RESOURCES)));
    const client = make({ ...IDENTITY, token: TOKEN, serverUrl: pms.url });

    const device = (await client.getSourceConnectionInformation({ source: "server://0123abcd", refresh: true })) as {
      Connection: unknown[];
      accessToken: string;
    };

    const [request] = pms.requests;
    expect(request?.method).toBe("GET");
    const url = new URL(request?.url ?? "", pms.url);
    expect(url.pathname).toBe("/security/resources");
    expect(Object.fromEntries(url.searchParams)).toEqual({ source: "server://0123abcd", refresh: "1" });
    expect(request?.headers["x-plex-token"]).toBe(TOKEN);
    expect(request?.headers.accept).toBe("application/json");
    expect(request?.url).not.toContain(TOKEN);
    expect(device.Connection).toHaveLength(2);
    expect(device.accessToken).toBe("transient-9d3b7c1a-6e2f-4a8b-b1c4-7f5e3d2a1b0c");
  });

  it("getTokenDetails: GET {plexTvUrl}/user, answering the account", async () => {
    const plexTv = await server((_request, response) => sendJson(response, 200, example(ACCOUNT)));
    const client = make({ ...IDENTITY, token: TOKEN, plexTvUrl: `${plexTv.url}/api/v2` });

    const account = (await client.getTokenDetails()) as { username: string };

    const [request] = plexTv.requests;
    expect(request?.method).toBe("GET");
    expect(request?.url).toBe("/api/v2/user");
    expect(sdkHeaders(request as RecordedRequest)).toEqual({
      accept: "application/json",
      ...IDENTITY_HEADERS,
      "x-plex-token": TOKEN,
    });
    expect(account.username).toBe("Username");
  });

  it("postUsersSignInData: POST a urlencoded form with leading-zero code and rememberMe, no token, 201 parsed", async () => {
    const plexTv = await server((_request, response) => sendJson(response, 201, example(SIGN_IN)));
    const client = make({ ...IDENTITY, token: TOKEN, plexTvUrl: `${plexTv.url}/api/v2` });
    const password = "p&ss=w rd+%/ü€";

    const account = (await client.postUsersSignInData({
      login: "me@example.com",
      password,
      verificationCode: "001234",
      rememberMe: true,
    })) as { authToken: string };

    const [request] = plexTv.requests;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("/api/v2/users/signin");
    expect(request?.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(request?.headers.accept).toBe("application/json");
    expect(request?.headers).not.toHaveProperty("x-plex-token");
    expect(request?.headers).not.toHaveProperty("accepts");
    expect(request?.headers["x-plex-client-identifier"]).toBe(IDENTITY.clientIdentifier);
    expect(Object.fromEntries(new URLSearchParams(request?.body))).toEqual({
      login: "me@example.com",
      password,
      rememberMe: "true",
      verificationCode: "001234",
    });
    expect(request?.url).not.toContain("001234");
    expect(account.authToken).toBe("CxoUzBTSV5hsxjTpFKaf");
  });

  it("non-ASCII identity values arrive as UTF-8 bytes", async () => {
    const plexTv = await server((_request, response) => sendJson(response, 200, example(ACCOUNT)));
    const client = make({
      ...IDENTITY,
      deviceName: "Télé du salon – 客厅",
      token: TOKEN,
      plexTvUrl: plexTv.url,
    });

    await client.getTokenDetails();

    // Node hands header bytes over as latin1 characters; reading them back as UTF-8 must give the original.
    const raw = String(plexTv.requests[0]?.headers["x-plex-device-name"]);
    expect(Buffer.from(raw, "latin1").toString("utf8")).toBe("Télé du salon – 客厅");
  });
});
