/**
 * "Sign in with Plex" from a chat, end to end against the mock plex.tv, through a real MCP client: the
 * ladder (URL elicitation answered by a client that approves on the mock's auth page, the browser, the
 * plex.tv/link code), waiting with progress, pending, expiry, cancellation, and no PIN id, code of the
 * user's or token in anything the model sees.
 */
import { Client, type ElicitRequestURLParams } from "@modelcontextprotocol/client";
import {
  createMockPlex,
  MOCK_ACCOUNTS,
  MOCK_ADMIN_TOKEN,
  type MockPlex,
  PIN_TTL_MS,
  STRONG_PIN_TTL_MS,
} from "@plex-auth/mock-server";
import { afterEach, describe, expect, test } from "vitest";
import { createLogger } from "../src/log/logger.ts";
import { SecretRegistry } from "../src/log/secrets.ts";
import { INSTRUCTIONS, type ServerDeps } from "../src/server.ts";
import { PlexSession } from "../src/session/session.ts";
import { createSignInStateCodec } from "../src/tools/plex-sign-in/sign-in-state.ts";
import { connectLegacy, connectModern, TEST_ERA } from "./helpers/in-memory.ts";

interface Setup {
  /** The client's answer to a URL elicitation: approve on the mock's page, decline, or fail to show it. */
  elicitation?: "approve" | "decline" | "fail";
  openBrowser?: (url: string) => Promise<boolean>;
  /** A configured token (PLEX_TOKEN), so the session starts signed in. */
  token?: string;
  /** The client's protocol era. Default: the suite's (`MCP_TEST_ERA`). */
  era?: "legacy" | "modern";
}

interface Session {
  mock: MockPlex;
  /** The id of every PIN the mock created, read off its answers. */
  pinIds: number[];
  client: Client;
  wire: unknown[];
  elicited: ElicitRequestURLParams[];
  close(): Promise<void>;
}

let open: Session | undefined;
afterEach(async () => {
  await open?.close();
  open = undefined;
});

// What the mock's auth page does when the person clicks "Sign in as …": POST /auth/approve.
async function approveOnAuthPage(mock: MockPlex, url: string, account = "plain"): Promise<void> {
  const fragment = new URLSearchParams(new URL(url).hash.replace(/^#\??/, ""));
  const response = await mock.fetch(`${mock.baseUrl}/auth/approve`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ code: fragment.get("code"), account }),
  });
  expect(response.status).toBe(204);
}

async function start(setup: Setup = {}): Promise<Session> {
  const mock = createMockPlex({ seed: 5, rateLimit: false });
  const pinIds: number[] = [];
  const fetch: typeof mock.fetch = async (input, init) => {
    const response = await mock.fetch(input, init);
    if ((init?.method ?? "GET") === "POST" && /\/pins(\?|$)/.test(String(input)) && response.status === 201) {
      pinIds.push(((await response.clone().json()) as { id: number }).id);
    }
    return response;
  };
  const secrets = new SecretRegistry();
  const logger = createLogger({ level: "silent", secrets });
  const config = {
    clientIdentifier: "mcp-sign-in-test",
    ...mock.clientOptions,
    fetch,
    token: setup.token,
    exposeTokens: false,
    timeoutMs: 5_000,
  };
  const deps: ServerDeps = {
    logger,
    secrets,
    openBrowser: setup.openBrowser,
    authAppBaseUrl: `${mock.baseUrl}/auth`,
    session: new PlexSession(config, { logger, secrets }),
    signInState: createSignInStateCodec(),
  };
  const capabilities = setup.elicitation ? { elicitation: { url: {} } } : {};
  const era = setup.era ?? TEST_ERA;
  const client = new Client(
    { name: "sign-in-test", version: "1.0.0" },
    { capabilities, versionNegotiation: { mode: era === "modern" ? { pin: "2026-07-28" } : "legacy" } },
  );
  const elicited: ElicitRequestURLParams[] = [];
  if (setup.elicitation) {
    client.setRequestHandler("elicitation/create", async (request) => {
      const params = request.params as ElicitRequestURLParams;
      elicited.push(params);
      if (setup.elicitation === "decline") return { action: "decline" };
      if (setup.elicitation === "fail") throw new Error("this client cannot show that page");
      // The client opens the URL; the person approves on the page (a moment later).
      setTimeout(() => void approveOnAuthPage(mock, params.url), 200);
      return { action: "accept" };
    });
  }
  const wire: unknown[] = [];
  // One instance per request on 2026-07-28, as over HTTP, all on the same Plex session.
  const closeAll = await (era === "modern" ? connectModern : connectLegacy)(client, deps, config, wire);
  await client.listTools(); // the client then checks every structured result against its tool's outputSchema
  const close = closeAll;
  open = { mock, pinIds, client, wire, elicited, close };
  return open;
}

