/**
 * The browser halves of "Sign in with Plex" for web apps, with a recording fake of the browser (its
 * `open`, the popup's `location.href` and `close()`, `location.assign`, a Map-backed `sessionStorage`)
 * against the mock: `signInWithPlexPopup` / `resumePlexSignIn` talking to plex.tv, and
 * `signInWithPlexServer` / `resumePlexSignInWithServer` talking to a `createPlexSignInHandler` through a
 * fetch that behaves like the page's (same-origin URLs, the Origin header, a cookie jar honouring Path).
 */
import {
  ConnectionError,
  createPlexAuthCore,
  createPlexSignInHandler,
  InvalidInputError,
  PinExpiredError,
  type PlexAuthCore,
  PopupBlockedError,
  RequestAbortedError,
  resumePlexSignIn,
  resumePlexSignInWithServer,
  type SignInBrowser,
  type SignInPopup,
  signInWithPlexPopup,
  signInWithPlexServer,
} from "@plex-auth/core";
import { createMockPlex, MOCK_ACCOUNTS, type MockPlex, STRONG_PIN_TTL_MS } from "@plex-auth/mock-server";
import { describe, expect, it, vi } from "vitest";

const PAGE = "https://app.example";
const POPUP_KEY = "plex-auth:pending-sign-in";
const SERVER_KEY = "plex-auth:pending-server-sign-in";
const INTERVAL = 100;
const WAIT = { timeout: 5000, interval: 10 };

/** A popup that records what the page does to it; `closed` can be made to lie, as under COOP. */
class FakePopup implements SignInPopup {
  readonly hrefs: string[] = [];
  closeCalls = 0;
  /** What `closed` reads; a test flips it to true to play a COOP page. */
  closedReads = false;
  readonly document = { title: "", body: { textContent: null as string | null } };
  readonly location: { href: string };

  constructor() {
    const hrefs = this.hrefs;
    this.location = {
      get href() {
        return hrefs.at(-1) ?? "about:blank";
      },
      set href(url: string) {
        hrefs.push(url);
      },
    };
  }

  get closed(): boolean {
    return this.closedReads;
  }

  close(): void {
    this.closeCalls++;
  }
}

/** The page's window: `open` gives a FakePopup (or null when blocked), everything recorded. */
function fakeBrowser(options: { blocked?: boolean } = {}) {
  const storage = new Map<string, string>();
  const stored: string[] = [];
  const opened: { url: string; target: string; features: string }[] = [];
  const assigned: string[] = [];
  const popups: FakePopup[] = [];
  const browser: SignInBrowser = {
    open(url, target, features) {
      opened.push({ url, target, features });
      if (options.blocked) return null;
      const popup = new FakePopup();
      popups.push(popup);
      return popup;
    },
    location: {
      assign(url) {
        assigned.push(url);
      },
    },
    sessionStorage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => {
        stored.push(String(value));
        storage.set(key, String(value));
      },
      removeItem: (key) => {
        storage.delete(key);
      },
    },
    screenX: 100,
    screenY: 50,
    outerWidth: 1400,
    outerHeight: 900,
  };
  return { browser, storage, stored, opened, assigned, popups };
}

