/**
 * Guards what a new user tripped over: using the token a sign-in returns (`withToken`), per-call options
 * passed where the input goes, a URL copied from the browser, errors that blame Plex for a wrong address,
 * timeouts that did not say how long all attempts took, errors without a `retryable` flag, and a password
 * given as a number reported as missing.
 */
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  clientIdentifierPath,
  createPlexAuth,
  createPlexAuthCore,
  getTokenDetails,
  InvalidInputError,
  PlexAuth,
  PlexAuthCore,
  ResponseValidationError,
  TimeoutError,
} from "../src/index.ts";
import { IDENTITY, rejection, TOKEN } from "./helpers/client.ts";
import { connectionRefused, json, mockFetch, text } from "./helpers/fetch.ts";
import { ACCOUNT, example } from "./helpers/fixtures.ts";

const SIGNED_IN = { ...example(ACCOUNT), authToken: "new-token-from-sign-in-0001" };

describe("withToken", () => {
  it("gives a client that uses the token a sign-in returned, sharing everything else", async () => {
    const mock = mockFetch(json(201, SIGNED_IN), json(200, example(ACCOUNT)));
    const plex = createPlexAuth({ ...IDENTITY, fetch: mock.fetch, timeoutMs: 1234 });
    const account = await plex.authentication.postUsersSignInData({ login: "me", password: "pw" });
    const signedIn = plex.withToken(account.authToken);
    expect(signedIn).toBeInstanceOf(PlexAuth);
    expect(signedIn).not.toBe(plex);
    await signedIn.authentication.getTokenDetails();
    expect(mock.calls[1]?.headers["x-plex-token"]).toBe("new-token-from-sign-in-0001");
    expect(mock.calls[1]?.headers["x-plex-client-identifier"]).toBe(IDENTITY.clientIdentifier);
    expect(mock.calls[1]?.headers["x-plex-product"]).toBe(IDENTITY.product);
  });

  it("leaves the original client as it was", async () => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    const plex = createPlexAuth({ ...IDENTITY, fetch: mock.fetch });
    plex.withToken("another-token-0001");
    const error = await rejection(plex.authentication.getTokenDetails());
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(mock.calls).toHaveLength(0);
  });

  it("works on a PlexAuthCore for the standalone functions, and takes a token function", async () => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    const core = createPlexAuthCore({ ...IDENTITY, token: TOKEN, fetch: mock.fetch }).withToken(
      () => "from-vault-0001",
    );
    expect(core).toBeInstanceOf(PlexAuthCore);
    await getTokenDetails(core);
    expect(mock.calls[0]?.headers["x-plex-token"]).toBe("from-vault-0001");
  });

  it("refuses an empty token or one with a line break, without echoing it", () => {
    const plex = createPlexAuth({ ...IDENTITY });
    expect(() => plex.withToken("")).toThrow(InvalidInputError);
    const error = (() => {
      try {
        plex.withToken("secret-token\nX-Injected: 1");
      } catch (caught) {
        return caught as InvalidInputError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error?.message).not.toContain("secret-token");
  });
});

describe("per-call options passed where the input goes", () => {
  it.each(["signal", "timeoutMs", "retry", "serverUrl", "token"])("%s: says the options go second", async (name) => {
    const mock = mockFetch(json(200, example(ACCOUNT)));
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
    const value = name === "signal" ? new AbortController().signal : name === "retry" ? false : "x";
    const error = (await rejection(
      plex.authentication.getTokenDetails({ [name]: value } as never),
    )) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues[0]?.message).toContain(`getTokenDetails(undefined, { ${name} })`);
    expect(mock.calls).toHaveLength(0);
  });
});

describe("a wrong address is not blamed on Plex", () => {
  it("refuses a server URL copied from the Plex Web app (…/web, …/web/index.html)", () => {
    for (const serverUrl of ["http://192.168.1.10:32400/web", "http://192.168.1.10:32400/web/index.html"]) {
      const error = (() => {
        try {
          createPlexAuth({ ...IDENTITY, serverUrl });
        } catch (caught) {
          return caught as InvalidInputError;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error?.issues[0]?.path).toBe("serverUrl");
      expect(error?.issues[0]?.message).toContain("/web of the Plex Web app");
    }
    // A reverse proxy's path is fine.
    expect(() => createPlexAuth({ ...IDENTITY, serverUrl: "https://example.net/plex" })).not.toThrow();
  });

  it("an HTML page where JSON was due says to check the URL, not to report an API change", async () => {
    const page = text(200, "<!doctype html><html><body>Welcome to nginx!</body></html>", "text/html");
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      serverUrl: "http://nas.local",
      fetch: mockFetch(page).fetch,
    });
    const error = (await rejection(plex.authentication.getTransientToken())) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.message).toContain("check that serverUrl is your Plex Media Server's address");
    expect(error.message).not.toMatch(/report/i);
  });
});

