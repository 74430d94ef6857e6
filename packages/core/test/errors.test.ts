/**
 * Guards the error hierarchy: every class from a realistic Plex body (plex.tv JSON and XML, PMS HTML pages),
 * the status/code mapping (2FA, wrong code, throttling, revoked tokens, rate limits), the parsed `errors[]`,
 * and messages that say what to do.
 */
import { describe, expect, it } from "vitest";
import {
  ApiError,
  BadRequestError,
  ConnectionError,
  createPlexAuth,
  errorFromResponse,
  HomeUserPinRequiredError,
  InvalidInputError,
  InvalidTokenError,
  InvalidVerificationCodeError,
  MissingClientIdentifierError,
  NotFoundError,
  operations,
  PinExpiredError,
  type PlexAuthError,
  PlexAuthError as PlexAuthErrorClass,
  PopupBlockedError,
  parseErrorBody,
  RateLimitError,
  RequestAbortedError,
  ResponseTooLargeError,
  ResponseValidationError,
  ServerError,
  SignInThrottledError,
  TimeoutError,
  TokenSourceError,
  TwoFactorRequiredError,
  UnauthorizedError,
} from "../src/index.ts";
import { IDENTITY, rejection, TOKEN } from "./helpers/client.ts";
import { json, mockFetch, text } from "./helpers/fetch.ts";
import { example } from "./helpers/fixtures.ts";
import { closedPortUrl, sendText, useServers } from "./helpers/server.ts";

const server = useServers();

type Operation =
  | "getTransientToken"
  | "getSourceConnectionInformation"
  | "getTokenDetails"
  | "postUsersSignInData"
  | "getOAuthPin"
  | "switchHomeUser";

const INPUTS: Record<Operation, unknown> = {
  getTransientToken: undefined,
  getSourceConnectionInformation: { source: "server://abc" },
  getTokenDetails: undefined,
  postUsersSignInData: { login: "me@example.com", password: "pw-123456" },
  getOAuthPin: { pinId: 7 },
  switchHomeUser: { uuid: "b2c3d4e5f6a7b8c9" },
};

/** Calls `operation` once (no retries) against a fetch answering `response`; returns what it threw. */
async function errorOf(operation: Operation, response: Response): Promise<PlexAuthError> {
  const mock = mockFetch(response);
  const plex = createPlexAuth({
    ...IDENTITY,
    token: TOKEN,
    serverUrl: "http://pms.test:32400",
    retry: false,
    fetch: mock.fetch,
  });
  const run = plex.authentication[operation] as (input: unknown) => Promise<unknown>;
  const error = await rejection(run(INPUTS[operation]));
  expect(error).toBeInstanceOf(PlexAuthErrorClass);
  expect(mock.calls).toHaveLength(1);
  return error as PlexAuthError;
}