/** The fragment's parameters of an auth app URL (`…/auth#?clientID=…&code=…`). */
function fragmentOf(url: string): URLSearchParams {
  return new URLSearchParams(new URL(url).hash.replace(/^#!?\??/, ""));
}

function authBase(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** Approves like the auth page's button: `POST /auth/approve`. */
function approveOnAuthPage(mock: MockPlex, body: { code: string; account: string; forwardUrl?: string }) {
  return mock.fetch(`${mock.baseUrl}/auth/approve`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The mock, and a core whose fetch adds the page's Origin, as a browser does to its cross-origin requests. */
function setUp() {
  const mock = createMockPlex({ seed: 31, rateLimit: false });
  const browserFetch: typeof mock.fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set("Origin", PAGE);
    return mock.fetch(input, { ...init, headers });
  };
  const core: PlexAuthCore = createPlexAuthCore({
    clientIdentifier: "web-test-popup",
    product: "Web Test",
    ...mock.clientOptions,
    fetch: browserFetch,
  });
  return { mock, core, authAppBaseUrl: `${mock.baseUrl}/auth` };
}

function expectNoTokenIn(texts: readonly string[], mock: MockPlex, extra: readonly string[] = []) {
  const tokens = [...mock.issuedTokens(), ...extra];
  for (const text of texts) for (const token of tokens) expect(text).not.toContain(token);
}

describe("signInWithPlexPopup", () => {
  it("opens the popup synchronously, points it at the auth app, and resolves the approved PIN, closing the popup", async () => {
    const { mock, core, authAppBaseUrl } = setUp();
    const fake = fakeBrowser();
    const polls: unknown[] = [];
    let approved = false;
    const signingIn = signInWithPlexPopup(core, {
      browser: fake.browser,
      authAppBaseUrl,
      intervalMs: INTERVAL,
      onPoll: (poll) => {
        polls.push(poll);
        if (approved) return;
        approved = true;
        const code = fragmentOf(fake.popups[0]?.location.href as string).get("code") as string;
        expect(mock.approvePin(code, "plain")).toBe(true);
      },
    });
    // Before any await: the click's gesture is still there.
    expect(fake.opened).toEqual([
      { url: "about:blank", target: "plex-auth-sign-in", features: "popup=yes,width=600,height=700,left=500,top=150" },
    ]);
    expect(fake.popups[0]?.document.body.textContent).toBe("Connecting to Plex…");
    expect(fake.popups[0]?.hrefs).toEqual([]);

    const result = await signingIn;
    expect(result.status).toBe("signed-in");
    if (result.status !== "signed-in") throw new Error("not signed in");
    expect(result.pin.authToken).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(mock.issuedTokens()).toContain(result.pin.authToken);
    expect(mock.devices("plain").map((device) => device.clientIdentifier)).toContain("web-test-popup");

    const popup = fake.popups[0] as FakePopup;
    expect(popup.hrefs).toHaveLength(1);
    const href = popup.hrefs[0] as string;
    expect(authBase(href)).toBe(authAppBaseUrl);
    const fragment = fragmentOf(href);
    expect(fragment.get("clientID")).toBe("web-test-popup");
    expect(fragment.get("code")).toBe(result.pin.code);
    expect(fragment.get("code")).toMatch(/^[a-z0-9]{25}$/);
    expect(fragment.has("forwardUrl")).toBe(false);
    expect(popup.closeCalls).toBe(1);
    expect(polls.length).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(polls)).not.toContain(String(result.pin.id));
    expect(fake.assigned).toEqual([]);
    expect(fake.storage.size).toBe(0);
    // The PIN was a strong one, made with the page's Origin (the browser's own).
    const created = mock.requests.find((r) => r.operation === "createOAuthPin");
    expect(created?.url).toContain("strong=true");
    expect(created?.headers.origin).toBe(PAGE);
  });

  it("does not take popup.closed turning true (a COOP page) for the end: it keeps waiting for approval", async () => {
    const { mock, core, authAppBaseUrl } = setUp();
    const fake = fakeBrowser();
    let polls = 0;
    const result = await signInWithPlexPopup(core, {
      browser: fake.browser,
      authAppBaseUrl,
      intervalMs: INTERVAL,
      onPoll: () => {
        polls++;
        const popup = fake.popups[0] as FakePopup;
        if (polls === 1) popup.closedReads = true;
        if (polls === 4) {
          expect(mock.approvePin(fragmentOf(popup.location.href).get("code") as string, "twoFactor")).toBe(true);
        }
      },
    });
    expect(polls).toBe(4);
    expect(result.status).toBe("signed-in");
    expect(fake.popups[0]?.closeCalls).toBe(1);
  });

  it("aborting ends it with RequestAbortedError and closes the popup", async () => {
    const { core, authAppBaseUrl } = setUp();
    const fake = fakeBrowser();
    const controller = new AbortController();
    const signingIn = signInWithPlexPopup(core, {
      browser: fake.browser,
      authAppBaseUrl,
      intervalMs: INTERVAL,
      signal: controller.signal,
      onPoll: () => controller.abort(),
    });
    await expect(signingIn).rejects.toBeInstanceOf(RequestAbortedError);
    expect(fake.popups[0]?.closeCalls).toBe(1);
  });

  it("aborted while the PIN is being made: RequestAbortedError, popup closed, never pointed anywhere", async () => {
    const { core, authAppBaseUrl } = setUp();
    const fake = fakeBrowser();
    const controller = new AbortController();
    const signingIn = signInWithPlexPopup(core, {
      browser: fake.browser,
      authAppBaseUrl,
      intervalMs: INTERVAL,
      signal: controller.signal,
    });
    controller.abort();
    await expect(signingIn).rejects.toBeInstanceOf(RequestAbortedError);
    expect(fake.popups[0]?.closeCalls).toBe(1);
    expect(fake.popups[0]?.hrefs).toEqual([]);
  });

  it("a PIN that expires unapproved ends it with PinExpiredError and closes the popup", async () => {
    const { mock, core, authAppBaseUrl } = setUp();
    const fake = fakeBrowser();
    const signingIn = signInWithPlexPopup(core, {
      browser: fake.browser,
      authAppBaseUrl,
      intervalMs: INTERVAL,
      onPoll: () => mock.advanceTime(STRONG_PIN_TTL_MS),
    });
    await expect(signingIn).rejects.toBeInstanceOf(PinExpiredError);
    expect(fake.popups[0]?.closeCalls).toBe(1);
  });

  it("a blocked popup without forwardUrl is a PopupBlockedError, and nothing is sent", async () => {
    const { mock, core, authAppBaseUrl } = setUp();
    const fake = fakeBrowser({ blocked: true });
    const error = await signInWithPlexPopup(core, { browser: fake.browser, authAppBaseUrl }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PopupBlockedError);
    expect((error as PopupBlockedError).code).toBe("popup_blocked");
    expect(fake.opened).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(mock.requests).toHaveLength(0);
    expect(fake.assigned).toEqual([]);
    expect(fake.storage.size).toBe(0);
  });

  it("a popup that is closed at once (a blocker) counts as blocked", async () => {
    const { mock, core } = setUp();
    const fake = fakeBrowser();
    const open = fake.browser.open;
    fake.browser.open = (url, target, features) => {
      const popup = open(url, target, features) as FakePopup;
      popup.closedReads = true;
      return popup;
    };
    await expect(signInWithPlexPopup(core, { browser: fake.browser })).rejects.toBeInstanceOf(PopupBlockedError);
    expect(mock.requests).toHaveLength(0);
  });

  it("invalid options reject with InvalidInputError before any popup opens", async () => {
    const { mock, core } = setUp();
    for (const [field, options] of [
      ["forwardUrl", { forwardUrl: "not a url" }],
      ["forwardUrl", { forwardUrl: "/relative/path" }],
      ["authAppBaseUrl", { authAppBaseUrl: "javascript:alert(1)" }],
      ["intervalMs", { intervalMs: 5 }],
      ["onPoll", { onPoll: "yes" }],
      ["signal", { signal: "stop" }],
      ["unknown", { unknown: true }],
    ] as const) {
      const fake = fakeBrowser();
      const call = signInWithPlexPopup(core, { browser: fake.browser, ...(options as object) });
      const error = await call.catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toContain(field);
      expect(fake.opened).toEqual([]);
    }
    // No browser at all (this is Node: no window).
    await expect(signInWithPlexPopup(core)).rejects.toBeInstanceOf(InvalidInputError);
    expect(mock.requests).toHaveLength(0);
  });

  describe("the redirect, when the popup is blocked", () => {
    it("goes to the auth app with forwardUrl, keeping the PIN's id and code (never a token); resumePlexSignIn finishes it", async () => {
      const { mock, core, authAppBaseUrl } = setUp();
      const fake = fakeBrowser({ blocked: true });
      const forwardUrl = `${PAGE}/signed-in?from=plex`;
      const result = await signInWithPlexPopup(core, { browser: fake.browser, authAppBaseUrl, forwardUrl });
      expect(result).toEqual({ status: "redirecting" });
      expect(fake.assigned).toHaveLength(1);
      const url = fake.assigned[0] as string;
      expect(authBase(url)).toBe(authAppBaseUrl);
      const fragment = fragmentOf(url);
      expect(fragment.get("clientID")).toBe("web-test-popup");
      expect(fragment.get("forwardUrl")).toBe(forwardUrl);
      const code = fragment.get("code") as string;

      const kept = JSON.parse(fake.storage.get(POPUP_KEY) as string);
      expect(Object.keys(kept).sort()).toEqual(["clientIdentifier", "code", "expiresAt", "id"]);
      expect(kept).toMatchObject({ clientIdentifier: "web-test-popup", code });
      expect(typeof kept.id).toBe("number");
      expect(Date.parse(kept.expiresAt) - Date.now()).toBeGreaterThan(STRONG_PIN_TTL_MS - 60_000);

      // The person approves on the auth app, which forwards to forwardUrl: accepted, the PIN came from PAGE.
      expect((await approveOnAuthPage(mock, { code, account: "plain", forwardUrl })).status).toBe(204);
      // The page loads again at forwardUrl.
      const approved = await resumePlexSignIn(core, { browser: fake.browser, intervalMs: INTERVAL });
      expect(approved?.id).toBe(kept.id);
      expect(approved?.authToken).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(fake.storage.size).toBe(0);
      expectNoTokenIn(fake.stored, mock, [approved?.authToken as string]);
      expect(await resumePlexSignIn(core, { browser: fake.browser, intervalMs: INTERVAL })).toBeUndefined();
    });

    it("resumePlexSignIn with nothing kept resolves undefined and sends nothing", async () => {
      const { mock, core } = setUp();
      const fake = fakeBrowser();
      expect(await resumePlexSignIn(core, { browser: fake.browser })).toBeUndefined();
      // Another app's (client identifier's) sign-in on this origin is left alone.
      fake.storage.set(
        POPUP_KEY,
        JSON.stringify({
          clientIdentifier: "another-app",
          id: 123456789,
          code: "abcd",
          expiresAt: "2999-01-01T00:00:00Z",
        }),
      );
      expect(await resumePlexSignIn(core, { browser: fake.browser })).toBeUndefined();
      expect(fake.storage.has(POPUP_KEY)).toBe(true);
      // A broken value is dropped.
      fake.storage.set(POPUP_KEY, "{not json");
      expect(await resumePlexSignIn(core, { browser: fake.browser })).toBeUndefined();
      expect(fake.storage.has(POPUP_KEY)).toBe(false);
      expect(mock.requests).toHaveLength(0);
    });

    it("a resumed PIN that expires is a PinExpiredError, and the kept PIN is forgotten", async () => {
      const { mock, core, authAppBaseUrl } = setUp();
      const fake = fakeBrowser({ blocked: true });
      await signInWithPlexPopup(core, { browser: fake.browser, authAppBaseUrl, forwardUrl: `${PAGE}/back` });
      expect(fake.storage.has(POPUP_KEY)).toBe(true);
      mock.advanceTime(STRONG_PIN_TTL_MS);
      await expect(resumePlexSignIn(core, { browser: fake.browser, intervalMs: INTERVAL })).rejects.toBeInstanceOf(
        PinExpiredError,
      );
      expect(fake.storage.size).toBe(0);
    });

    it("an aborted resume is a RequestAbortedError, and the kept PIN is forgotten", async () => {
      const { core, authAppBaseUrl } = setUp();
      const fake = fakeBrowser({ blocked: true });
      await signInWithPlexPopup(core, { browser: fake.browser, authAppBaseUrl, forwardUrl: `${PAGE}/back` });
      const controller = new AbortController();
      const resuming = resumePlexSignIn(core, {
        browser: fake.browser,
        intervalMs: INTERVAL,
        signal: controller.signal,
        onPoll: () => controller.abort(),
      });
      await expect(resuming).rejects.toBeInstanceOf(RequestAbortedError);
      expect(fake.storage.size).toBe(0);
    });
  });
});

/** A page on PAGE whose fetch reaches a sign-in handler mounted at /api/plex, as a browser's would. */
function serverSetUp(options: { blocked?: boolean } = {}) {
  const mock = createMockPlex({ seed: 37, rateLimit: false });
  const core = createPlexAuthCore({ clientIdentifier: "web-test-server", product: "Web Test", ...mock.clientOptions });
  const signedIn: { token: string; uuid: string }[] = [];
  const handler = createPlexSignInHandler({
    core,
    authAppBaseUrl: `${mock.baseUrl}/auth`,
    allowedOrigins: [PAGE],
    pollIntervalMs: 0,
    onSignedIn: (token, account) => {
      signedIn.push({ token, uuid: account.uuid });
    },
  });
  const jar = new Map<string, { value: string; path: string }>();
  const sent: { method: string; path: string; id: string | null; status: number; text: string }[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input), PAGE);
    const method = init.method ?? "GET";
    const headers = new Headers(init.headers);
    // A browser adds Origin to a same-origin POST, not to a GET; and the cookies whose Path covers the URL.
    if (method !== "GET" && method !== "HEAD") headers.set("Origin", PAGE);
    const cookies = [...jar].filter(
      ([, cookie]) => url.pathname === cookie.path || url.pathname.startsWith(`${cookie.path.replace(/\/$/, "")}/`),
    );
    if (cookies.length > 0)
      headers.set("Cookie", cookies.map(([name, cookie]) => `${name}=${cookie.value}`).join("; "));
    const request = new Request(url, { method, headers, body: init.body, signal: init.signal });
    const response = await handler(request);
    for (const header of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = header.split(";").map((part) => part.trim());
      const [name = "", value = ""] = pair.split("=");
      const path = attributes.find((attribute) => attribute.startsWith("Path="))?.slice(5) ?? "/";
      jar.set(name, { value, path });
    }
    const text = await response.clone().text();
    const id = headers.get("X-Plex-Sign-In-Id");
    sent.push({ method, path: `${url.pathname}${url.search}`, id, status: response.status, text });
    return response;
  };
  const fake = fakeBrowser(options);
  return {
    mock,
    core,
    handler,
    signedIn,
    jar,
    sent,
    fetch,
    fake,
  };
}

describe("signInWithPlexServer", () => {
  it("popup: starts on the server, shows the auth app, resolves the server's answer; the token stays on the server", async () => {
    const { mock, signedIn, sent, fetch, fake, jar } = serverSetUp();
    let approved = false;
    const fetchAndApprove = async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (!approved && String(input).includes("/status")) {
        approved = true;
        const code = fragmentOf(fake.popups[0]?.location.href as string).get("code") as string;
        expect(mock.approvePin(code, "plain")).toBe(true);
      }
      return response;
    };
    const signingIn = signInWithPlexServer("/api/plex/", {
      browser: fake.browser,
      fetch: fetchAndApprove,
      intervalMs: INTERVAL,
    });
    expect(fake.opened).toHaveLength(1);
    expect(fake.opened[0]?.url).toBe("about:blank");

    const result = await signingIn;
    expect(result).toEqual({
      status: "signed-in",
      body: {
        status: "done",
        account: {
          uuid: MOCK_ACCOUNTS.plain.uuid,
          username: MOCK_ACCOUNTS.plain.username,
          title: MOCK_ACCOUNTS.plain.title,
          thumb: expect.any(String),
        },
      },
    });
    const popup = fake.popups[0] as FakePopup;
    expect(popup.hrefs).toHaveLength(1);
    expect(authBase(popup.hrefs[0] as string)).toBe(`${mock.baseUrl}/auth`);
    expect(fragmentOf(popup.hrefs[0] as string).get("clientID")).toBe("web-test-server");
    expect(popup.closeCalls).toBe(1);

    expect(sent[0]).toMatchObject({ method: "POST", path: "/api/plex/start", status: 201 });
    expect(sent.slice(1).every((request) => request.method === "GET" && request.status === 200)).toBe(true);
    // The id travels in a header, never in a URL (which access logs keep).
    expect(sent.at(-1)?.path).toBe("/api/plex/status");
    expect(sent.at(-1)?.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sent.every((request) => !request.path.includes("id="))).toBe(true);
    expect(jar.get("__Host-plex_auth_sign_in")?.path).toBe("/");
    expect(signedIn).toEqual([{ token: expect.stringMatching(/^[A-Za-z0-9]{20}$/), uuid: MOCK_ACCOUNTS.plain.uuid }]);
    expectNoTokenIn(
      sent.map((request) => request.text),
      mock,
      signedIn.map((entry) => entry.token),
    );
    expect(fake.stored).toEqual([]);
    // The PIN was created with the page's Origin, forwarded by the server.
    expect(mock.requests.find((r) => r.operation === "createOAuthPin")?.headers.origin).toBe(PAGE);
  });

  it("redirect: a blocked popup goes to the auth app and back to forwardUrl; resumePlexSignInWithServer finishes it", async () => {
    const { mock, signedIn, sent, fetch, fake } = serverSetUp({ blocked: true });
    const forwardUrl = `${PAGE}/signed-in`;
    const result = await signInWithPlexServer("/api/plex", { browser: fake.browser, fetch, forwardUrl });
    expect(result).toEqual({ status: "redirecting" });
    expect(fake.assigned).toHaveLength(1);
    const url = fake.assigned[0] as string;
    expect(authBase(url)).toBe(`${mock.baseUrl}/auth`);
    const fragment = fragmentOf(url);
    expect(fragment.get("forwardUrl")).toBe(forwardUrl);
    const code = fragment.get("code") as string;

    const kept = JSON.parse(fake.storage.get(SERVER_KEY) as string);
    expect(Object.keys(kept).sort()).toEqual(["endpoint", "expiresAt", "id"]);
    expect(kept.endpoint).toBe("/api/plex");
    expect(kept.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(kept)).not.toContain(code);

    // The auth app takes the forwardUrl: the server created the PIN with the page's Origin.
    expect((await approveOnAuthPage(mock, { code, account: "twoFactor", forwardUrl })).status).toBe(204);
    const body = await resumePlexSignInWithServer("/api/plex", { browser: fake.browser, fetch, intervalMs: INTERVAL });
    expect(body).toMatchObject({ status: "done", account: { uuid: MOCK_ACCOUNTS.twoFactor.uuid } });
    expect(fake.storage.size).toBe(0);
    expect(signedIn).toHaveLength(1);
    expectNoTokenIn([...fake.stored, ...sent.map((request) => request.text)], mock, [signedIn[0]?.token as string]);
    expect(await resumePlexSignInWithServer("/api/plex", { browser: fake.browser, fetch })).toBeUndefined();
  });

  it("resumePlexSignInWithServer with nothing kept, or another endpoint's, resolves undefined and sends nothing", async () => {
    const { sent, fetch, fake } = serverSetUp();
    expect(await resumePlexSignInWithServer("/api/plex", { browser: fake.browser, fetch })).toBeUndefined();
    fake.storage.set(
      SERVER_KEY,
      JSON.stringify({ endpoint: "/other", id: "A".repeat(43), expiresAt: Date.now() + 60_000 }),
    );
    expect(await resumePlexSignInWithServer("/api/plex", { browser: fake.browser, fetch })).toBeUndefined();
    expect(fake.storage.has(SERVER_KEY)).toBe(true);
    expect(sent).toEqual([]);
  });

  it("abort: RequestAbortedError, the popup closed, and a cancel sent that the server honours", async () => {
    const { mock, sent, fetch, fake, handler, jar, signedIn } = serverSetUp();
    const controller = new AbortController();
    let statuses = 0;
    const abortingFetch = async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      if (String(input).includes("/status") && ++statuses === 2) controller.abort();
      return response;
    };
    const signingIn = signInWithPlexServer("/api/plex", {
      browser: fake.browser,
      fetch: abortingFetch,
      intervalMs: INTERVAL,
      signal: controller.signal,
    });
    await expect(signingIn).rejects.toBeInstanceOf(RequestAbortedError);
    expect(fake.popups[0]?.closeCalls).toBe(1);
    await vi.waitFor(
      () => expect(sent.some((request) => request.path.startsWith("/api/plex/cancel"))).toBe(true),
      WAIT,
    );
    const cancel = sent.find((request) => request.path.startsWith("/api/plex/cancel"));
    expect(cancel).toMatchObject({ method: "POST", status: 204 });
    const id = cancel?.id as string;
    expect(sent[0]?.text).toContain(id);
    // The cancelled sign-in is gone, even once approved.
    const code = fragmentOf(fake.popups[0]?.location.href as string).get("code") as string;
    mock.approvePin(code, "plain");
    const after = await handler(
      new Request(`${PAGE}/api/plex/status?id=${id}`, {
        headers: { Cookie: `__Host-plex_auth_sign_in=${jar.get("__Host-plex_auth_sign_in")?.value}` },
      }),
    );
    expect(after.status).toBe(404);
    expect(signedIn).toEqual([]);
  });

  it("an expired sign-in is a PinExpiredError, the popup closed", async () => {
    const { mock, fetch, fake } = serverSetUp();
    let statuses = 0;
    const expiringFetch = async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes("/status") && ++statuses === 2) mock.advanceTime(STRONG_PIN_TTL_MS);
      return fetch(input, init);
    };
    await expect(
      signInWithPlexServer("/api/plex", { browser: fake.browser, fetch: expiringFetch, intervalMs: INTERVAL }),
    ).rejects.toBeInstanceOf(PinExpiredError);
    expect(fake.popups[0]?.closeCalls).toBe(1);
  });

  it("a blocked popup without forwardUrl is a PopupBlockedError, with nothing sent", async () => {
    const { sent, fetch, fake } = serverSetUp({ blocked: true });
    await expect(signInWithPlexServer("/api/plex", { browser: fake.browser, fetch })).rejects.toBeInstanceOf(
      PopupBlockedError,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(sent).toEqual([]);
  });

  it("the server refusing the start (a foreign forwardUrl) rejects, the popup closed", async () => {
    const { fetch, fake, sent } = serverSetUp({ blocked: true });
    await expect(
      signInWithPlexServer("/api/plex", { browser: fake.browser, fetch, forwardUrl: "https://evil.example/x" }),
    ).rejects.toThrow(/forwardUrl must be on one of allowedOrigins/);
    expect(sent).toMatchObject([{ method: "POST", path: "/api/plex/start", status: 400 }]);
    expect(fake.assigned).toEqual([]);
    expect(fake.storage.size).toBe(0);
  });

  it("invalid input rejects with InvalidInputError before any popup opens", async () => {
    const { fetch, sent } = serverSetUp();
    for (const [field, endpoint, options] of [
      ["endpoint", "api/plex", {}],
      ["endpoint", "javascript:alert(1)", {}],
      ["forwardUrl", "/api/plex", { forwardUrl: "not a url" }],
      ["intervalMs", "/api/plex", { intervalMs: 1 }],
      ["fetch", "/api/plex", { fetch: "no" }],
    ] as const) {
      const fake = fakeBrowser();
      const error = await signInWithPlexServer(endpoint, {
        browser: fake.browser,
        fetch,
        ...(options as object),
      }).catch((e: unknown) => e);
      expect(error, field).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).message).toContain(field);
      expect(fake.opened).toEqual([]);
    }
    expect(sent).toEqual([]);
  });
});