describe("timeouts and connection errors say how many attempts over how long", () => {
  it("a host that never answers: every attempt timed out, and the message says so", async () => {
    const hang = () => new Promise<Response>(() => {});
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      fetch: mockFetch(hang).fetch,
      timeoutMs: 20,
      retry: { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 1 },
    });
    const error = (await rejection(plex.authentication.getTokenDetails())) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(/timed out \(3 attempts over \d+\.\d s; each attempt limited to 20 ms/);
    expect(error.retryable).toBe(true);
  });

  it("a refused connection, retried: the attempts are counted", async () => {
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      fetch: mockFetch(connectionRefused()).fetch,
      retry: { maxRetries: 1, initialDelayMs: 1 },
    });
    const error = (await rejection(plex.authentication.getTokenDetails())) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.attempts).toBe(2);
    expect(error.message).toMatch(/ECONNREFUSED.*; 2 attempts over \d+\.\d s\)/);
  });

  it("one attempt is said as one", async () => {
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      fetch: mockFetch(connectionRefused()).fetch,
      retry: false,
    });
    const error = (await rejection(plex.authentication.getTokenDetails())) as ConnectionError;
    expect(error.message).toContain("; 1 attempt)");
  });
});

describe("every error says whether calling again may help", () => {
  it.each([
    [503, true],
    [429, true],
    [401, false],
    [400, false],
    [404, false],
  ])("HTTP %i: retryable %s", async (status, retryable) => {
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: mockFetch(json(status, {})).fetch, retry: false });
    const error = (await rejection(plex.authentication.getTokenDetails())) as { retryable: unknown };
    expect(error.retryable).toBe(retryable);
  });

  it("bad input is not retryable", async () => {
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN });
    const error = (await rejection(plex.authentication.getSourceConnectionInformation({ source: "x" }))) as {
      retryable: unknown;
    };
    expect(error.retryable).toBe(false);
  });
});

describe("a field of the wrong type is not reported as missing", () => {
  it("password: 1234 says it must be a string, and does not quote it", async () => {
    const plex = createPlexAuth({ ...IDENTITY, fetch: mockFetch(json(201, SIGNED_IN)).fetch });
    const wrong = (await rejection(
      plex.authentication.postUsersSignInData({ login: "me", password: 1234 } as never),
    )) as InvalidInputError;
    expect(wrong.issues).toEqual([{ path: "password", message: "must be a string: the account's password" }]);
    expect(wrong.message).not.toContain("1234");
    const missing = (await rejection(
      plex.authentication.postUsersSignInData({ login: "me" } as never),
    )) as InvalidInputError;
    expect(missing.issues).toEqual([{ path: "password", message: "is required: the account's password" }]);
  });
});

describe("clientIdentifierPath", () => {
  it("one file per product; the default product keeps the original file", () => {
    expect(clientIdentifierPath(undefined)).toEqual(["plex-auth", "client-id"]);
    expect(clientIdentifierPath("plex-auth")).toEqual(["plex-auth", "client-id"]);
    expect(clientIdentifierPath("My App")).toEqual(["plex-auth", "client-ids", "my-app"]);
    expect(clientIdentifierPath("  my app ")).toEqual(["plex-auth", "client-ids", "my-app"]);
  });

  it("names that would collide once made file-safe stay apart, and nothing escapes the directory", () => {
    const a = clientIdentifierPath("Télé")[2];
    const b = clientIdentifierPath("Tälä")[2];
    expect(a).not.toBe(b);
    for (const product of ["../../etc/passwd", "a/b", "..", "C:\\x", "テレビ"]) {
      const name = clientIdentifierPath(product)[2] as string;
      expect(name).toMatch(/^[a-z0-9][a-z0-9._-]*$/);
      expect(name).not.toContain("..");
    }
  });
});
