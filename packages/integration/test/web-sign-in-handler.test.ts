/**
 * `createPlexSignInHandler`, the server half of "Sign in with Plex" for web apps, driven with plain
 * `Request`s (no browser) against the mock: the start/status/cancel routes, the Origin checks and the
 * forwarded Origin (proven by the mock's auth app refusing a forwardUrl off the PIN's origin), the cookie
 * that binds a sign-in to its browser, single-use ids, expiry, concurrency, the poll throttle, what
 * `onSignedIn` returns or throws, and the token never reaching the browser.
 */
import {
  createOAuthPin,
  createPlexAuthCore,
  createPlexSignInHandler,
  getTokenDetails,
  InvalidInputError,
  type PlexAccount,
  type PlexAuthCore,
  type PlexSignInHandlerOptions,
} from "@plex-auth/core";
import {
  createMockPlex,
  MOCK_ACCOUNTS,
  type MockAccountKey,
  type MockOperationName,
  type MockPlex,
  STRONG_PIN_TTL_MS,
} from "@plex-auth/mock-server";
import { afterEach, describe, expect, it, vi } from "vitest";

const APP = "https://app.example";
const MOUNT = `${APP}/api/plex`;
const COOKIE = "plex_auth_sign_in";
const HANDLE = /^[A-Za-z0-9_-]{43}$/;

interface Started {
  id: string;
  authUrl: string;
  code: string;
  expiresAt: string;
}

interface SignedIn {
  token: string;
  account: PlexAccount;
  request: Request;
}

/** What a browser got back: everything it could see, to search for a token later. */
interface Seen {
  status: number;
  headers: [string, string][];
  text: string;
}

type HandlerOptions = Omit<PlexSignInHandlerOptions, "core" | "onSignedIn"> & {
  onSignedIn?: PlexSignInHandlerOptions["onSignedIn"];
};

function setUp(options: HandlerOptions = {}, mockOptions: Parameters<typeof createMockPlex>[0] = {}) {
  const mock = createMockPlex({ seed: 23, rateLimit: false, ...mockOptions });
  const core = createPlexAuthCore({ clientIdentifier: "web-test-handler", product: "Web Test", ...mock.clientOptions });
  const signedIn: SignedIn[] = [];
  const handler = createPlexSignInHandler({
    core,
    pollIntervalMs: 0,
    authAppBaseUrl: `${mock.baseUrl}/auth`,
    ...options,
    onSignedIn: (token, account, request) => {
      signedIn.push({ token, account, request });
      return options.onSignedIn?.(token, account, request);
    },
  });
  const seen: Seen[] = [];
  const browsers: Browser[] = [];
  const browser = (init: BrowserInit = {}) => {
    const made = new Browser(handler, seen, init);
    browsers.push(made);
    return made;
  };
  const count = (operation: MockOperationName) => mock.requests.filter((r) => r.operation === operation).length;
  return { mock, core, handler, signedIn, seen, browser, count };
}

interface BrowserInit {
  /** The page's origin, sent as `Origin` on POSTs; `null` for none. */
  origin?: string | null;
  /** Where the handler is mounted (the request URLs' base). */
  mount?: string;
}

/** One browser: a cookie jar, the page's Origin, and a log of every answer it saw. */
class Browser {
  cookie: string | undefined;
  /** The cookie's name as set: `__Host-` prefixed over https. */
  cookieName: string = COOKIE;
  readonly setCookies: string[] = [];
  readonly #handler: (request: Request) => Promise<Response>;
  readonly #seen: Seen[];
  readonly #origin: string | null;
  readonly #mount: string;

  constructor(handler: (request: Request) => Promise<Response>, seen: Seen[], init: BrowserInit) {
    this.#handler = handler;
    this.#seen = seen;
    this.#origin = init.origin === undefined ? APP : init.origin;
    this.#mount = init.mount ?? MOUNT;
  }