const xmlErrors = (code: number, message: string, status: number) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<errors>\n  <error code="${code}" message="${message}" status="${status}"/>\n</errors>`;

const PMS_401_PAGE = "<html><head><title>Unauthorized</title></head><body><h1>401 Unauthorized</h1></body></html>";
const PMS_403_PAGE = "<html><head><title>Forbidden</title></head><body><h1>403 Forbidden</h1></body></html>";

describe("HTTP errors from plex.tv JSON bodies", () => {
  it("400 / 1000: MissingClientIdentifierError, a BadRequestError, says to set clientIdentifier", async () => {
    const error = await errorOf("postUsersSignInData", json(400, example("error.400.json")));
    expect(error).toBeInstanceOf(MissingClientIdentifierError);
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toBeInstanceOf(ApiError);
    const api = error as ApiError;
    expect(api.status).toBe(400);
    expect(api.plexCode).toBe(1000);
    expect(api.errors).toEqual([{ code: 1000, message: "X-Plex-Client-Identifier is missing", status: 400 }]);
    expect(api.operation).toBe("postUsersSignInData");
    expect(api.code).toBe("missing_client_identifier");
    expect(api.message).toContain("set clientIdentifier");
  });

  it("400 without a code: BadRequestError, not MissingClientIdentifierError", async () => {
    const error = await errorOf("postUsersSignInData", json(400, { errors: [{ code: 1002, message: "Bad" }] }));
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).not.toBeInstanceOf(MissingClientIdentifierError);
    expect(error.code).toBe("bad_request");
  });

  it("401 / 1001 on sign-in: UnauthorizedError (bad credentials), not InvalidTokenError", async () => {
    const error = await errorOf("postUsersSignInData", json(401, example("error.401.json")));
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).not.toBeInstanceOf(InvalidTokenError);
    expect(error.code).toBe("unauthorized");
    expect(error.message).toContain("check the login and password");
    expect(error.message).toContain('Plex code 1001: "User could not be authenticated"');
  });

  it.each(["getTokenDetails", "getTransientToken", "getSourceConnectionInformation"] as const)(
    "401 / 1001 on %s: InvalidTokenError (a rejected token), says to sign in again",
    async (operation) => {
      const error = await errorOf(operation, json(401, example("error.401.json")));
      expect(error).toBeInstanceOf(InvalidTokenError);
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error.code).toBe("invalid_token");
      expect(error.message).toContain("sign in again");
    },
  );

  it("401 / 1029: TwoFactorRequiredError, says to call again with verificationCode", async () => {
    const error = await errorOf("postUsersSignInData", json(401, example("error.401.2fa-required.json")));
    expect(error).toBeInstanceOf(TwoFactorRequiredError);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).not.toBeInstanceOf(InvalidVerificationCodeError);
    expect(error.code).toBe("two_factor_required");
    expect(error.message).toContain("two-factor code required: call again with verificationCode");
  });

  it("401 / 1028: InvalidVerificationCodeError, says to ask for a new code", async () => {
    const body = { errors: [{ code: 1028, message: "Invalid verification code", status: 401 }] };
    const error = await errorOf("postUsersSignInData", json(401, body));
    expect(error).toBeInstanceOf(InvalidVerificationCodeError);
    expect(error).not.toBeInstanceOf(TwoFactorRequiredError);
    expect(error.code).toBe("invalid_verification_code");
    expect(error.message).toContain("ask for a new code");
  });

  it("401 / 1031: SignInThrottledError, says to stop and wait", async () => {
    const error = await errorOf("postUsersSignInData", json(401, example("error.401.ip-throttled.json")));
    expect(error).toBeInstanceOf(SignInThrottledError);
    expect(error.code).toBe("sign_in_throttled");
    expect(error.message).toMatch(/stop, and wait/);
  });

  it("422 on a token operation: InvalidTokenError (revoked token)", async () => {
    const body = { errors: [{ code: 1002, message: "Invalid token", status: 422 }] };
    const error = await errorOf("getTokenDetails", json(422, body));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as ApiError).status).toBe(422);
    expect(error.message).toContain("invalid or revoked");
  });

  it("429 / 1003 with Retry-After: RateLimitError with retryAfterMs, message says how long", async () => {
    const body = { errors: [{ code: 1003, message: "API rate limit exceeded", status: 429 }] };
    // 120 s is over the default 60 s cap, so even the GET is not retried.
    const error = await errorOf("getTokenDetails", json(429, body, { "Retry-After": "120" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(120_000);
    expect(error.code).toBe("rate_limited");
    expect(error.message).toContain("retry after 120 s");
  });

  it("429 without Retry-After: RateLimitError with retryAfterMs undefined", async () => {
    const body = { errors: [{ code: 1003, message: "API rate limit exceeded", status: 429 }] };
    const error = await errorOf("postUsersSignInData", json(429, body));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBeUndefined();
    expect(error.message).toContain("wait before calling again");
  });

  it("429 with retry-after-ms: retryAfterMs in milliseconds", async () => {
    const error = await errorOf("postUsersSignInData", json(429, {}, { "retry-after-ms": "750" }));
    expect((error as RateLimitError).retryAfterMs).toBe(750);
    expect(error.message).toContain("retry after 750 ms");
  });

  it("Plex code 1003 on another status is still a RateLimitError", async () => {
    const error = await errorOf("postUsersSignInData", json(400, { errors: [{ code: 1003 }] }));
    expect(error).toBeInstanceOf(RateLimitError);
  });

  it.each([500, 502, 503, 504])("%i: ServerError, says to try again later", async (status) => {
    const error = await errorOf("getTokenDetails", json(status, { errors: [{ message: "Oops" }] }));
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(status);
    expect(error.code).toBe("server_error");
    expect(error.message).toContain("try again later");
  });

  it("an unmapped status (418) is a plain ApiError carrying the status, and blames the address", async () => {
    const error = await errorOf("getTokenDetails", json(418, { errors: [{ message: "I'm a teapot" }] }));
    expect(error.constructor).toBe(ApiError);
    expect((error as ApiError).status).toBe(418);
    expect(error.message).toContain("check that plexTvUrl is the plex.tv API");
    expect(error.retryable).toBe(false);
  });

  it("a 404 is a NotFoundError that tells the user to check the URL, not to report a Plex change", async () => {
    const onPlexTv = await errorOf("getTokenDetails", text(404, "<html><body>Not Found</body></html>", "text/html"));
    expect(onPlexTv).toBeInstanceOf(NotFoundError);
    expect(onPlexTv.code).toBe("not_found");
    expect(onPlexTv.message).toContain("check that plexTvUrl is the plex.tv API");
    const onServer = await errorOf("getTransientToken", text(404, "<html><body>404</body></html>", "text/html"));
    expect(onServer.message).toContain("check that serverUrl is your Plex Media Server's address");
    expect(onServer.message).not.toMatch(/report/i);
  });

  it("a 404 with Plex code 1020 from getOAuthPin is a PinExpiredError", async () => {
    const error = await errorOf(
      "getOAuthPin",
      json(404, { errors: [{ code: 1020, message: "Code not found or expired" }] }),
    );
    expect(error).toBeInstanceOf(PinExpiredError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.message).toContain("create a new PIN");
  });

  it("a 403 with Plex code 1041 from switchHomeUser is a HomeUserPinRequiredError", async () => {
    const body = { errors: [{ code: 1041, message: "A valid PIN is required to perform this action", status: 403 }] };
    const error = await errorOf("switchHomeUser", json(403, body));
    expect(error).toBeInstanceOf(HomeUserPinRequiredError);
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error.message).toContain("4-digit PIN");
  });

  // Each of these codes belongs to one operation; elsewhere the status decides, with its own advice.
  it("an operation's own codes mean nothing from another operation", async () => {
    const expiredPin = await errorOf("getTokenDetails", json(404, { errors: [{ code: 1020, message: "Gone" }] }));
    expect(expiredPin).toBeInstanceOf(NotFoundError);
    expect(expiredPin).not.toBeInstanceOf(PinExpiredError);
    const homePin = await errorOf("getTokenDetails", json(403, { errors: [{ code: 1041, message: "PIN?" }] }));
    expect(homePin).not.toBeInstanceOf(HomeUserPinRequiredError);
    const twoFactor = await errorOf("getTokenDetails", json(401, { errors: [{ code: 1029, message: "Code?" }] }));
    expect(twoFactor).toBeInstanceOf(InvalidTokenError);
    expect(twoFactor).not.toBeInstanceOf(TwoFactorRequiredError);
  });

  it("older bodies without status still parse", async () => {
    const error = await errorOf("postUsersSignInData", json(401, { errors: [{ code: 1029, message: "Code?" }] }));
    expect(error).toBeInstanceOf(TwoFactorRequiredError);
    expect((error as ApiError).errors).toEqual([{ code: 1029, message: "Code?", status: undefined }]);
  });

  it('the { "error": "…" } shape of some endpoints is kept as a detail', async () => {
    const error = (await errorOf("getTokenDetails", json(400, { error: "Something odd" }))) as ApiError;
    expect(error.errors).toEqual([{ code: undefined, message: "Something odd", status: undefined }]);
  });
});

describe("HTTP errors from plex.tv XML bodies (no Accept honoured)", () => {
  it.each([
    [1029, TwoFactorRequiredError],
    [1028, InvalidVerificationCodeError],
    [1031, SignInThrottledError],
    [1001, UnauthorizedError],
  ] as const)("401 / %i as XML maps like JSON", async (code, ErrorClass) => {
    const error = await errorOf("postUsersSignInData", text(401, xmlErrors(code, "A message", 401), "text/xml"));
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as ApiError).errors).toEqual([{ code, message: "A message", status: 401 }]);
  });

  it("400 / 1000 as XML: MissingClientIdentifierError", async () => {
    const body = xmlErrors(1000, "X-Plex-Client-Identifier is missing", 400);
    const error = await errorOf("postUsersSignInData", text(400, body, "application/xml"));
    expect(error).toBeInstanceOf(MissingClientIdentifierError);
  });

  it("decodes entities, keeps several errors, and reads <error>text</error>", () => {
    const body =
      '<errors><error code="1001" message="Can&apos;t &quot;sign&quot; in &amp; out"/><error>Older style</error></errors>';
    expect(parseErrorBody(body).errors).toEqual([
      { code: 1001, message: `Can't "sign" in & out`, status: undefined },
      { code: undefined, message: "Older style", status: undefined },
    ]);
  });
});

