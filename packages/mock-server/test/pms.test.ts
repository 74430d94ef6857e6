import { BadRequestError, InvalidTokenError, UnauthorizedError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_TRANSIENT_TOKEN_TTL_MS, MOCK_ACCOUNTS, MOCK_SOURCES } from "../src/index.ts";
import { plexHeaders, rejectionOf, TRANSPORTS } from "./support/harness.ts";

const { plain, twoFactor, managed } = MOCK_ACCOUNTS;
const ADMIN = twoFactor.token;

describe.each(TRANSPORTS)("Plex Media Server behaviour over $name", (transport) => {
  it("mints transient tokens for every account with access, and the PMS routes accept them", async () => {
    const { client } = await transport.start();
    for (const account of [plain, twoFactor, managed]) {
      const transient = await client({ token: account.token }).authentication.getTransientToken();
      expect(transient).toMatch(/^transient-[0-9a-f-]{36}$/);
      // A transient token can mint another, with the same access.
      await expect(client({ token: transient }).authentication.getTransientToken()).resolves.toMatch(/^transient-/);
    }
  });

  it("answers /security/token on any HTTP verb, like real PMS", async () => {
    const { fetch, serverUrl } = await transport.start();
    for (const method of ["GET", "POST", "PUT", "DELETE"]) {
      const response = await fetch(`${serverUrl}/security/token?type=delegation&scope=all`, {
        method,
        headers: plexHeaders({ "X-Plex-Token": ADMIN }),
      });
      expect(response.status, method).toBe(200);
      expect(JSON.parse(await response.text()).MediaContainer.token).toMatch(/^transient-/);
    }
  });

  it("answers 400 text/html for a type or scope other than delegation/all", async () => {
    const { fetch, serverUrl } = await transport.start();
    for (const query of ["type=delegation", "scope=all", "type=access&scope=all", "type=delegation&scope=some"]) {
      const response = await fetch(`${serverUrl}/security/token?${query}`, {
        headers: plexHeaders({ "X-Plex-Token": ADMIN }),
      });
      expect(response.status, query).toBe(400);
      expect(response.headers.get("content-type")).toMatch(/^text\/html/);
      await response.body?.cancel();
    }
  });

  it("expires transient tokens after 48 hours by default", async () => {
    const { mock, client } = await transport.start();
    const transient = await client({ token: ADMIN }).authentication.getTransientToken();
    const withTransient = client({ token: transient, retry: false });
    mock.advanceTime(DEFAULT_TRANSIENT_TOKEN_TTL_MS - 1_000);
    await expect(withTransient.authentication.getTransientToken()).resolves.toMatch(/^transient-/);
    mock.advanceTime(1_000);
    const expired = await rejectionOf(withTransient.authentication.getTransientToken());
    expect(expired).toBeInstanceOf(InvalidTokenError);
    expect(expired).toMatchObject({ status: 401 });
  });

  it("expires transient tokens after transientTokenTtlMs when it is set", async () => {
    const { mock, client } = await transport.start({ transientTokenTtlMs: 5_000 });
    const transient = await client({ token: ADMIN }).authentication.getTransientToken();
    mock.advanceTime(5_000);
    await expect(
      client({ token: transient }).authentication.getSourceConnectionInformation({
        source: MOCK_SOURCES.vodProvider.source,
      }),
    ).rejects.toMatchObject({ status: 401 });
  });

  it("kills every transient token on restartServer(), and keeps account tokens", async () => {
    const { mock, client } = await transport.start();
    const transient = await client({ token: ADMIN }).authentication.getTransientToken();
    mock.restartServer();
    const dead = await rejectionOf(client({ token: transient }).authentication.getTransientToken());
    expect(dead).toBeInstanceOf(InvalidTokenError);
    await expect(client({ token: ADMIN }).authentication.getTransientToken()).resolves.toMatch(/^transient-/);
  });

  it("kills transient tokens made from an account token that is revoked", async () => {
    const { mock, client } = await transport.start();
    const transient = await client({ token: ADMIN }).authentication.getTransientToken();
    mock.revokeToken(ADMIN);
    await expect(client({ token: transient }).authentication.getTransientToken()).rejects.toMatchObject({
      status: 401,
    });
  });

  it("answers /security/resources for the admin token and transient tokens made from it", async () => {
    const { client } = await transport.start();
    const admin = client({ token: ADMIN });
    const transient = await admin.authentication.getTransientToken();
    for (const token of [ADMIN, transient]) {
      const device = await client({ token }).authentication.getSourceConnectionInformation({
        source: MOCK_SOURCES.sharedServer.source,
      });
      expect(device).toMatchObject({
        name: MOCK_SOURCES.sharedServer.name,
        clientIdentifier: MOCK_SOURCES.sharedServer.clientIdentifier,
      });
      expect(device.accessToken).toMatch(/^[A-Za-z0-9]{24}$/);
      expect(device.Connection).toEqual(MOCK_SOURCES.sharedServer.connections);
    }
  });

  it("answers /security/resources with 403 text/html for non-admin tokens and their transient tokens", async () => {
    const { client } = await transport.start();
    for (const account of [plain, managed]) {
      const transient = await client({ token: account.token }).authentication.getTransientToken();
      for (const token of [account.token, transient]) {
        const error = await rejectionOf(
          client({ token }).authentication.getSourceConnectionInformation({ source: MOCK_SOURCES.ownServer.source }),
        );
        expect(error).toBeInstanceOf(UnauthorizedError);
        expect(error).toMatchObject({ status: 403, excerpt: "Forbidden 403 Forbidden" });
      }
    }
  });

  it("answers /security/resources for every seeded source, and 400 for a source the server does not know", async () => {
    const { client } = await transport.start();
    const admin = client({ token: ADMIN });
    for (const known of Object.values(MOCK_SOURCES)) {
      const device = await admin.authentication.getSourceConnectionInformation({ source: known.source, refresh: true });
      expect(device.name).toBe(known.name);
    }
    const unknown = await rejectionOf(
      admin.authentication.getSourceConnectionInformation({ source: "server://ffffffffffffffffffffffffffffffff" }),
    );
    expect(unknown).toBeInstanceOf(BadRequestError);
    expect(unknown).toMatchObject({ status: 400 });
  });

  it("answers 400 text/html for a missing source or a refresh other than 0/1", async () => {
    const { fetch, serverUrl } = await transport.start();
    const source = encodeURIComponent(MOCK_SOURCES.vodProvider.source);
    for (const query of ["", `source=${source}&refresh=yes`]) {
      const response = await fetch(`${serverUrl}/security/resources?${query}`, {
        headers: plexHeaders({ "X-Plex-Token": ADMIN }),
      });
      expect(response.status, query).toBe(400);
      expect(await response.text()).toContain("<title>Bad Request</title>");
    }
  });

  it("answers auth failures on the PMS routes with HTML pages, whatever the Accept header", async () => {
    const { fetch, serverUrl } = await transport.start();
    const cases: [string, Record<string, string>, number, string][] = [
      ["/security/token?type=delegation&scope=all", {}, 401, "Unauthorized"],
      ["/security/token?type=delegation&scope=all", { "X-Plex-Token": "wrong-token-123456" }, 401, "Unauthorized"],
      [`/security/resources?source=${MOCK_SOURCES.vodProvider.source}`, {}, 401, "Unauthorized"],
      [
        `/security/resources?source=${MOCK_SOURCES.vodProvider.source}`,
        { "X-Plex-Token": plain.token },
        403,
        "Forbidden",
      ],
    ];
    for (const [path, headers, status, title] of cases) {
      const response = await fetch(`${serverUrl}${path}`, { headers: plexHeaders(headers) });
      expect(response.status, path).toBe(status);
      expect(response.headers.get("content-type")).toBe("text/html");
      expect(await response.text()).toBe(
        `<html><head><title>${title}</title></head><body><h1>${status} ${title}</h1></body></html>`,
      );
    }
  });

  it("accepts the token as an X-Plex-Token query parameter too, as Plex does", async () => {
    const { fetch, serverUrl } = await transport.start();
    const response = await fetch(`${serverUrl}/security/token?type=delegation&scope=all&X-Plex-Token=${ADMIN}`, {
      headers: { Accept: "application/json" },
    });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});