  async send(route: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
    const method = init.method ?? "GET";
    const headers = new Headers(init.headers);
    if (this.#origin !== null && method !== "GET") headers.set("Origin", this.#origin);
    if (this.cookie !== undefined) headers.set("Cookie", `${this.cookieName}=${this.cookie}`);
    const response = await this.#handler(new Request(`${this.#mount}/${route}`, { method, headers, body: init.body }));
    const text = await response.clone().text();
    this.#seen.push({ status: response.status, headers: [...response.headers], text });
    for (const header of response.headers.getSetCookie()) {
      this.setCookies.push(header);
      const match = new RegExp(`^((?:__Host-)?${COOKIE})=([^;]*)`).exec(header);
      if (match) {
        this.cookieName = match[1] as string;
        this.cookie = match[2];
      }
    }
    return response;
  }

  async start(body: unknown = {}): Promise<Started> {
    const response = await this.send("start", { method: "POST", body: JSON.stringify(body) });
    expect(response.status).toBe(201);
    return (await response.json()) as Started;
  }

  status(id: string): Promise<Response> {
    return this.send(`status?id=${encodeURIComponent(id)}`);
  }

  async statusBody(id: string): Promise<{ status: string } & Record<string, unknown>> {
    return (await this.status(id)).json();
  }

  cancel(id: string): Promise<Response> {
    return this.send(`cancel?id=${encodeURIComponent(id)}`, { method: "POST" });
  }
}

/** Approves like the auth page's button: `POST /auth/approve`. */
function approveOnAuthPage(mock: MockPlex, body: { code: string; account: MockAccountKey; forwardUrl?: string }) {
  return mock.fetch(`${mock.baseUrl}/auth/approve`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** No token the mock ever issued appears in any answer a browser saw, body or header. */
function expectNoTokenIn(seen: readonly Seen[], mock: MockPlex, extra: readonly string[] = []) {
  const tokens = [...new Set([...mock.issuedTokens(), ...extra])];
  expect(tokens.length).toBeGreaterThan(0);
  for (const answer of seen) {
    const everything = `${answer.text}\n${answer.headers.map(([name, value]) => `${name}: ${value}`).join("\n")}`;
    for (const token of tokens) expect(everything).not.toContain(token);
  }
}

type SignInKey = "plain" | "twoFactor";

function publicAccount(key: SignInKey) {
  const account = MOCK_ACCOUNTS[key];
  return { uuid: account.uuid, username: account.username, title: account.title };
}

async function accountOfToken(core: PlexAuthCore, token: string) {
  return (await getTokenDetails(core, undefined, { token })).uuid;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createPlexSignInHandler: the whole sign-in", () => {
  it("start → pending → approved → done: the account goes to the browser, the token only to onSignedIn", async () => {
    const { mock, core, signedIn, seen, browser } = setUp();
    const alice = browser();
    const started = await alice.start();
    expect(started.id).toMatch(HANDLE);
    expect(started.code).toMatch(/^[a-z0-9]{25}$/);
    expect(Date.parse(started.expiresAt) - Date.now()).toBeGreaterThan(STRONG_PIN_TTL_MS - 60_000);
    expect(Date.parse(started.expiresAt) - Date.now()).toBeLessThanOrEqual(STRONG_PIN_TTL_MS);
    const authUrl = new URL(started.authUrl);
    expect(`${authUrl.origin}${authUrl.pathname}`).toBe(`${mock.baseUrl}/auth`);
    const fragment = new URLSearchParams(authUrl.hash.replace(/^#\??/, ""));
    expect(fragment.get("clientID")).toBe("web-test-handler");
    expect(fragment.get("code")).toBe(started.code);
    expect(fragment.get("context[device][product]")).toBe("Web Test");
    expect(fragment.has("forwardUrl")).toBe(false);

    const pending = await alice.status(started.id);
    expect(pending.status).toBe(200);
    expect(pending.headers.get("cache-control")).toBe("no-store");
    const pendingBody = await pending.json();
    expect(pendingBody).toEqual({ status: "pending", expiresIn: expect.any(Number), expiresAt: started.expiresAt });
    expect(pendingBody.expiresIn).toBeGreaterThan(STRONG_PIN_TTL_MS / 1000 - 60);
    expect(signedIn).toHaveLength(0);

    expect(mock.approvePin(started.code, "plain")).toBe(true);
    const done = await alice.status(started.id);
    expect(done.status).toBe(200);
    expect(done.headers.get("cache-control")).toBe("no-store");
    expect(done.headers.get("x-plex-sign-in")).toBe("done");
    const body = await done.json();
    expect(body).toEqual({
      status: "done",
      account: { ...publicAccount("plain"), thumb: expect.stringContaining(MOCK_ACCOUNTS.plain.uuid) },
    });
    expect(Object.keys(body.account).sort()).toEqual(["thumb", "title", "username", "uuid"]);

    expect(signedIn).toHaveLength(1);
    const { token, account, request } = signedIn[0] as SignedIn;
    expect(token).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(mock.issuedTokens()).toContain(token);
    expect(await accountOfToken(core, token)).toBe(MOCK_ACCOUNTS.plain.uuid);
    expect(account.uuid).toBe(MOCK_ACCOUNTS.plain.uuid);
    expect(new URL(request.url).pathname).toBe("/api/plex/status");
    expect(request.headers.get("cookie")).toBe(`__Host-${COOKIE}=${alice.cookie}`);
    expect(mock.devices("plain").map((device) => device.clientIdentifier)).toContain("web-test-handler");

    expectNoTokenIn(seen, mock, [token]);
    expect(seen.length).toBe(3);
  });

  it("creates the PIN strong, with the page's Origin, and asks plex.tv for the account once", async () => {
    const { mock, browser, count } = setUp();
    const started = await browser().start();
    const created = mock.requests.filter((r) => r.operation === "createOAuthPin");
    expect(created).toHaveLength(1);
    expect(created[0]?.headers.origin).toBe(APP);
    expect(created[0]?.url).toContain("strong=true");
    expect(created[0]?.clientIdentifier).toBe("web-test-handler");
    mock.approvePin(started.code, "twoFactor");
    expect(count("getTokenDetails")).toBe(0);
    const alice = browser();
    const mine = await alice.start();
    mock.approvePin(mine.code, "twoFactor");
    expect(await alice.statusBody(mine.id)).toMatchObject({ status: "done" });
    expect(count("getTokenDetails")).toBe(1);
    expect((await alice.status(mine.id)).status).toBe(404);
    expect(count("getTokenDetails")).toBe(1);
  });
});

describe("createPlexSignInHandler: origins", () => {
  it("refuses a start with no Origin, or a foreign one, before anything is created", async () => {
    const { mock, browser, count } = setUp();
    for (const origin of [null, "https://evil.example", "http://app.example", "https://app.example:8443"]) {
      const page = browser({ origin });
      const response = await page.send("start", { method: "POST", body: "{}" });
      expect(response.status).toBe(403);
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(await response.json()).toMatchObject({ error: "origin_not_allowed" });
      expect(page.setCookies).toEqual([]);
    }
    expect(count("createOAuthPin")).toBe(0);
    expect(mock.requests).toHaveLength(0);
  });

  it("with allowedOrigins, takes exactly those (behind a proxy whose URL differs) and refuses the request's own", async () => {
    const { mock, browser } = setUp({ allowedOrigins: ["https://www.app.example", "https://beta.app.example"] });
    const internal = "http://10.0.0.7:8080/api/plex";
    const www = browser({ origin: "https://www.app.example", mount: internal });
    const started = await www.start({ forwardUrl: "https://beta.app.example/back" });
    expect(new URLSearchParams(new URL(started.authUrl).hash.slice(2)).get("forwardUrl")).toBe(
      "https://beta.app.example/back",
    );
    expect(mock.requests.find((r) => r.operation === "createOAuthPin")?.headers.origin).toBe("https://www.app.example");
    await browser({ origin: "https://beta.app.example", mount: internal }).start();

    const own = browser({ origin: "http://10.0.0.7:8080", mount: internal });
    expect((await own.send("start", { method: "POST", body: "{}" })).status).toBe(403);
    const foreign = browser({ origin: "https://evil.example", mount: internal });
    expect((await foreign.send("start", { method: "POST", body: "{}" })).status).toBe(403);
    // Cancelling needs an allowed Origin too.
    const otherOrigin = browser({ origin: "https://evil.example", mount: internal });
    otherOrigin.cookie = www.cookie;
    expect((await otherOrigin.cancel(started.id)).status).toBe(403);
    expect(await www.statusBody(started.id)).toMatchObject({ status: "pending" });
  });

  it("forwards the page's Origin to plex.tv: the auth app then accepts a forwardUrl on the page's host only", async () => {
    const { mock, core, browser } = setUp({ allowedOrigins: [APP] });
    const alice = browser();
    const started = await alice.start({ forwardUrl: `${APP}/signed-in?next=%2Fhome` });
    const fragment = new URLSearchParams(new URL(started.authUrl).hash.slice(2));
    expect(fragment.get("forwardUrl")).toBe(`${APP}/signed-in?next=%2Fhome`);

    // The control: a PIN core made with no Origin is refused the same forwardUrl.
    const bare = await createOAuthPin(core, { strong: true });
    const refusedBare = await approveOnAuthPage(mock, {
      code: bare.code,
      account: "plain",
      forwardUrl: `${APP}/signed-in`,
    });
    expect(refusedBare.status).toBe(400);

    const offHost = await approveOnAuthPage(mock, {
      code: started.code,
      account: "plain",
      forwardUrl: "https://evil.example/steal",
    });
    expect(offHost.status).toBe(400);
    expect(await offHost.text()).toContain("forwardUrl is not on the host of the origin this PIN was created from");
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "pending" });

    const onHost = await approveOnAuthPage(mock, {
      code: started.code,
      account: "plain",
      forwardUrl: `${APP}/signed-in?next=%2Fhome`,
    });
    expect(onHost.status).toBe(204);
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "done", account: publicAccount("plain") });
  });

  it("refuses a forwardUrl off the allowed origins (an open redirect otherwise), creating nothing", async () => {
    const { browser, count } = setUp({ allowedOrigins: [APP] });
    const alice = browser();
    for (const forwardUrl of ["https://evil.example/x", "http://app.example/x", "https://app.example.evil.example/"]) {
      const response = await alice.send("start", { method: "POST", body: JSON.stringify({ forwardUrl }) });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: "invalid_input",
        message: "forwardUrl must be on one of allowedOrigins: list the origins your pages are served from.",
      });
    }
    expect(count("createOAuthPin")).toBe(0);
    expect(alice.setCookies).toEqual([]);
  });

  it("refuses every forwardUrl without allowedOrigins: the request's own URL comes from a Host header a script sets", async () => {
    const { browser, count } = setUp();
    // A script, not a browser: its Host and Origin say evil.example, so the request's URL does too.
    const script = browser({ origin: "https://evil.example", mount: "https://evil.example/api/plex" });
    const response = await script.send("start", {
      method: "POST",
      body: JSON.stringify({ forwardUrl: "https://evil.example/collect" }),
    });
    expect(response.status).toBe(400);
    expect(count("createOAuthPin")).toBe(0);
    // Without a forwardUrl it may start one, as any client may: a PIN, whose approval only it can collect.
    expect((await script.send("start", { method: "POST", body: "{}" })).status).toBe(201);
  });
});