type Structured = Record<string, unknown> & { handle?: string; code?: string; url?: string; status?: string };

async function call(session: Session, name: string, args: Record<string, unknown> = {}) {
  const result = await session.client.callTool({ name, arguments: args });
  return { result, structured: (result.structuredContent ?? {}) as Structured, text: JSON.stringify(result.content) };
}

/** Every PIN id the mock made (polled or not) and every token it issued: none may reach the model. */
function expectNoSecretsOnTheWire(session: Session): void {
  const wire = JSON.stringify(session.wire);
  for (const token of session.mock.issuedTokens()) expect(wire.includes(token)).toBe(false);
  expect(session.pinIds.length).toBeGreaterThan(0);
  for (const id of session.pinIds) expect(wire.includes(String(id))).toBe(false);
}

describe("sign_in_with_plex and wait_for_plex_sign_in", () => {
  test("are listed, read-write but not destructive, and the instructions and sign-in tool point to them", async () => {
    const session = await start();
    const { tools } = await session.client.listTools();
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool]));
    for (const name of ["sign_in_with_plex", "wait_for_plex_sign_in"]) {
      // Not read-only, not destructive, not idempotent, open world: MCP's defaults but for destructiveHint.
      expect(byName[name]?.annotations).toEqual({ destructiveHint: false });
      expect(byName[name]?.outputSchema?.type).toBe("object");
    }
    expect(byName.wait_for_plex_sign_in?.inputSchema.required).toEqual(["handle"]);
    expect(INSTRUCTIONS).toMatch(/sign_in_with_plex/);
    expect(byName.post_users_sign_in_data?.description).toMatch(/Prefer sign_in_with_plex/);
  });

  test("no elicitation, no browser: a plex.tv/link code to show; approved, the token becomes the session's", async () => {
    const session = await start();
    const started = await call(session, "sign_in_with_plex");
    expect(started.result.isError).toBeFalsy();
    expect(started.structured).toMatchObject({ status: "waiting", method: "link", url: "https://plex.tv/link" });
    expect(started.structured.code).toMatch(/^[A-Z0-9]{4}$/);
    expect(started.structured.handle).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(started.text).toContain(`enter the code ${started.structured.code}`);

    expect(session.mock.approvePin(started.structured.code as string, "twoFactor")).toBe(true);
    const done = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(done.structured).toMatchObject({
      status: "signed-in",
      account: { username: MOCK_ACCOUNTS.twoFactor.username },
      token: { fingerprint: expect.stringMatching(/^…/) },
    });
    // The session now uses the new token.
    const details = await call(session, "get_token_details");
    expect(details.structured).toMatchObject({
      account: { username: MOCK_ACCOUNTS.twoFactor.username },
      token: { origin: "sign-in" },
    });
    // The PIN is spent: asking again answers the same, and polls plex.tv no more.
    const polls = session.mock.requests.length;
    const again = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(again.structured).toEqual(done.structured);
    expect(session.mock.requests.length).toBe(polls);
    expectNoSecretsOnTheWire(session);
  });

  test("URL elicitation where the client declares it: the client shows Plex's page, the person approves there", async () => {
    const session = await start({ elicitation: "approve", era: "legacy" });
    const started = await call(session, "sign_in_with_plex");
    expect(started.structured).toMatchObject({ status: "waiting", method: "elicitation" });
    expect(started.structured.code).toBeUndefined();
    expect(session.elicited).toHaveLength(1);
    const asked = session.elicited[0] as ElicitRequestURLParams;
    expect(asked.mode).toBe("url");
    const url = new URL(asked.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${session.mock.baseUrl}/auth`);
    expect(new URLSearchParams(url.hash.slice(2)).get("clientID")).toBe("mcp-sign-in-test");
    // The page's URL went to the client for the person, not into the model's result.
    expect(started.text).not.toContain(asked.url);

    const done = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(done.structured).toMatchObject({ status: "signed-in", account: { username: MOCK_ACCOUNTS.plain.username } });
    expectNoSecretsOnTheWire(session);
  });

  test("a declined elicitation ends it: status declined, and no handle to wait on", async () => {
    const session = await start({ elicitation: "decline", era: "legacy" });
    const started = await call(session, "sign_in_with_plex");
    expect(started.structured).toEqual({ status: "declined", method: "elicitation" });
    expect(started.text).toMatch(/declined/);
  });

  test("an elicitation the client fails to show falls back to the page's link for the model to give", async () => {
    const session = await start({ elicitation: "fail", era: "legacy" });
    const started = await call(session, "sign_in_with_plex");
    expect(started.structured).toMatchObject({ status: "waiting", method: "link" });
    expect(new URL(started.structured.url as string).pathname).toBe("/auth");
    await approveOnAuthPage(session.mock, started.structured.url as string);
    const done = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(done.structured).toMatchObject({ status: "signed-in" });
  });

  test("a finished handle answers signed-in again (a client that timed out asks again)", async () => {
    const session = await start();
    const started = await call(session, "sign_in_with_plex");
    session.mock.approvePin(started.structured.code as string, "plain");
    const first = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    const second = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(second.structured).toEqual(first.structured);
    expect(second.text).toContain("Signed in already");
  });

  test("signing out while the person approves: the approval does not sign the session back in", async () => {
    const session = await start({ token: MOCK_ADMIN_TOKEN });
    const started = await call(session, "sign_in_with_plex");
    expect((await call(session, "sign_out")).result.isError).toBeFalsy();
    session.mock.approvePin(started.structured.code as string, "plain");
    const after = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle, waitSeconds: 2 });
    expect(after.structured).toMatchObject({ error: { code: "pin_expired" } });
    const details = await call(session, "get_token_details");
    expect(details.structured).toMatchObject({ error: { code: "not_signed_in" } });
  });

  test("at most 10 starts per session in 10 minutes: the 11th is sign_in_rate_limited, with nothing sent", async () => {
    const session = await start();
    for (let index = 0; index < 10; index++)
      expect((await call(session, "sign_in_with_plex")).result.isError).toBeFalsy();
    const before = session.mock.requests.length;
    const eleventh = await call(session, "sign_in_with_plex");
    expect(eleventh.structured).toMatchObject({
      error: { code: "sign_in_rate_limited", retryAfterMs: expect.any(Number) },
    });
    expect(session.mock.requests.length).toBe(before);
  });

  test("a tool name that is an object's property (constructor, __proto__) is an unknown tool, not a call", async () => {
    const session = await start();
    for (const name of ["constructor", "__proto__", "toString"]) {
      await expect(session.client.callTool({ name, arguments: {} })).rejects.toThrow(/Unknown tool/);
    }
  });

  test("on a desktop without elicitation it opens the browser on Plex's page; if that fails, the page's link", async () => {
    const opened: string[] = [];
    const session = await start({
      openBrowser: async (url) => {
        opened.push(url);
        return true;
      },
    });
    const started = await call(session, "sign_in_with_plex");
    expect(started.structured).toMatchObject({ status: "waiting", method: "browser" });
    expect(opened).toHaveLength(1);
    expect(started.text).not.toContain(opened[0]);
    await approveOnAuthPage(session.mock, opened[0] as string, "twoFactor");
    const done = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(done.structured).toMatchObject({
      status: "signed-in",
      account: { username: MOCK_ACCOUNTS.twoFactor.username },
    });
    await session.close();

    const failing = await start({ openBrowser: async () => false });
    const fallback = await call(failing, "sign_in_with_plex");
    expect(fallback.structured).toMatchObject({ status: "waiting", method: "link" });
    expect(new URL(fallback.structured.url as string).pathname).toBe("/auth");
  });

  test("not approved within waitSeconds: pending, to call again; progress notifications while it waits", async () => {
    const session = await start();
    const started = await call(session, "sign_in_with_plex");
    const progress: string[] = [];
    const pending = await session.client.callTool(
      { name: "wait_for_plex_sign_in", arguments: { handle: started.structured.handle, waitSeconds: 2 } },
      { onprogress: (notification) => void progress.push(notification.message ?? "") },
    );
    expect(pending.structuredContent).toMatchObject({ status: "pending", expiresAt: expect.any(String) });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/Waiting for the user to approve on Plex \(\d+ s left\)/);
    session.mock.approvePin(started.structured.code as string, "plain");
    const done = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(done.structured).toMatchObject({ status: "signed-in" });
  });

  test("an expired PIN is pin_expired, and the session forgets it", async () => {
    const session = await start();
    const started = await call(session, "sign_in_with_plex");
    session.mock.advanceTime(PIN_TTL_MS);
    const expired = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(expired.result.isError).toBe(true);
    expect(expired.structured).toMatchObject({ error: { code: "pin_expired" } });
    const again = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(again.structured).toMatchObject({ error: { code: "pin_expired" } });
    expect(STRONG_PIN_TTL_MS).toBeGreaterThan(PIN_TTL_MS);
  });

  test("cancelling the wait stops the polls at once", async () => {
    const session = await start();
    const started = await call(session, "sign_in_with_plex");
    const controller = new AbortController();
    const waiting = session.client.callTool(
      { name: "wait_for_plex_sign_in", arguments: { handle: started.structured.handle } },
      { signal: controller.signal },
    );
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    controller.abort();
    await expect(waiting).rejects.toThrow();
    const polls = session.mock.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(session.mock.requests.length).toBe(polls);
  });

  test("bad arguments are invalid_input, with nothing sent; an unknown handle is pin_expired", async () => {
    const session = await start();
    const before = session.mock.requests.length;
    const extra = await call(session, "sign_in_with_plex", { login: "me@example.com" });
    expect(extra.structured).toMatchObject({ error: { code: "invalid_input" } });
    for (const args of [{}, { handle: "short" }, { handle: "A".repeat(24), waitSeconds: 600 }]) {
      const bad = await call(session, "wait_for_plex_sign_in", args);
      expect(bad.structured, JSON.stringify(args)).toMatchObject({ error: { code: "invalid_input" } });
    }
    expect(session.mock.requests.length).toBe(before);
    const unknown = await call(session, "wait_for_plex_sign_in", { handle: "A".repeat(24) });
    expect(unknown.structured).toMatchObject({ error: { code: "pin_expired" } });
  });

  test("a session keeps at most three sign-ins waiting: a fourth replaces the oldest", async () => {
    const session = await start();
    const handles: string[] = [];
    for (let index = 0; index < 4; index++)
      handles.push((await call(session, "sign_in_with_plex")).structured.handle as string);
    const oldest = await call(session, "wait_for_plex_sign_in", { handle: handles[0] as string, waitSeconds: 1 });
    expect(oldest.structured).toMatchObject({ error: { code: "pin_expired" } });
    const newest = await call(session, "wait_for_plex_sign_in", { handle: handles[3] as string, waitSeconds: 1 });
    expect(newest.structured).toMatchObject({ status: "pending" });
  });
});

/** Every `requestState` the server sent: `v1.<base64url JSON payload>.<signature>`. */
function requestStatesOnTheWire(session: Session): string[] {
  const states: string[] = [];
  for (const body of session.wire) {
    for (const match of JSON.stringify(body).matchAll(/"requestState":"([^"]+)"/g)) states.push(match[1] as string);
  }
  return states;
}

describe("sign_in_with_plex on a 2026-07-28 client (input-required URL elicitation)", () => {
  test("the client shows Plex's page, retries the call, and that same call waits for the approval", async () => {
    const session = await start({ elicitation: "approve", era: "modern" });
    expect(session.client.getProtocolEra()).toBe("modern");
    const done = await call(session, "sign_in_with_plex");
    expect(done.structured).toMatchObject({
      status: "signed-in",
      account: { username: MOCK_ACCOUNTS.plain.username },
      token: { fingerprint: expect.stringMatching(/^…/) },
    });
    expect(session.elicited).toHaveLength(1);
    const asked = session.elicited[0] as ElicitRequestURLParams;
    expect(asked.mode).toBe("url");
    expect(new URL(asked.url).pathname).toBe("/auth");
    // The session now uses the new token.
    const details = await call(session, "get_token_details");
    expect(details.structured).toMatchObject({ token: { origin: "sign-in" } });
    expectNoSecretsOnTheWire(session);
  });

  test("the state the client echoes holds the handle only: no PIN id, no code, no token", async () => {
    const session = await start({ elicitation: "approve", era: "modern" });
    await call(session, "sign_in_with_plex");
    const [state] = requestStatesOnTheWire(session);
    expect(state).toBeDefined();
    const decoded = Buffer.from((state as string).split(".")[1] as string, "base64url").toString("utf8");
    // The handle, and the codec's expiry: nothing else.
    expect(Object.keys(JSON.parse(decoded).p)).toEqual(["handle"]);
    expect(decoded).toMatch(/"handle":"[A-Za-z0-9_-]{24}"/);
    for (const id of session.pinIds) expect(decoded).not.toContain(String(id));
    const asked = session.elicited[0] as ElicitRequestURLParams;
    const code = new URLSearchParams(new URL(asked.url).hash.replace(/^#\??/, "")).get("code") as string;
    expect(decoded).not.toContain(code);
  });

  test("declined on the client: status declined, and the sign-in is forgotten", async () => {
    const session = await start({ elicitation: "decline", era: "modern" });
    const started = await call(session, "sign_in_with_plex");
    expect(started.structured).toEqual({ status: "declined", method: "elicitation" });
  });

  test("a client without URL elicitation gets the plex.tv/link code, as on 2025-era clients", async () => {
    const session = await start({ era: "modern" });
    const started = await call(session, "sign_in_with_plex");
    expect(started.structured).toMatchObject({ status: "waiting", method: "link", url: "https://plex.tv/link" });
    session.mock.approvePin(started.structured.code as string, "plain");
    const done = await call(session, "wait_for_plex_sign_in", { handle: started.structured.handle });
    expect(done.structured).toMatchObject({ status: "signed-in" });
  });
});