describe("PMS HTML error pages become a short excerpt", () => {
  it("401 page on getTransientToken: InvalidTokenError with the page's text", async () => {
    const error = (await errorOf("getTransientToken", text(401, PMS_401_PAGE, "text/html"))) as ApiError;
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error.errors).toEqual([]);
    expect(error.excerpt).toBe("Unauthorized 401 Unauthorized");
    expect(error.message).toContain('("Unauthorized 401 Unauthorized")');
  });

  it("403 page on getSourceConnectionInformation: UnauthorizedError saying an admin token is needed", async () => {
    const error = (await errorOf("getSourceConnectionInformation", text(403, PMS_403_PAGE, "text/html"))) as ApiError;
    expect(error).toBeInstanceOf(UnauthorizedError);
    expect(error).not.toBeInstanceOf(InvalidTokenError);
    expect(error.excerpt).toBe("Forbidden 403 Forbidden");
    expect(error.message).toContain("admin token");
  });

  it("400 text/html on a wrong query: BadRequestError with excerpt", async () => {
    const page = "<html><head><title>Bad Request</title></head><body><h1>400 Bad Request</h1></body></html>";
    const error = (await errorOf("getTransientToken", text(400, page, "text/html"))) as ApiError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.excerpt).toBe("Bad Request 400 Bad Request");
  });

  it("the excerpt drops scripts and styles and is cut to a short length", () => {
    const page = `<html><head><style>body{color:red}</style><script>var x = 1;</script></head><body>${"word ".repeat(200)}</body></html>`;
    const { excerpt } = parseErrorBody(page);
    expect(excerpt).not.toContain("color");
    expect(excerpt).not.toContain("var x");
    expect(excerpt?.length).toBeLessThanOrEqual(201);
    expect(excerpt?.endsWith("…")).toBe(true);
  });

  it("the same page over a real socket gives the same error", async () => {
    const pms = await server((_request, response) => sendText(response, 401, PMS_401_PAGE, "text/html"));
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url });
    const error = await rejection(plex.authentication.getTransientToken());
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as ApiError).excerpt).toBe("Unauthorized 401 Unauthorized");
    // A 401 is not transient: one request only.
    expect(pms.requests).toHaveLength(1);
  });
});