describe("createPlexSignInHandler: ids and browsers", () => {
  it("an id works once: after done it is unknown (404), for status and cancel", async () => {
    const { mock, browser, signedIn } = setUp();
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "done" });
    for (let again = 0; again < 2; again++) {
      const reused = await alice.status(started.id);
      expect(reused.status).toBe(404);
      expect(await reused.json()).toMatchObject({ status: "unknown" });
    }
    expect((await alice.cancel(started.id)).status).toBe(404);
    expect(signedIn).toHaveLength(1);
  });

  it("another browser's request for the id (no cookie, its own cookie, a forged one) is unknown and leaves the owner alone", async () => {
    const { mock, browser, signedIn, count } = setUp();
    const alice = browser();
    const started = await alice.start();
    const polls = count("getOAuthPin");

    const stranger = browser();
    const mallory = browser();
    await mallory.start();
    const forger = browser();
    forger.cookie = "A".repeat(43);
    const malformed = browser();
    malformed.cookie = `${alice.cookie}x`;
    mock.approvePin(started.code, "plain");
    for (const other of [stranger, mallory, forger, malformed]) {
      const status = await other.status(started.id);
      expect(status.status).toBe(404);
      expect(await status.json()).toMatchObject({ status: "unknown" });
      expect((await other.cancel(started.id)).status).toBe(404);
    }
    // Nobody else's request reached plex.tv for alice's PIN, or took the approval.
    expect(count("getOAuthPin")).toBe(polls);
    expect(signedIn).toHaveLength(0);
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "done", account: publicAccount("plain") });
    expect(signedIn).toHaveLength(1);
    expect(signedIn[0]?.request.headers.get("cookie")).toBe(`__Host-${COOKIE}=${alice.cookie}`);
  });

  it("answers 404 for a missing, malformed or never-issued id", async () => {
    const { browser } = setUp();
    const alice = browser();
    await alice.start();
    for (const route of ["status", "status?id=", "status?id=abc", `status?id=${"B".repeat(43)}`]) {
      const response = await alice.send(route);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ status: "unknown" });
    }
  });

  it("one browser's tabs share its cookie: a second start renews the same one, and both sign-ins are its own", async () => {
    const { mock, browser } = setUp();
    const alice = browser();
    const first = await alice.start();
    const secret = alice.cookie;
    const second = await alice.start();
    // Renewed, so it outlives a sign-in started late in its life; the secret is the same.
    expect(alice.setCookies).toHaveLength(2);
    expect(alice.cookie).toBe(secret);
    expect(alice.setCookies[1]).toContain("Max-Age=1860");
    expect(first.id).not.toBe(second.id);
    mock.approvePin(second.code, "twoFactor");
    expect(await alice.statusBody(first.id)).toMatchObject({ status: "pending" });
    expect(await alice.statusBody(second.id)).toMatchObject({ status: "done", account: publicAccount("twoFactor") });
  });
});

