import { describe, expect, it, vi } from "vitest";
import { createMockPlex, MOCK_ACCOUNTS, MOCK_KID_PROFILE, MOCK_SOURCES, type MockOperationName } from "../src/index.ts";
import { plexHeaders } from "./support/harness.ts";
import { clientClaims, generateDeviceKey } from "./support/jwt.ts";

// Core's table with success statuses no route could have hard-coded: the mock must answer these.
const STATUSES: Record<MockOperationName, number> = vi.hoisted(() => ({
  createOAuthPin: 200,
  exchangeJWTToken: 203,
  getAuthKeys: 206,
  getAuthNonce: 202,
  getClaimToken: 202,
  getHomeUsers: 203,
  getOAuthPin: 203,
  getServerResources: 206,
  getSourceConnectionInformation: 203,
  getTokenDetails: 206,
  getTransientToken: 202,
  linkOAuthPin: 200,
  ping: 203,
  postUsersSignInData: 200,
  registerDeviceJWK: 200,
  signOut: 202,
  switchHomeUser: 200,
}));

vi.mock("@plex-auth/core", async (importOriginal) => {
  const core = await importOriginal<typeof import("@plex-auth/core")>();
  const operations = Object.fromEntries(
    Object.entries(core.operations).map(([name, operation]) => [
      name,
      { ...operation, successStatus: STATUSES[name as keyof typeof STATUSES] },
    ]),
  );
  return { ...core, operations };
});

const { plain, twoFactor, managed } = MOCK_ACCOUNTS;

describe("success statuses", () => {
  it("come from the successStatus of core's operation table, for every route", async () => {
    const mock = createMockPlex({ rejectReusedCodes: false, invalidateLegacyTokenOnJwt: false });
    const send = async (path: string, init: RequestInit = {}) => {
      const response = await mock.fetch(`${mock.baseUrl}${path}`, init);
      return { status: response.status, body: await response.text() };
    };
    const answered = async (path: string, init: RequestInit = {}) => (await send(path, init)).status;
    const withToken = (token: string, method = "GET") => ({ method, headers: plexHeaders({ "X-Plex-Token": token }) });
    const token = withToken(twoFactor.token);
    const signIn = new URLSearchParams({ login: plain.login, password: plain.password }).toString();
    const created = await send("/api/v2/pins", { method: "POST", headers: plexHeaders() });
    const pin = JSON.parse(created.body) as { id: number; code: string };
    const key = await generateDeviceKey();
    const asJson = (body: unknown, token?: string) => ({
      method: "POST",
      headers: {
        ...plexHeaders(token === undefined ? {} : { "X-Plex-Token": token }),
        "Content-Type": "application/json",
      },
      body: JSON.stringify(body),
    });
    const registered = await answered("/api/v2/auth/jwk", asJson({ jwk: key.publicJwk }, twoFactor.token));
    const nonce = JSON.parse((await send("/api/v2/auth/nonce", { headers: plexHeaders() })).body) as { nonce: string };
    const clientJwt = await key.sign(
      clientClaims("mock-seeded-device-twoFactor", nonce.nonce, Math.floor(mock.now() / 1000)),
    );
    expect({
      exchangeJWTToken: await answered("/api/v2/auth/token", asJson({ jwt: clientJwt })),
      getAuthKeys: await answered("/api/v2/auth/keys", { headers: plexHeaders() }),
      getAuthNonce: await answered("/api/v2/auth/nonce", { headers: plexHeaders() }),
      registerDeviceJWK: registered,
      createOAuthPin: created.status,
      getClaimToken: await answered("/api/claim/token.json", token),
      getHomeUsers: await answered("/api/v2/home/users", token),
      getOAuthPin: await answered(`/api/v2/pins/${pin.id}`, { headers: plexHeaders() }),
      getServerResources: await answered("/api/v2/resources", token),
      getTransientToken: await answered("/security/token?type=delegation&scope=all", token),
      getSourceConnectionInformation: await answered(
        `/security/resources?source=${encodeURIComponent(MOCK_SOURCES.ownServer.source)}`,
        token,
      ),
      getTokenDetails: await answered("/api/v2/user", token),
      linkOAuthPin: await answered("/api/v2/pins/link", {
        method: "PUT",
        headers: {
          ...plexHeaders({ "X-Plex-Token": plain.token }),
          "Content-Type": "application/x-www-form-urlencoded",
        },
        body: `code=${pin.code}`,
      }),
      ping: await answered("/api/v2/ping", token),
      postUsersSignInData: await answered("/api/v2/users/signin", {
        method: "POST",
        headers: { ...plexHeaders(), "Content-Type": "application/x-www-form-urlencoded" },
        body: signIn,
      }),
      signOut: await answered("/api/v2/users/signout", withToken(managed.token, "DELETE")),
      switchHomeUser: await answered(
        `/api/v2/home/users/${MOCK_KID_PROFILE.uuid}/switch`,
        withToken(twoFactor.token, "POST"),
      ),
    }).toEqual(STATUSES);
  });
});