describe("errorFromResponse, the static factory", () => {
  it("builds the same classes from { status, body, headers, operation }", () => {
    const twoFactor = errorFromResponse({
      status: 401,
      body: JSON.stringify(example("error.401.2fa-required.json")),
      headers: new Headers(),
      operation: operations.postUsersSignInData,
    });
    expect(twoFactor).toBeInstanceOf(TwoFactorRequiredError);
    expect(twoFactor.operation).toBe("postUsersSignInData");

    const limited = errorFromResponse({
      status: 429,
      body: "",
      headers: new Headers({ "Retry-After": "3" }),
      operation: { name: "getTokenDetails", requiresToken: true },
    });
    expect(limited).toBeInstanceOf(RateLimitError);
    expect(limited.retryAfterMs).toBe(3000);
  });

  it("an empty body gives no details and no excerpt", () => {
    const error = errorFromResponse({
      status: 502,
      body: "   ",
      operation: { name: "getTokenDetails", requiresToken: true },
    });
    expect(error).toBeInstanceOf(ServerError);
    expect(error.errors).toEqual([]);
    expect(error.excerpt).toBeUndefined();
    expect(error.message).toBe("getTokenDetails failed with HTTP 502: Plex had a server error: try again later.");
  });
});

describe("errors that never got an HTTP answer", () => {
  it("ConnectionError on a refused connection (a closed local port), marked neverReached", async () => {
    const url = await closedPortUrl();
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: url, retry: false });

    const error = await rejection(plex.authentication.getTransientToken());

    expect(error).toBeInstanceOf(ConnectionError);
    const connection = error as ConnectionError;
    expect(connection.networkCode).toBe("ECONNREFUSED");
    expect(connection.neverReached).toBe(true);
    expect(connection.code).toBe("connection_error");
    expect(connection.message).toContain(url);
    expect(connection.message).toContain("Check the URL and that the server is up");
    expect((connection.cause as Error).message).toContain("ECONNREFUSED");
  });

  it("TimeoutError carries timeoutMs and says to raise it", async () => {
    const pms = await server(() => {
      // Never answers.
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url, retry: false, timeoutMs: 150 });
    const error = await rejection(plex.authentication.getTransientToken());
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(150);
    expect((error as TimeoutError).message).toContain("raise timeoutMs");
  });

  it("RequestAbortedError when the caller aborts", async () => {
    const controller = new AbortController();
    const mock = mockFetch(() => {
      controller.abort();
      return new Promise<Response>(() => {});
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
    const error = await rejection(plex.authentication.getTokenDetails(undefined, { signal: controller.signal }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as RequestAbortedError).operation).toBe("getTokenDetails");
  });

  it("ResponseTooLargeError carries the limit and says how to raise it", async () => {
    const mock = mockFetch(json(200, example("get_token_details.200.json")));
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, maxResponseBytes: 100, fetch: mock.fetch });
    const error = await rejection(plex.authentication.getTokenDetails());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(100);
    expect((error as ResponseTooLargeError).message).toContain("raise maxResponseBytes");
  });
});