describe("createPlexSignInHandler: expiry", () => {
  it("when plex.tv says the PIN expired: {status: expired} once, then 404", async () => {
    const { mock, browser, signedIn } = setUp();
    const alice = browser();
    const started = await alice.start();
    mock.advanceTime(STRONG_PIN_TTL_MS);
    const expired = await alice.status(started.id);
    expect(expired.status).toBe(200);
    expect(expired.headers.get("cache-control")).toBe("no-store");
    expect(await expired.json()).toEqual({ status: "expired" });
    expect((await alice.status(started.id)).status).toBe(404);
    expect(mock.approvePin(started.code, "plain")).toBe(false);
    expect(signedIn).toHaveLength(0);
  });

  it("by the handler's own clock: expired without asking plex.tv, then 404", async () => {
    const { browser, count, signedIn, mock } = setUp();
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    const polls = count("getOAuthPin");
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(started.expiresAt));
    expect(await alice.statusBody(started.id)).toEqual({ status: "expired" });
    expect((await alice.status(started.id)).status).toBe(404);
    expect(count("getOAuthPin")).toBe(polls);
    expect(signedIn).toHaveLength(0);
  });

  it("an expired sign-in no longer holds a place: maxPending counts only the live ones", async () => {
    const { browser } = setUp({ maxPending: 1 });
    const alice = browser();
    const started = await alice.start();
    expect((await alice.send("start", { method: "POST", body: "{}" })).status).toBe(503);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.parse(started.expiresAt) + 1);
    await alice.start();
  });
});

