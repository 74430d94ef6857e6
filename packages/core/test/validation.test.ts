/**
 * Guards "strict on what goes out": every bad client option, input field or per-call option fails with an
 * InvalidInputError that names the field, before any request is sent, and never quotes the bad value.
 */
import { describe, expect, it } from "vitest";
import { createPlexAuth, InvalidInputError, PlexAuthError, type PlexAuthOptions } from "../src/index.ts";
import { IDENTITY, PMS_URL, rejection, TOKEN, viaFunctions, viaMethods } from "./helpers/client.ts";
import { json, mockFetch } from "./helpers/fetch.ts";

function constructionError(options: unknown): InvalidInputError {
  try {
    createPlexAuth(options as PlexAuthOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error as InvalidInputError;
  }
  throw new Error("expected createPlexAuth to throw");
}

function paths(error: InvalidInputError): string[] {
  return error.issues.map((issue) => issue.path);
}

describe("client options, checked at construction", () => {
  it("a missing clientIdentifier fails at once and says how to make one", () => {
    const error = constructionError({ product: "My App" });
    expect(paths(error)).toEqual(["clientIdentifier"]);
    expect(error.message).toContain("clientIdentifier");
    expect(error.message).toMatch(/UUID once per installation/);
    expect(error).toBeInstanceOf(PlexAuthError);
    expect(error.code).toBe("invalid_input");
  });

  it.each([
    ["no options at all", undefined],
    ["an empty clientIdentifier", { clientIdentifier: "" }],
    ["a blank clientIdentifier", { clientIdentifier: "   " }],
    ["a clientIdentifier with a line break (header injection)", { clientIdentifier: "abc\r\nX-Evil: 1" }],
  ])("%s fails on clientIdentifier", (_what, options) => {
    expect(paths(constructionError(options))).toEqual(["clientIdentifier"]);
  });

  it("an unknown option key is named, with the known keys listed", () => {
    const error = constructionError({ clientIdentifier: "id", tokne: TOKEN });
    expect(paths(error)).toEqual(["tokne"]);
    expect(error.message).toMatch(/not a known field: use clientIdentifier, .*token/);
    expect(error.message).not.toContain(TOKEN);
  });

  it.each([
    ["serverUrl", "192.168.1.10:32400"],
    ["serverUrl", "ftp://pms.local:32400"],
    ["serverUrl", "http://user:pass@pms.local:32400"],
    ["serverUrl", "http://pms.local:32400/?X-Plex-Token=abc"],
    ["serverUrl", "http://pms.local:32400/#top"],
    ["serverUrl", "not a url"],
    ["plexTvUrl", "plex.tv/api/v2"],
    ["plexTvUrl", 42],
  ])("a bad %s (%s) is refused", (field, value) => {
    const error = constructionError({ clientIdentifier: "id", [field]: value });
    expect(paths(error)).toEqual([field]);
    expect(error.message).toMatch(/http\(s\) URL|URL string/);
  });

  it.each([
    ["token", "", "token"],
    ["token", "abc\ndef", "token"],
    ["token", 12345, "token"],
    ["timeoutMs", 0, "timeoutMs"],
    ["timeoutMs", 1.5, "timeoutMs"],
    ["timeoutMs", "30000", "timeoutMs"],
    ["retry", 3, "retry"],
    ["retry", { maxRetries: 11 }, "retry.maxRetries"],
    ["maxResponseBytes", 0, "maxResponseBytes"],
    ["fetch", "globalThis.fetch", "fetch"],
    ["logger", { debug: "console.log" }, "logger.debug"],
    ["product", 7, "product"],
  ])("%s = %j is refused at %s", (field, value, path) => {
    expect(paths(constructionError({ clientIdentifier: "id", [field]: value }))).toEqual([path]);
  });

  it("an unknown key inside retry is reported at retry, with the shape it should have", () => {
    const error = constructionError({ clientIdentifier: "id", retry: { maxRetry: 1 } });
    expect(paths(error)).toEqual(["retry"]);
    expect(error.message).toContain("{ maxRetries: 2 }");
  });

  it("reports every bad field at once", () => {
    const error = constructionError({ serverUrl: "nope", timeoutMs: -1 });
    expect(paths(error).sort()).toEqual(["clientIdentifier", "serverUrl", "timeoutMs"]);
  });
});

/** Every way a call can be wrong, and the field its error must name. */
const BAD_CALLS: readonly {
  readonly what: string;
  readonly operation:
    | "getTransientToken"
    | "getSourceConnectionInformation"
    | "getTokenDetails"
    | "postUsersSignInData";
  readonly input?: unknown;
  readonly options?: unknown;
  readonly client?: Partial<PlexAuthOptions>;
  readonly path: string;
}[] = [
  { what: "an empty login", operation: "postUsersSignInData", input: { login: "", password: "pw" }, path: "login" },
  { what: "a missing password", operation: "postUsersSignInData", input: { login: "me" }, path: "password" },
  {
    what: "a number as verificationCode",
    operation: "postUsersSignInData",
    input: { login: "me", password: "pw", verificationCode: 12345 },
    path: "verificationCode",
  },
  {
    what: "a blank verificationCode",
    operation: "postUsersSignInData",
    input: { login: "me", password: "pw", verificationCode: "  " },
    path: "verificationCode",
  },
  {
    what: "a string rememberMe",
    operation: "postUsersSignInData",
    input: { login: "me", password: "pw", rememberMe: "yes" },
    path: "rememberMe",
  },
  {
    what: "an unknown input field",
    operation: "postUsersSignInData",
    input: { login: "me", password: "pw", code: "123456" },
    path: "code",
  },
  { what: "a type other than delegation", operation: "getTransientToken", input: { type: "shared" }, path: "type" },
  { what: "a scope other than all", operation: "getTransientToken", input: { scope: "some" }, path: "scope" },
  { what: "a missing source", operation: "getSourceConnectionInformation", input: {}, path: "source" },
  {
    what: "a source without a scheme",
    operation: "getSourceConnectionInformation",
    input: { source: "0123456789abcdef" },
    path: "source",
  },
  {
    what: "a source with an unknown scheme",
    operation: "getSourceConnectionInformation",
    input: { source: "http://0123456789abcdef" },
    path: "source",
  },
  {
    what: "a source with a path or query",
    operation: "getSourceConnectionInformation",
    input: { source: "server://abc/../x?y=1" },
    path: "source",
  },
  {
    what: "a numeric refresh",
    operation: "getSourceConnectionInformation",
    input: { source: "server://abc", refresh: 1 },
    path: "refresh",
  },
  { what: "input to an operation that takes none", operation: "getTokenDetails", input: { id: 1 }, path: "id" },
  { what: "a missing token", operation: "getTokenDetails", client: { token: undefined }, path: "token" },
  { what: "a missing token (PMS)", operation: "getTransientToken", client: { token: undefined }, path: "token" },
  {
    what: "a missing serverUrl for a PMS operation",
    operation: "getSourceConnectionInformation",
    input: { source: "server://abc" },
    client: { serverUrl: undefined },
    path: "serverUrl",
  },
  {
    what: "a missing serverUrl (transient)",
    operation: "getTransientToken",
    client: { serverUrl: undefined },
    path: "serverUrl",
  },
  { what: "a zero per-call timeoutMs", operation: "getTokenDetails", options: { timeoutMs: 0 }, path: "timeoutMs" },
  { what: "a string per-call timeoutMs", operation: "getTokenDetails", options: { timeoutMs: "5" }, path: "timeoutMs" },
  { what: "a per-call signal that is not one", operation: "getTokenDetails", options: { signal: {} }, path: "signal" },
  {
    what: "a bad per-call retry",
    operation: "getTokenDetails",
    options: { retry: { maxRetries: -1 } },
    path: "retry.maxRetries",
  },
  {
    what: "a bad per-call serverUrl",
    operation: "getTransientToken",
    options: { serverUrl: "pms:32400" },
    path: "serverUrl",
  },
  { what: "an empty per-call token", operation: "getTokenDetails", options: { token: "" }, path: "token" },
  { what: "an unknown per-call option", operation: "getTokenDetails", options: { timeout: 5 }, path: "timeout" },
  { what: "per-call options that are not an object", operation: "getTokenDetails", options: 5, path: "" },
];

describe.each([
  { via: "client method", make: viaMethods },
  { via: "standalone function", make: viaFunctions },
])("call validation via $via: InvalidInputError naming the field, and nothing sent", ({ make }) => {
  it.each(BAD_CALLS)("$what", async ({ operation, input, options, client, path }) => {
    const mock = mockFetch(json(200, {}));
    const caller = make({ ...IDENTITY, token: TOKEN, serverUrl: PMS_URL, fetch: mock.fetch, ...client });

    const error = await rejection(caller[operation](input, options as never));

    expect(error).toBeInstanceOf(InvalidInputError);
    const invalid = error as InvalidInputError;
    expect(invalid.issues.map((issue) => issue.path)).toContain(path);
    expect(invalid.operation).toBe(operation);
    expect(invalid.message).toContain("Nothing was sent");
    expect(mock.calls).toHaveLength(0);
  });
});

describe("validation messages never quote the rejected value", () => {
  it("a numeric verification code is not echoed, and the message says to pass a string", async () => {
    const mock = mockFetch(json(201, {}));
    const caller = viaMethods({ ...IDENTITY, fetch: mock.fetch });

    const error = (await rejection(
      caller.postUsersSignInData({ login: "me", password: "pw", verificationCode: 918273 }),
    )) as InvalidInputError;

    expect(error.message).toContain("verificationCode");
    expect(error.message).toMatch(/must be a string.*leading zeros/);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain("918273");
    expect(mock.calls).toHaveLength(0);
  });

  it("a password of the wrong type is named, not printed", async () => {
    const mock = mockFetch(json(201, {}));
    const caller = viaMethods({ ...IDENTITY, fetch: mock.fetch });

    const error = (await rejection(
      caller.postUsersSignInData({ login: "me", password: 73_914_682_550 }),
    )) as InvalidInputError;

    expect(error.issues).toEqual([{ path: "password", message: expect.any(String) }]);
    expect(`${error.message} ${JSON.stringify(error)}`).not.toContain("73914682550");
  });

  it("a token function returning a bad value fails with InvalidInputError and nothing is sent", async () => {
    const mock = mockFetch(json(200, {}));
    const caller = viaMethods({ ...IDENTITY, token: () => "line\nbreak-token-value", fetch: mock.fetch });

    const error = (await rejection(caller.getTokenDetails())) as InvalidInputError;

    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.message).toContain("token for getTokenDetails");
    expect(error.message).not.toContain("break-token-value");
    expect(mock.calls).toHaveLength(0);
  });

  it("an already-aborted signal sends nothing", async () => {
    const mock = mockFetch(json(200, {}));
    const caller = viaMethods({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });

    const error = await rejection(caller.getTokenDetails(undefined, { signal: AbortSignal.abort() }));

    expect((error as PlexAuthError).code).toBe("aborted");
    expect(mock.calls).toHaveLength(0);
  });
});

describe("calling without a client", () => {
  it("a standalone function given something that is not a client fails clearly", async () => {
    const { getTokenDetails } = await import("../src/index.ts");
    // A rejected promise, not a synchronous throw: `.catch()` on the call must see it.
    const pending = getTokenDetails({} as never);
    expect(pending).toBeInstanceOf(Promise);
    const error = (await rejection(pending)) as InvalidInputError;
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.issues[0]?.path).toBe("client");
    expect(error.message).toMatch(/createPlexAuth or createPlexAuthCore/);
  });

  it("without a global fetch, the call fails with InvalidInputError saying to pass one", async () => {
    const saved = globalThis.fetch;
    try {
      // @ts-expect-error: simulating a runtime without a global fetch
      globalThis.fetch = undefined;
      const caller = viaMethods({ ...IDENTITY, token: TOKEN });
      const error = (await rejection(caller.getTokenDetails())) as InvalidInputError;
      expect(error.issues[0]?.path).toBe("fetch");
      expect(error.message).toContain("pass { fetch }");
    } finally {
      globalThis.fetch = saved;
    }
  });
});
