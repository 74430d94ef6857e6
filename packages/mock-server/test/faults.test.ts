import {
  ConnectionError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
  TimeoutError,
} from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { createMockPlex, type MalformedBodyKind, MOCK_ACCOUNTS, type MockOperationName } from "../src/index.ts";
import { type Harness, plexHeaders, rejectionOf, TRANSPORTS } from "./support/harness.ts";
import { createPin } from "./support/requests.ts";

const { plain } = MOCK_ACCOUNTS;
const FAST_RETRY = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 };

describe.each(TRANSPORTS)("fault injection over $name", (transport) => {
  it("fails the next N requests with a status and Retry-After, then answers normally", async () => {
    const { mock, client } = await transport.start();
    mock.faults.failNext(2, 503, { retryAfterSeconds: 0 });
    const account = await client({ token: plain.token, retry: FAST_RETRY }).authentication.getTokenDetails();
    expect(account.username).toBe(plain.username);
    expect(mock.requests.map((entry) => [entry.status, entry.fault])).toEqual([
      [503, "status"],
      [503, "status"],
      [200, undefined],
    ]);
    expect(mock.faults.pending).toBe(0);
  });

  it("answers a status fault in the host's style: plex.tv errors body, PMS HTML page", async () => {
    const { mock, fetch, plexTvUrl, serverUrl } = await transport.start();
    mock.faults.failNext(2, 429, { retryAfterSeconds: 7 });
    const plexTv = await fetch(`${plexTvUrl}/user`, { headers: plexHeaders({ "X-Plex-Token": plain.token }) });
    expect(plexTv.status).toBe(429);
    expect(plexTv.headers.get("retry-after")).toBe("7");
    expect(JSON.parse(await plexTv.text())).toEqual({
      errors: [{ code: 1003, message: "API rate limit exceeded", status: 429 }],
    });
    const pms = await fetch(`${serverUrl}/security/token?type=delegation&scope=all`, {
      headers: plexHeaders({ "X-Plex-Token": plain.token }),
    });
    expect(pms.status).toBe(429);
    expect(pms.headers.get("content-type")).toBe("text/html");
    await pms.body?.cancel();
  });

  it("limits a fault to the operations it names", async () => {
    const { mock, client } = await transport.start();
    mock.faults.failNext(1, 500, { operation: "getTransientToken" });
    const plex = client({ token: plain.token, retry: false });
    await expect(plex.authentication.getTokenDetails()).resolves.toBeDefined();
    const error = await rejectionOf(plex.authentication.getTransientToken());
    expect(error).toBeInstanceOf(ServerError);
    await expect(plex.authentication.getTransientToken()).resolves.toMatch(/^transient-/);
  });

  it("never retries a sign-in on a 503 without Retry-After", async () => {
    const { mock, client } = await transport.start();
    mock.faults.failNext(1, 503);
    const error = await rejectionOf(
      client({ retry: FAST_RETRY }).authentication.postUsersSignInData({
        login: plain.login,
        password: plain.password,
      }),
    );
    expect(error).toBeInstanceOf(ServerError);
    expect(mock.requests).toHaveLength(1);
  });

  it("delays a response; a client timeout cuts the delay short", async () => {
    const { mock, client } = await transport.start();
    mock.faults.delayNext(1, 10_000);
    const started = Date.now();
    const error = await rejectionOf(
      client({ token: plain.token, retry: false, timeoutMs: 100 }).authentication.getTokenDetails(),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("delays a response that then arrives intact", async () => {
    const { mock, client } = await transport.start();
    mock.faults.delayNext(1, 50);
    await expect(client({ token: plain.token }).authentication.getTokenDetails()).resolves.toMatchObject({
      username: plain.username,
    });
  });

  it("stalls a body after the headers until the client gives up", async () => {
    const { mock, client } = await transport.start();
    mock.faults.stallNext(1);
    const error = await rejectionOf(
      client({ token: plain.token, retry: false, timeoutMs: 200 }).authentication.getTokenDetails(),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(mock.requests[0]).toMatchObject({ status: 200, fault: "stall-body" });
  });

  it("resets the connection: a read is retried, a sign-in is not", async () => {
    const { mock, client } = await transport.start();
    mock.faults.resetNext(1);
    await expect(
      client({ token: plain.token, retry: FAST_RETRY }).authentication.getTokenDetails(),
    ).resolves.toBeDefined();

    mock.faults.resetNext(1);
    const error = await rejectionOf(
      client({ retry: FAST_RETRY }).authentication.postUsersSignInData({
        login: plain.login,
        password: plain.password,
      }),
    );
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ neverReached: false });
    expect(mock.requests.at(-1)).toMatchObject({ fault: "reset", status: undefined });
  });

  it.each<MalformedBodyKind>(["truncated-json", "not-json", "empty", "null", "wrong-shape"])(
    "returns a malformed body (%s) with the real status",
    async (body) => {
      const { mock, client } = await transport.start();
      mock.faults.inject({ kind: "malformed-body", body });
      const error = await rejectionOf(client({ token: plain.token }).authentication.getTokenDetails());
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect(error).toMatchObject({ status: 200 });
    },
  );

  it("returns XML or an HTML page instead of the JSON that was asked for", async () => {
    const { mock, client, fetch, serverUrl } = await transport.start();
    mock.faults.inject({ kind: "xml-body" }, { times: 2 });
    const error = await rejectionOf(client({ token: plain.token }).authentication.getTokenDetails());
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toMatch(/XML or HTML/);
    const xml = await fetch(`${serverUrl}/security/token?type=delegation&scope=all`, {
      headers: plexHeaders({ "X-Plex-Token": plain.token }),
    });
    expect(await xml.text()).toMatch(/^<\?xml[^>]*\?>\n<MediaContainer size="0" token="transient-/);

    mock.faults.inject({ kind: "html-body" });
    const html = await rejectionOf(client({ token: plain.token }).authentication.getTokenDetails());
    expect(html).toBeInstanceOf(ResponseValidationError);
  });

  it("returns an oversized body that the client's size cap cuts off", async () => {
    const { mock, client } = await transport.start();
    mock.faults.inject({ kind: "oversized-body", bytes: 2 * 1024 * 1024 });
    const error = await rejectionOf(
      client({ token: plain.token, retry: false, maxResponseBytes: 1024 * 1024 }).authentication.getTokenDetails(),
    );
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });

  it("drips a body slowly; it still arrives whole", async () => {
    const { mock, client } = await transport.start();
    mock.faults.inject({ kind: "slow-drip", chunkBytes: 512, intervalMs: 2 });
    await expect(client({ token: plain.token }).authentication.getTokenDetails()).resolves.toMatchObject({
      authToken: plain.token,
    });
    expect(mock.requests[0]?.fault).toBe("slow-drip");
  });
});

/** A raw request of each operation the auth flows added, ready to be answered by a fault. */
const NEW_ROUTE_REQUESTS: Record<string, (harness: Harness) => Promise<[MockOperationName, Response]>> = {
  createOAuthPin: async (harness) => [
    "createOAuthPin",
    await harness.fetch(`${harness.plexTvUrl}/pins?strong=true`, { method: "POST", headers: plexHeaders() }),
  ],
  getOAuthPin: async (harness) => [
    "getOAuthPin",
    await harness.fetch(`${harness.plexTvUrl}/pins/123456789`, { headers: plexHeaders() }),
  ],
  linkOAuthPin: async (harness) => [
    "linkOAuthPin",
    await harness.fetch(`${harness.plexTvUrl}/pins/link`, {
      method: "PUT",
      headers: { ...plexHeaders({ "X-Plex-Token": plain.token }), "Content-Type": "application/x-www-form-urlencoded" },
      body: "code=ABCD",
    }),
  ],
  signOut: async (harness) => [
    "signOut",
    await harness.fetch(`${harness.plexTvUrl}/users/signout`, {
      method: "DELETE",
      headers: plexHeaders({ "X-Plex-Token": plain.token }),
    }),
  ],
  getServerResources: async (harness) => [
    "getServerResources",
    await harness.fetch(`${harness.plexTvUrl}/resources?includeHttps=1`, {
      headers: plexHeaders({ "X-Plex-Token": plain.token }),
    }),
  ],
  getHomeUsers: async (harness) => [
    "getHomeUsers",
    await harness.fetch(`${harness.plexTvUrl}/home/users`, {
      headers: plexHeaders({ "X-Plex-Token": MOCK_ACCOUNTS.twoFactor.token }),
    }),
  ],
  switchHomeUser: async (harness) => [
    "switchHomeUser",
    await harness.fetch(`${harness.plexTvUrl}/home/users/${MOCK_ACCOUNTS.twoFactor.uuid}/switch`, {
      method: "POST",
      headers: plexHeaders({ "X-Plex-Token": MOCK_ACCOUNTS.twoFactor.token }),
    }),
  ],
  getClaimToken: async (harness) => [
    "getClaimToken",
    await harness.fetch(`${harness.serverUrl}/api/claim/token.json`, {
      headers: plexHeaders({ "X-Plex-Token": plain.token }),
    }),
  ],
};

describe.each(TRANSPORTS)("faults on the auth-flow routes over $name", (transport) => {
  it.each(Object.keys(NEW_ROUTE_REQUESTS))("%s answers an injected 503, then a 429 with Retry-After", async (name) => {
    const harness = await transport.start();
    const send = NEW_ROUTE_REQUESTS[name] as (harness: Harness) => Promise<[MockOperationName, Response]>;
    harness.mock.faults.failNext(1, 503, { operation: name as MockOperationName });
    harness.mock.faults.failNext(1, 429, { operation: name as MockOperationName, retryAfterSeconds: 7 });
    const [operation, unavailable] = await send(harness);
    expect(unavailable.status).toBe(503);
    expect(JSON.parse(await unavailable.text())).toEqual({ errors: [{ message: "Service Unavailable", status: 503 }] });
    const [, limited] = await send(harness);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("7");
    expect(JSON.parse(await limited.text())).toEqual({
      errors: [{ code: 1003, message: "API rate limit exceeded", status: 429 }],
    });
    expect(harness.mock.requests.map((entry) => [entry.operation, entry.fault])).toEqual([
      [operation, "status"],
      [operation, "status"],
    ]);
    const [, normal] = await send(harness);
    expect(normal.status).toBeLessThan(500);
    expect(normal.status).not.toBe(429);
    await normal.body?.cancel();
  });

  it("renders the resources array as plex.tv's XML list for an xml-body fault, which core refuses", async () => {
    const harness = await transport.start();
    harness.mock.faults.inject({ kind: "xml-body" }, { operation: "getServerResources", times: 2 });
    const [, response] = await (NEW_ROUTE_REQUESTS.getServerResources as (h: Harness) => Promise<[string, Response]>)(
      harness,
    );
    expect(await response.text()).toMatch(/^<\?xml[^>]*\?>\n<resources><resource name="Alex's Mock Server" /);
    const error = await rejectionOf(harness.client({ token: plain.token }).authentication.getServerResources());
    expect(error).toBeInstanceOf(ResponseValidationError);
  });

  it("core retries getOAuthPin and getServerResources through a 503 and a 429 that say when to come back", async () => {
    const harness = await transport.start();
    const pin = await createPin(harness, { client: "mock-server-tests" });
    for (const operation of ["getOAuthPin", "getServerResources"] as const) {
      harness.mock.faults.failNext(1, 503, { operation, retryAfterSeconds: 0 });
      harness.mock.faults.failNext(1, 429, { operation, retryAfterSeconds: 0 });
    }
    const plex = harness.client({ token: plain.token, retry: FAST_RETRY });
    await expect(plex.authentication.getOAuthPin({ pinId: pin.id })).resolves.toMatchObject({ id: pin.id });
    await expect(plex.authentication.getServerResources()).resolves.toHaveLength(3);
    expect(harness.mock.requests.slice(1).map((entry) => entry.status)).toEqual([503, 429, 200, 503, 429, 200]);
  });
});

describe("fault injection, transport-independent", () => {
  async function statuses(seed: number): Promise<number[]> {
    const mock = createMockPlex({ seed, rateLimit: false });
    mock.faults.inject({ kind: "status", status: 500 }, { times: Number.POSITIVE_INFINITY, probability: 0.5 });
    const seen: number[] = [];
    for (let call = 0; call < 24; call++) {
      const response = await mock.fetch(`${mock.plexTvUrl}/user`, {
        headers: plexHeaders({ "X-Plex-Token": plain.token }),
      });
      seen.push(response.status);
      await response.body?.cancel();
    }
    return seen;
  }

  it("fails the same requests for the same seed, and others for another seed", async () => {
    const first = await statuses(42);
    expect(await statuses(42)).toEqual(first);
    expect(first).toContain(500);
    expect(first).toContain(200);
    expect(await statuses(43)).not.toEqual(first);
  });

  it("does not let injected faults change the tokens a seed produces", async () => {
    const signIn = async (withFault: boolean) => {
      const mock = createMockPlex({ seed: 7 });
      if (withFault) mock.faults.inject({ kind: "delay", ms: 1 }, { probability: 0.5, times: 3 });
      const response = await mock.fetch(`${mock.plexTvUrl}/users/signin`, {
        method: "POST",
        headers: { ...plexHeaders(), "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ login: plain.login, password: plain.password }).toString(),
      });
      return (JSON.parse(await response.text()) as { authToken: string }).authToken;
    };
    expect(await signIn(true)).toBe(await signIn(false));
  });

  it("rejects nonsense fault definitions", () => {
    const mock = createMockPlex();
    expect(() => mock.faults.failNext(1, 99)).toThrow(RangeError);
    expect(() => mock.faults.failNext(0, 503)).toThrow(RangeError);
    expect(() => mock.faults.inject({ kind: "delay", ms: -1 })).toThrow(RangeError);
    expect(() => mock.faults.inject({ kind: "reset" }, { probability: 2 })).toThrow(RangeError);
    expect(mock.faults.pending).toBe(0);
  });

  it("clears queued faults", async () => {
    const mock = createMockPlex();
    mock.faults.failNext(3, 500);
    expect(mock.faults.pending).toBe(3);
    mock.faults.clear();
    const response = await mock.fetch(`${mock.plexTvUrl}/user`, {
      headers: plexHeaders({ "X-Plex-Token": plain.token }),
    });
    expect(response.status).toBe(200);
  });
});