describe("createPlexSignInHandler: concurrency", () => {
  it("concurrent status requests on an approved sign-in: one poll of plex.tv, onSignedIn once, exactly one done", async () => {
    const { mock, browser, signedIn, count, seen } = setUp();
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    const polls = count("getOAuthPin");
    const answers = await Promise.all(Array.from({ length: 12 }, () => alice.status(started.id)));
    const bodies = await Promise.all(answers.map((answer) => answer.json()));
    const done = bodies.filter((body) => body.status === "done");
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ account: publicAccount("plain") });
    expect(answers.filter((answer) => answer.status === 404)).toHaveLength(11);
    expect(bodies.filter((body) => body.status === "unknown")).toHaveLength(11);
    expect(signedIn).toHaveLength(1);
    expect(count("getOAuthPin") - polls).toBe(1);
    expect(count("getTokenDetails")).toBe(1);
    expectNoTokenIn(seen, mock);
  });

  it("20 concurrent sign-ins from 20 browsers: each is finished once, for its own browser, as its own account", async () => {
    const { mock, core, browser, signedIn, seen } = setUp();
    const keyOf = (index: number): SignInKey => (index % 3 === 0 ? "twoFactor" : "plain");
    const browsers = Array.from({ length: 20 }, () => browser());
    const started = await Promise.all(browsers.map((page) => page.start()));
    expect(new Set(started.map((s) => s.id)).size).toBe(20);
    expect(new Set(started.map((s) => s.code)).size).toBe(20);
    expect(new Set(browsers.map((page) => page.cookie)).size).toBe(20);

    // Approve in a shuffled order while everyone polls.
    const order = [...started.keys()].sort((a, b) => ((a * 7) % 20) - ((b * 7) % 20));
    const results = await Promise.all(
      browsers.map(async (page, index) => {
        const id = started[index]?.id as string;
        for (let attempt = 0; attempt < 50; attempt++) {
          const body = await page.statusBody(id);
          if (body.status !== "pending") return body;
          const next = order.shift();
          if (next !== undefined) {
            expect(mock.approvePin(started[next]?.code as string, keyOf(next))).toBe(true);
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        throw new Error(`browser ${index} never finished`);
      }),
    );
    results.forEach((body, index) => {
      expect(body).toMatchObject({ status: "done", account: publicAccount(keyOf(index)) });
    });
    expect(signedIn).toHaveLength(20);
    for (const [index, page] of browsers.entries()) {
      const mine = signedIn.filter(
        (entry) => entry.request.headers.get("cookie") === `${page.cookieName}=${page.cookie}`,
      );
      expect(mine).toHaveLength(1);
      const { token, account, request } = mine[0] as SignedIn;
      expect(new URL(request.url).searchParams.get("id")).toBe(started[index]?.id);
      expect(account.uuid).toBe(MOCK_ACCOUNTS[keyOf(index)].uuid);
      expect(await accountOfToken(core, token)).toBe(MOCK_ACCOUNTS[keyOf(index)].uuid);
    }
    const tokens = new Set(signedIn.map((entry) => entry.token));
    // One device token per account for this client identifier: two distinct tokens, never crossed.
    expect(tokens.size).toBe(2);
    expectNoTokenIn(seen, mock);
  });
});

describe("createPlexSignInHandler: cancel, capacity, throttle", () => {
  it("cancel forgets the sign-in (204); its id is then unknown, and a second cancel is 404", async () => {
    const { mock, browser, signedIn } = setUp();
    const alice = browser();
    const started = await alice.start();
    const noOrigin = browser({ origin: null });
    noOrigin.cookie = alice.cookie;
    expect((await noOrigin.cancel(started.id)).status).toBe(403);
    const cancelled = await alice.cancel(started.id);
    expect(cancelled.status).toBe(204);
    expect(cancelled.headers.get("cache-control")).toBe("no-store");
    expect(await cancelled.text()).toBe("");
    mock.approvePin(started.code, "plain");
    expect((await alice.status(started.id)).status).toBe(404);
    expect((await alice.cancel(started.id)).status).toBe(404);
    expect(signedIn).toHaveLength(0);
  });

  it("past maxPending, start answers 503 with Retry-After and creates no PIN; a finished one frees a place", async () => {
    const { mock, browser, count } = setUp({ maxPending: 2 });
    const [a, b, c] = [browser(), browser(), browser()];
    const first = await a.start();
    await b.start();
    const busy = await c.send("start", { method: "POST", body: "{}" });
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("60");
    expect(await busy.json()).toMatchObject({ error: "busy" });
    expect(count("createOAuthPin")).toBe(2);
    expect(c.setCookies).toEqual([]);

    expect((await a.cancel(first.id)).status).toBe(204);
    const third = await c.start();
    mock.approvePin(third.code, "plain");
    expect(await c.statusBody(third.id)).toMatchObject({ status: "done" });
    await a.start();
    expect((await b.send("start", { method: "POST", body: "{}" })).status).toBe(503);
  });

  it("pollIntervalMs: plex.tv is asked about a sign-in at most once per interval, however often the browser asks", async () => {
    const { mock, browser, count, signedIn } = setUp({ pollIntervalMs: 5000 });
    const alice = browser();
    const started = await alice.start();
    const base = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(base);
    mock.approvePin(started.code, "plain");
    // Within the first interval after start: pending, from memory.
    for (let ask = 0; ask < 5; ask++) expect(await alice.statusBody(started.id)).toMatchObject({ status: "pending" });
    expect(count("getOAuthPin")).toBe(0);
    expect(signedIn).toHaveLength(0);

    vi.setSystemTime(base + 5000);
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "done" });
    expect(count("getOAuthPin")).toBe(1);
  });

  it("pollIntervalMs: a pending PIN is polled once per interval", async () => {
    const { browser, count } = setUp({ pollIntervalMs: 1000 });
    const alice = browser();
    const started = await alice.start();
    const base = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    for (let second = 1; second <= 3; second++) {
      vi.setSystemTime(base + second * 1000 + 10);
      for (let ask = 0; ask < 4; ask++) expect(await alice.statusBody(started.id)).toMatchObject({ status: "pending" });
      expect(count("getOAuthPin")).toBe(second);
    }
  });

  it("plex.tv busy on a poll (503) is still pending; the next poll delivers", async () => {
    const { mock, browser, signedIn } = setUp();
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    mock.faults.failNext(1, 503, { operation: "getOAuthPin" });
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "pending" });
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "done" });
    expect(signedIn).toHaveLength(1);
  });

  it("plex.tv refusing the PIN creation answers 502 with no cookie and nothing kept", async () => {
    const { mock, browser } = setUp({ maxPending: 1 });
    const alice = browser();
    mock.faults.failNext(1, 500, { operation: "createOAuthPin" });
    const failed = await alice.send("start", { method: "POST", body: "{}" });
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({ status: "failed" });
    expect(alice.setCookies).toEqual([]);
    await alice.start();
  });
});

