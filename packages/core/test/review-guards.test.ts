/**
 * Guards found in review, one describe each: fetch is called unbound (browsers and workers reject a fetch
 * called as a method of another object); a retry field given as `undefined` keeps its default instead of
 * erasing the limit; a token function is held to the call's timeout and signal, and its failure is
 * reported without its message; the Plex code decides the error class; a 403's advice depends on the host.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createPlexAuth,
  errorFromResponse,
  operations,
  PlexAuthError,
  RequestAbortedError,
  TimeoutError,
  TokenSourceError,
  TwoFactorRequiredError,
  UnauthorizedError,
} from "../src/index.ts";
import { IDENTITY, PMS_URL, rejection, TOKEN } from "./helpers/client.ts";
import { json, mockFetch } from "./helpers/fetch.ts";
import { ACCOUNT, example } from "./helpers/fixtures.ts";

describe("fetch is called as a plain function", () => {
  afterEach(() => vi.unstubAllGlobals());

  // Like a browser's or workerd's fetch: anything but the global object or undefined as `this` is refused.
  function strictFetch(this: unknown): Promise<Response> {
    if (this !== undefined && this !== globalThis) return Promise.reject(new TypeError("Illegal invocation"));
    return Promise.resolve(json(200, example(ACCOUNT)));
  }

  it("an injected fetch (fetch: window.fetch) works", async () => {
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: strictFetch });
    await expect(plex.authentication.getTokenDetails()).resolves.toMatchObject({ username: "Username" });
  });

  it("the global fetch, when none is injected, works", async () => {
    vi.stubGlobal("fetch", strictFetch);
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN });
    await expect(plex.authentication.getTokenDetails()).resolves.toMatchObject({ username: "Username" });
  });
});

describe("retry fields given as undefined", () => {
  it("keep the default limit on the client and per call", async () => {
    const mock = mockFetch(json(503, {}));
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      fetch: mock.fetch,
      retry: { maxRetries: undefined, initialDelayMs: 1, maxDelayMs: 1 },
    });
    await rejection(plex.authentication.getTokenDetails());
    expect(mock.calls).toHaveLength(3);
    await rejection(plex.authentication.getTokenDetails(undefined, { retry: { maxRetries: undefined } }));
    expect(mock.calls).toHaveLength(6);
  });
});

describe("a token function", () => {
  const SECRET = "vault-secret-token-0123456789";

  it("that throws gives TokenSourceError without its message, and sends nothing", async () => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    const plex = createPlexAuth({
      ...IDENTITY,
      fetch: mock.fetch,
      token: () => {
        throw new RangeError(`vault said ${SECRET} expired`);
      },
    });
    const error = await rejection(plex.authentication.getTokenDetails());
    expect(error).toBeInstanceOf(TokenSourceError);
    expect((error as TokenSourceError).sourceErrorName).toBe("RangeError");
    expect(JSON.stringify(error) + String((error as Error).stack)).not.toContain(SECRET);
    expect((error as Error).cause).toBeUndefined();
    expect(mock.calls).toHaveLength(0);
  });

  it("that throws a PlexAuthError passes it through unchanged", async () => {
    class NotSignedIn extends PlexAuthError {
      static override readonly errorName: string = "NotSignedIn";
    }
    const own = new NotSignedIn({ message: "sign in first" });
    const plex = createPlexAuth({
      ...IDENTITY,
      fetch: mockFetch(json(200, {})).fetch,
      token: () => Promise.reject(own),
    });
    expect(await rejection(plex.authentication.getTokenDetails())).toBe(own);
  });

  it("that never settles is bounded by timeoutMs", async () => {
    const plex = createPlexAuth({
      ...IDENTITY,
      fetch: mockFetch(json(200, {})).fetch,
      token: () => new Promise<string>(() => {}),
      timeoutMs: 50,
    });
    expect(await rejection(plex.authentication.getTokenDetails())).toBeInstanceOf(TimeoutError);
  });

  it("that never settles is cut short by the caller's signal", async () => {
    const plex = createPlexAuth({
      ...IDENTITY,
      fetch: mockFetch(json(200, {})).fetch,
      token: () => new Promise<string>(() => {}),
    });
    const pending = plex.authentication.getTokenDetails(undefined, { signal: AbortSignal.timeout(30) });
    expect(await rejection(pending)).toBeInstanceOf(RequestAbortedError);
  });
});

describe("error classification", () => {
  // The operation itself is the context: its own codes (1029 and the others of sign-in) come with it.
  const signIn = operations.postUsersSignInData;

  it("the entry with a Plex code decides the class, as it decides plexCode", () => {
    const body = JSON.stringify({
      errors: [{ message: "Something first" }, { code: 1029, message: "Enter the code" }],
    });
    const error = errorFromResponse({ status: 401, body, operation: signIn });
    expect(error).toBeInstanceOf(TwoFactorRequiredError);
    expect(error.plexCode).toBe(1029);
  });

  it("a 403 from plex.tv does not blame the /security operations", async () => {
    const plexTv = errorFromResponse({
      status: 403,
      body: "",
      operation: { name: "getTokenDetails", requiresToken: true, host: "plexTv" },
    });
    expect(plexTv).toBeInstanceOf(UnauthorizedError);
    expect(plexTv.message).not.toContain("/security");
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      serverUrl: PMS_URL,
      fetch: mockFetch(json(403, {})).fetch,
    });
    const pms = await rejection(plex.authentication.getSourceConnectionInformation({ source: "server://abc123" }));
    expect((pms as Error).message).toContain("admin token");
  });
});