describe("signInWithPlexServer when the network or a proxy misbehaves", () => {
  it("a 200 that is not the handler's (a proxy's page) is never taken for signed in; the wait goes on", async () => {
    const { mock, fetch, fake, signedIn } = serverSetUp();
    let statuses = 0;
    const proxiedFetch = async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes("/status")) {
        statuses++;
        if (statuses === 1) return new Response("<html>captive portal</html>", { status: 200 });
        if (statuses === 2) return new Response("Bad gateway", { status: 502 });
        if (statuses === 3) {
          const code = fragmentOf(fake.popups[0]?.location.href as string).get("code") as string;
          mock.approvePin(code, "plain");
        }
      }
      return fetch(input, init);
    };
    const result = await signInWithPlexServer("/api/plex", {
      browser: fake.browser,
      fetch: proxiedFetch,
      intervalMs: INTERVAL,
    });
    expect(result).toMatchObject({ status: "signed-in", body: { status: "done" } });
    expect(statuses).toBeGreaterThanOrEqual(3);
    expect(signedIn).toHaveLength(1);
  });

  it("the network failing on a status request is retried; on the start it is a ConnectionError", async () => {
    const { mock, fetch, fake } = serverSetUp();
    let statuses = 0;
    const flakyFetch = async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).includes("/status") && ++statuses === 1) throw new TypeError("Failed to fetch");
      if (String(input).includes("/status") && statuses === 2) {
        mock.approvePin(fragmentOf(fake.popups[0]?.location.href as string).get("code") as string, "plain");
      }
      return fetch(input, init);
    };
    const result = await signInWithPlexServer("/api/plex", {
      browser: fake.browser,
      fetch: flakyFetch,
      intervalMs: INTERVAL,
    });
    expect(result).toMatchObject({ status: "signed-in" });

    const down = fakeBrowser();
    const error = await signInWithPlexServer("/api/plex", {
      browser: down.browser,
      fetch: async () => {
        throw new TypeError("Failed to fetch");
      },
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(down.popups[0]?.closeCalls).toBe(1);
  });

  it("the server saying unknown (another tab finished it) or failed ends the wait with its message", async () => {
    const { fetch, fake } = serverSetUp();
    const unknownFetch = async (input: string | URL | Request, init?: RequestInit) =>
      String(input).includes("/status")
        ? new Response(JSON.stringify({ status: "unknown", message: "No such sign-in for this browser" }), {
            status: 404,
          })
        : fetch(input, init);
    const error = await signInWithPlexServer("/api/plex", {
      browser: fake.browser,
      fetch: unknownFetch,
      intervalMs: INTERVAL,
    }).catch((caught: unknown) => caught);
    expect((error as Error).message).toContain("No such sign-in for this browser");
    expect(fake.popups[0]?.closeCalls).toBe(1);
  });

  it("an endpoint on another site, or with a query, is refused: the handler's cookie is same-site only", async () => {
    const { fetch } = serverSetUp();
    for (const endpoint of ["https://api.example/plex", "//api.example/plex", "/api/plex?x=1", "/api/plex#x"]) {
      const fake = fakeBrowser();
      const error = await signInWithPlexServer(endpoint, { browser: fake.browser, fetch }).catch((e: unknown) => e);
      expect(error, endpoint).toBeInstanceOf(InvalidInputError);
      expect(fake.opened, endpoint).toEqual([]);
    }
  });

  it("an abort while the start is in flight still cancels the sign-in the server made", async () => {
    const { fetch, fake, sent } = serverSetUp();
    const controller = new AbortController();
    const abortingFetch = async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith("/start")) controller.abort();
      return fetch(input, init);
    };
    const signingIn = signInWithPlexServer("/api/plex", {
      browser: fake.browser,
      fetch: abortingFetch,
      signal: controller.signal,
    });
    await expect(signingIn).rejects.toBeInstanceOf(RequestAbortedError);
    await vi.waitFor(() => expect(sent.find((request) => request.path === "/api/plex/cancel")?.status).toBe(204), WAIT);
  });
});