describe("createPlexSignInHandler: onSignedIn", () => {
  it("a Response it returns is the browser's answer, made no-store", async () => {
    const { mock, browser, seen } = setUp({
      onSignedIn: (_token, account) =>
        Response.json(
          { status: "done", user: account.username },
          { headers: { "Set-Cookie": "session=s3ss10n; HttpOnly", "Cache-Control": "public, max-age=600" } },
        ),
    });
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    const answer = await alice.status(started.id);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    expect(answer.headers.getSetCookie()).toEqual(["session=s3ss10n; HttpOnly"]);
    expect(await answer.json()).toEqual({ status: "done", user: "casey" });
    expectNoTokenIn(seen, mock);
  });

  it("an immutable Response (Response.redirect) is copied, made no-store; an async one is awaited", async () => {
    const { mock, browser } = setUp({
      onSignedIn: async () => Response.redirect(`${APP}/home`, 303),
    });
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    const answer = await alice.status(started.id);
    expect(answer.status).toBe(303);
    expect(answer.headers.get("location")).toBe(`${APP}/home`);
    expect(answer.headers.get("cache-control")).toBe("no-store");
  });

  it("a throw answers 500 with no token, and the sign-in is gone", async () => {
    let thrownWith: string | undefined;
    const { mock, browser, seen } = setUp({
      onSignedIn: (token) => {
        thrownWith = token;
        throw new Error(`database down while saving ${token}`);
      },
    });
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    const answer = await alice.status(started.id);
    expect(answer.status).toBe(500);
    expect(answer.headers.get("cache-control")).toBe("no-store");
    const text = await answer.text();
    expect(JSON.parse(text)).toEqual({
      status: "failed",
      error: "sign_in_not_kept",
      message: "The server could not keep the sign-in.",
    });
    expect(thrownWith).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(text).not.toContain(thrownWith);
    expect(text).not.toContain("database");
    expect((await alice.status(started.id)).status).toBe(404);
    expectNoTokenIn(seen, mock, [thrownWith as string]);
  });
});

describe("createPlexSignInHandler: routes and bodies", () => {
  it("answers a wrong method with 405 and Allow", async () => {
    const { browser, mock } = setUp();
    const alice = browser();
    for (const [route, method, allow] of [
      ["start", "GET", "POST"],
      ["start", "PUT", "POST"],
      ["status?id=x", "POST", "GET"],
      ["status?id=x", "DELETE", "GET"],
      ["cancel?id=x", "GET", "POST"],
    ] as const) {
      const response = await alice.send(route, { method, body: method === "GET" ? undefined : "{}" });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(await response.json()).toMatchObject({ error: "method_not_allowed" });
    }
    expect(mock.requests).toHaveLength(0);
  });

  it("answers 404 for any other route, prototype names included", async () => {
    const { browser } = setUp();
    const alice = browser();
    for (const route of ["", "other", "constructor", "__proto__", "toString", "hasOwnProperty", "start.json"]) {
      for (const method of ["GET", "POST"]) {
        const response = await alice.send(route, { method, body: method === "GET" ? undefined : "{}" });
        expect(response.status).toBe(404);
        expect(await response.json()).toMatchObject({ error: "not_found" });
      }
    }
  });

  it("answers 400 for a body that is not JSON, not an object of the one field, or a bad forwardUrl; 413 past 4 KiB", async () => {
    const { browser, count } = setUp();
    const alice = browser();
    for (const body of [
      "{",
      "not json",
      "[]",
      "[1]",
      "null",
      "42",
      '"text"',
      '{"forwardUrl":42}',
      '{"forwardUrl":"not a url"}',
      '{"forwardUrl":"/relative"}',
      '{"other":1}',
    ]) {
      const response = await alice.send("start", { method: "POST", body });
      expect(response.status, body).toBe(400);
      expect(await response.json()).toMatchObject({ error: "invalid_input" });
    }
    const huge = await alice.send("start", {
      method: "POST",
      body: JSON.stringify({ forwardUrl: `${APP}/${"a".repeat(5000)}` }),
    });
    expect(huge.status).toBe(413);
    expect(count("createOAuthPin")).toBe(0);
    // An empty body is `{}`.
    expect((await alice.send("start", { method: "POST" })).status).toBe(201);
    expect((await alice.send("start", { method: "POST", body: "  " })).status).toBe(201);
  });

  it("routes by the last path segment, a trailing slash ignored, wherever it is mounted", async () => {
    const { mock, browser } = setUp();
    // Plain http (a development server), where the cookie is scoped to the mount.
    const deep = browser({ origin: "http://app.example", mount: "http://app.example/some/deep/mount" });
    const started = await deep.start();
    expect(deep.setCookies[0]).toContain("; Path=/some/deep/mount;");
    mock.approvePin(started.code, "plain");
    const slashed = await deep.send(`status/?id=${started.id}`);
    expect(await slashed.json()).toMatchObject({ status: "done" });
  });

  it("a start at …/start/ scopes its cookie to the mount (not to …/start), so …/status gets it; at the root, /", async () => {
    const { mock, browser } = setUp();
    const alice = browser({ origin: "http://app.example", mount: "http://app.example/api/plex" });
    const response = await alice.send("start/", { method: "POST", body: "{}" });
    expect(response.status).toBe(201);
    expect(alice.setCookies[0]).toContain("; Path=/api/plex;");
    const { id, code } = (await response.json()) as Started;
    mock.approvePin(code, "plain");
    expect(await alice.statusBody(id)).toMatchObject({ status: "done" });
    const root = browser({ origin: "http://app.example", mount: "http://app.example" });
    await root.start();
    expect(root.setCookies[0]).toContain("; Path=/;");
  });
});