describe("the hierarchy", () => {
  it("every class is a PlexAuthError and an Error, with its own name and stable code", () => {
    const made: [PlexAuthError, string, string][] = [
      [new ApiError({ status: 418, message: "m" }), "ApiError", "http_error"],
      [new BadRequestError({ status: 400, message: "m" }), "BadRequestError", "bad_request"],
      [new ServerError({ status: 500, message: "m" }), "ServerError", "server_error"],
      [new NotFoundError({ status: 404, message: "m" }), "NotFoundError", "not_found"],
      [new PinExpiredError({ status: 404, message: "m" }), "PinExpiredError", "pin_expired"],
      [
        new HomeUserPinRequiredError({ status: 403, message: "m" }),
        "HomeUserPinRequiredError",
        "home_user_pin_required",
      ],
      [
        new InvalidInputError({ where: "x", issues: [{ path: "a", message: "b" }] }),
        "InvalidInputError",
        "invalid_input",
      ],
      [new ResponseValidationError({ status: 200, issues: [] }), "ResponseValidationError", "invalid_response"],
      [new ResponseTooLargeError({ limitBytes: 1 }), "ResponseTooLargeError", "response_too_large"],
      [new ConnectionError({ origin: "http://x", detail: "d" }), "ConnectionError", "connection_error"],
      [new TimeoutError({ timeoutMs: 1 }), "TimeoutError", "timeout"],
      [new RequestAbortedError(), "RequestAbortedError", "aborted"],
      [new PopupBlockedError(), "PopupBlockedError", "popup_blocked"],
      [
        new TokenSourceError({ operation: "ping", thrown: new TypeError("x") }),
        "TokenSourceError",
        "token_source_failed",
      ],
      [new PlexAuthErrorClass({ message: "m" }), "PlexAuthError", "plex_auth_error"],
    ];
    for (const [error, name, code] of made) {
      expect(error).toBeInstanceOf(Error);
      expect(error).toBeInstanceOf(PlexAuthErrorClass);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    }
  });

  it("is() works like instanceof, and unrelated errors are not claimed", () => {
    const twoFactor = new TwoFactorRequiredError({ status: 401, message: "m" });
    expect(TwoFactorRequiredError.is(twoFactor)).toBe(true);
    expect(UnauthorizedError.is(twoFactor)).toBe(true);
    expect(ApiError.is(twoFactor)).toBe(true);
    expect(InvalidTokenError.is(twoFactor)).toBe(false);
    expect(PlexAuthErrorClass.is(new Error("plain"))).toBe(false);
    expect(new Error("plain")).not.toBeInstanceOf(PlexAuthErrorClass);
    expect(PlexAuthErrorClass.is(null)).toBe(false);
    expect(PlexAuthErrorClass.is({ name: "TwoFactorRequiredError" })).toBe(false);
  });

  it("JSON.stringify gives the safe fields", () => {
    const error = errorFromResponse({
      status: 429,
      body: JSON.stringify({ errors: [{ code: 1003, message: "Slow down" }] }),
      headers: new Headers({ "Retry-After": "5" }),
      operation: { name: "postUsersSignInData", requiresToken: false },
    });
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "RateLimitError",
      code: "rate_limited",
      message: error.message,
      operation: "postUsersSignInData",
      status: 429,
      plexCode: 1003,
      errors: [{ code: 1003, message: "Slow down" }],
      retryAfterMs: 5000,
      retryable: true,
    });
  });
});