describe("createPlexSignInHandler: the browser's cookie", () => {
  it("over https is __Host- (no sibling subdomain can plant one), Path=/, Secure, HttpOnly, SameSite=Strict, and outlives the PIN", async () => {
    const { browser } = setUp();
    const alice = browser();
    await alice.start();
    expect(alice.setCookies).toHaveLength(1);
    const header = alice.setCookies[0] as string;
    const [pair, ...attributes] = header.split("; ");
    expect(pair).toMatch(new RegExp(`^__Host-${COOKIE}=[A-Za-z0-9_-]{43}$`));
    expect(attributes).toEqual(["Path=/", `Max-Age=${31 * 60}`, "HttpOnly", "SameSite=Strict", "Secure"]);
  });

  it("is Secure when the page is https behind a TLS-terminating proxy (the request's own URL is http)", async () => {
    const { browser } = setUp({ allowedOrigins: [APP] });
    const proxied = browser({ origin: APP, mount: "http://10.0.0.5:8080/api/plex" });
    await proxied.start();
    expect(proxied.setCookies[0]).toMatch(new RegExp(`^__Host-${COOKIE}=[A-Za-z0-9_-]{43}; Path=/; .*; Secure$`));
  });

  it("is not Secure over plain http (a dev server on localhost)", async () => {
    const { browser } = setUp();
    const local = browser({ origin: "http://localhost:3000", mount: "http://localhost:3000/auth/plex" });
    await local.start();
    const header = local.setCookies[0] as string;
    expect(header).toContain("; Path=/auth/plex;");
    expect(header).toContain("; HttpOnly; SameSite=Strict");
    expect(header).not.toMatch(/Secure/i);
  });

  it("takes its name from cookieName", async () => {
    const { browser } = setUp({ cookieName: "my_app-signin" });
    const alice = browser();
    await alice.start();
    expect(alice.setCookies[0]).toMatch(/^__Host-my_app-signin=[A-Za-z0-9_-]{43}; /);
  });

  it("the cookie's secret is in no answer body", async () => {
    const { mock, browser, seen } = setUp();
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    await alice.status(started.id);
    const secret = alice.cookie as string;
    for (const answer of seen) expect(answer.text).not.toContain(secret);
  });
});

describe("createPlexSignInHandler: its options", () => {
  const mock = createMockPlex({ seed: 1 });
  const core = createPlexAuthCore({ clientIdentifier: "web-test-options", product: "Web Test", ...mock.clientOptions });
  const onSignedIn = () => undefined;

  it.each([
    ["core", { onSignedIn }],
    ["onSignedIn", { core }],
    ["onSignedIn", { core, onSignedIn: "yes" }],
    ["allowedOrigins", { core, onSignedIn, allowedOrigins: "https://app.example" }],
    ["allowedOrigins", { core, onSignedIn, allowedOrigins: ["https://app.example/"] }],
    ["allowedOrigins", { core, onSignedIn, allowedOrigins: ["https://app.example/path"] }],
    ["allowedOrigins", { core, onSignedIn, allowedOrigins: ["app.example"] }],
    ["allowedOrigins", { core, onSignedIn, allowedOrigins: ["ftp://app.example"] }],
    ["authAppBaseUrl", { core, onSignedIn, authAppBaseUrl: "ftp://plex.example/auth" }],
    ["authAppBaseUrl", { core, onSignedIn, authAppBaseUrl: "not a url" }],
    ["maxPending", { core, onSignedIn, maxPending: 0 }],
    ["maxPending", { core, onSignedIn, maxPending: 1.5 }],
    ["pollIntervalMs", { core, onSignedIn, pollIntervalMs: -1 }],
    ["pollIntervalMs", { core, onSignedIn, pollIntervalMs: 600_000 }],
    ["cookieName", { core, onSignedIn, cookieName: "bad name" }],
    ["cookieName", { core, onSignedIn, cookieName: "a;b" }],
    ["cookieName", { core, onSignedIn, cookieName: "" }],
    ["unknownOption", { core, onSignedIn, unknownOption: true }],
  ])("throws InvalidInputError naming %s", (field, options) => {
    let thrown: unknown;
    try {
      createPlexSignInHandler(options as unknown as PlexSignInHandlerOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidInputError);
    const error = thrown as InvalidInputError;
    expect(error.code).toBe("invalid_input");
    expect(error.message).toContain("createPlexSignInHandler");
    expect(error.message).toContain(field);
    expect(error.issues.map((issue) => issue.path.split(".")[0])).toContain(field);
  });

  it("takes no options object at all as an InvalidInputError, not a TypeError", () => {
    expect(() => createPlexSignInHandler(undefined as unknown as PlexSignInHandlerOptions)).toThrow(InvalidInputError);
  });

  it("accepts the documented shapes", () => {
    expect(typeof createPlexSignInHandler({ core, onSignedIn })).toBe("function");
    expect(
      typeof createPlexSignInHandler({
        core,
        onSignedIn: async () => new Response(null),
        allowedOrigins: ["https://app.example", "http://localhost:3000"],
        authAppBaseUrl: "http://127.0.0.1:9999/auth",
        maxPending: 1,
        pollIntervalMs: 0,
        cookieName: "x",
      }),
    ).toBe("function");
  });
});

describe("createPlexSignInHandler: handing the token over", () => {
  /** Whether the mock still has a live device of this account for the handler's client identifier. */
  const handlerDevice = (mock: MockPlex, key: MockAccountKey) =>
    mock.devices(key).filter((device) => device.clientIdentifier === "web-test-handler" && !device.revoked);

  it("plex.tv busy when the account is read (503): still pending, and the next poll hands it over once", async () => {
    const { mock, browser, signedIn } = setUp();
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    // Three: the first attempt and core's two retries of the read.
    mock.faults.failNext(3, 503, { operation: "getTokenDetails" });
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "pending" });
    expect(signedIn).toHaveLength(0);
    expect(await alice.statusBody(started.id)).toMatchObject({ status: "done", account: publicAccount("plain") });
    expect(signedIn).toHaveLength(1);
    expect((await alice.status(started.id)).status).toBe(404);
  });

  it("the account refused for good (401): failed, and the token nobody will hold is signed out of plex.tv", async () => {
    const { mock, browser, signedIn, seen } = setUp();
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    expect(handlerDevice(mock, "plain")).toHaveLength(1);
    mock.faults.failNext(1, 401, { operation: "getTokenDetails" });
    const answer = await alice.status(started.id);
    expect(answer.status).toBe(502);
    expect(await answer.json()).toMatchObject({ status: "failed" });
    expect(signedIn).toHaveLength(0);
    await vi.waitFor(() => expect(handlerDevice(mock, "plain")).toEqual([]));
    expect((await alice.status(started.id)).status).toBe(404);
    expectNoTokenIn(seen, mock);
  });

  it("onSignedIn throwing goes to onError, and the token is signed out of plex.tv", async () => {
    const errors: unknown[] = [];
    const { mock, browser } = setUp({
      onSignedIn: () => {
        throw new Error("database down");
      },
      onError: (error) => errors.push(error),
    });
    const alice = browser();
    const started = await alice.start();
    mock.approvePin(started.code, "plain");
    expect((await alice.status(started.id)).status).toBe(500);
    expect(errors.map((error) => (error as Error).message)).toEqual(["database down"]);
    await vi.waitFor(() => expect(handlerDevice(mock, "plain")).toEqual([]));
  });

  it("takes the id from the X-Plex-Sign-In-Id header (kept out of URLs and access logs) for status and cancel", async () => {
    const { mock, browser } = setUp();
    const alice = browser();
    const first = await alice.start();
    const second = await alice.start();
    const cancelled = await alice.send("cancel", { method: "POST", headers: { "X-Plex-Sign-In-Id": first.id } });
    expect(cancelled.status).toBe(204);
    mock.approvePin(second.code, "plain");
    const done = await alice.send("status", { headers: { "X-Plex-Sign-In-Id": second.id } });
    expect(await done.json()).toMatchObject({ status: "done" });
  });
});

describe("createPlexSignInHandler: bounds", () => {
  it("a browser holds at most 5 sign-ins: a sixth replaces its oldest, and other browsers keep theirs", async () => {
    const { browser } = setUp();
    const alice = browser();
    const bob = browser();
    const bobs = await bob.start();
    const alices: Started[] = [];
    for (let index = 0; index < 6; index++) alices.push(await alice.start());
    expect((await alice.status((alices[0] as Started).id)).status).toBe(404);
    for (const kept of alices.slice(1)) expect(await alice.statusBody(kept.id)).toMatchObject({ status: "pending" });
    expect(await bob.statusBody(bobs.id)).toMatchObject({ status: "pending" });
  });

  it("concurrent starts never overshoot maxPending: a place is held before plex.tv is asked", async () => {
    const { browser, count } = setUp({ maxPending: 3 });
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => browser().send("start", { method: "POST", body: "{}" })),
    );
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(3);
    expect(answers.filter((answer) => answer.status === 503)).toHaveLength(5);
    expect(count("createOAuthPin")).toBe(3);
  });

  it("a failed PIN creation gives its place back", async () => {
    const { mock, browser } = setUp({ maxPending: 1 });
    mock.faults.failNext(1, 500, { operation: "createOAuthPin" });
    expect((await browser().send("start", { method: "POST", body: "{}" })).status).toBe(502);
    expect((await browser().send("start", { method: "POST", body: "{}" })).status).toBe(201);
  });

  it("a start whose body was already read answers 500 saying so, creating nothing", async () => {
    const { handler, count } = setUp();
    const request = new Request(`${MOUNT}/start`, { method: "POST", headers: { Origin: APP }, body: "{}" });
    await request.text();
    const answer = await handler(request);
    expect(answer.status).toBe(500);
    expect(await answer.json()).toMatchObject({ error: "body_used" });
    expect(count("createOAuthPin")).toBe(0);
  });
});
