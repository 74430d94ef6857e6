/**
 * The sentinel test: plant a token, a password, a verification code and an authToken the server echoes
 * back, drive every error path, and check that none of them appears in an error's message, stack, cause
 * chain, JSON or `util.inspect`, in anything handed to the logger, or in `util.inspect(client)`.
 */
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  createPlexAuth,
  type FetchLike,
  PlexAuthError,
  type PlexAuthLogger,
  type PlexAuthOptions,
  redactText,
} from "../src/index.ts";
import { IDENTITY } from "./helpers/client.ts";
import { exposedText, leaked } from "./helpers/exposure.ts";
import { json, mockFetch, text } from "./helpers/fetch.ts";
import { example, SIGN_IN } from "./helpers/fixtures.ts";
import { closedPortUrl, sendText, useServers } from "./helpers/server.ts";

const TOKEN = "SENTINEL-TOKEN-a8f3c2d1e5";
const PASSWORD = "SENTINEL-PASSWORD-77b1x";
const CODE = "0918273645";
const ECHOED_AUTH_TOKEN = "SENTINEL-AUTHTOKEN-e41d9";
const ECHOED_ACCESS_TOKEN = "SENTINEL-ACCESSTOKEN-c0ffee";
const SENTINELS = [TOKEN, PASSWORD, CODE, ECHOED_AUTH_TOKEN, ECHOED_ACCESS_TOKEN];

const server = useServers();

/** Everything the logger hook ever received, across the whole file. */
const logged: unknown[] = [];
const logger: PlexAuthLogger = {
  debug: (message, details) => logged.push(message, details),
  warn: (message, details) => logged.push(message, details),
};

/**
 * Server text echoing secrets. Bare values can only be recognised when this call sent them (a token, a
 * password, a code); a value plex.tv made up (an authToken) is recognisable by its key, in every form
 * a body can carry it: JSON, an XML/HTML attribute, a query or form string, `key: value` text.
 */
function echoText(sentValues: readonly string[]): string {
  return (
    `you sent ${sentValues.join(" and ")} ` +
    `authToken=${ECHOED_AUTH_TOKEN} accessToken: ${ECHOED_ACCESS_TOKEN} X-Plex-Token: ${TOKEN} ` +
    `password=${PASSWORD} verificationCode: ${CODE}`
  );
}

const ECHO_BODIES: Record<string, (sent: string) => { body: string; type: string }> = {
  json: (sent) => ({
    type: "application/json",
    body: JSON.stringify({
      errors: [{ code: 1001, message: sent, status: 401 }],
      user: { authToken: ECHOED_AUTH_TOKEN, password: PASSWORD },
      request: { headers: { "X-Plex-Token": TOKEN }, form: `login=me&password=${PASSWORD}&verificationCode=${CODE}` },
    }),
  }),
  "json without errors[]": (sent) => ({
    type: "application/json",
    body: JSON.stringify({ user: { authToken: ECHOED_AUTH_TOKEN, accessToken: ECHOED_ACCESS_TOKEN }, echo: sent }),
  }),
  xml: (sent) => ({
    type: "text/xml",
    body:
      `<errors><error code="1001" status="401" authToken="${ECHOED_AUTH_TOKEN}" ` +
      `message="${sent} authToken=&quot;${ECHOED_AUTH_TOKEN}&quot;"/></errors>`,
  }),
  html: (sent) => ({
    type: "text/html",
    body:
      `<html><head><title>Unauthorized</title><meta name="t" content="${TOKEN}"></head><body>` +
      `<h1>401 Unauthorized</h1><p>${sent}</p><a href="/login?X-Plex-Token=${TOKEN}">again</a>` +
      `<pre>{"authToken":"${ECHOED_AUTH_TOKEN}","accessToken":"${ECHOED_ACCESS_TOKEN}"}</pre>` +
      `<p>authToken: ${ECHOED_AUTH_TOKEN}</p><p>?password=${PASSWORD}&amp;verificationCode=${CODE}</p></body></html>`,
  }),
  "plain text": (sent) => ({ type: "text/plain", body: `${sent}\nauthToken='${ECHOED_AUTH_TOKEN}'` }),
};

/** Response headers that echo secrets; none may reach an error. */
const ECHO_HEADERS = {
  "X-Plex-Token": TOKEN,
  "Set-Cookie": `session=${ECHOED_AUTH_TOKEN}`,
  "X-Debug": `password=${PASSWORD}; code=${CODE}`,
};

const STATUSES = [400, 401, 403, 422, 429, 500, 503];

type Operation = "getTransientToken" | "getSourceConnectionInformation" | "getTokenDetails" | "postUsersSignInData";
const OPERATIONS: readonly Operation[] = [
  "getTransientToken",
  "getSourceConnectionInformation",
  "getTokenDetails",
  "postUsersSignInData",
];
/** What each operation sends that is secret: the only bare values it can recognise in an echo. */
const SENT: Record<Operation, readonly string[]> = {
  getTransientToken: [TOKEN],
  getSourceConnectionInformation: [TOKEN],
  getTokenDetails: [TOKEN],
  postUsersSignInData: [PASSWORD, CODE],
};
const INPUTS: Record<Operation, unknown> = {
  getTransientToken: undefined,
  getSourceConnectionInformation: { source: "server://abc" },
  getTokenDetails: undefined,
  postUsersSignInData: { login: "me@example.com", password: PASSWORD, verificationCode: CODE },
};

function plexWith(options: Partial<PlexAuthOptions>) {
  return createPlexAuth({
    ...IDENTITY,
    token: TOKEN,
    serverUrl: "http://pms.test:32400",
    retry: { initialDelayMs: 1, maxDelayMs: 1 },
    logger,
    ...options,
  });
}

async function failureOf(
  plex: ReturnType<typeof plexWith>,
  operation: Operation,
  input = INPUTS[operation],
  options?: object,
) {
  const run = plex.authentication[operation] as (input: unknown, options?: object) => Promise<unknown>;
  try {
    await run(input, options);
  } catch (error) {
    return error;
  }
  throw new Error(`${operation} was expected to fail`);
}

function expectNoSentinel(error: unknown) {
  expect(error).toBeInstanceOf(PlexAuthError);
  expect(leaked(exposedText(error), SENTINELS)).toEqual([]);
}

it("the exposure check itself finds a planted sentinel (so the checks below can fail)", () => {
  const carrier = new Error("outer", { cause: new Error(`inner ${TOKEN}`) });
  expect(leaked(exposedText(carrier), SENTINELS)).toEqual([TOKEN]);
  expect(leaked(exposedText({ hidden: { deeper: { deepest: PASSWORD } } }), SENTINELS)).toEqual([PASSWORD]);
});

describe("HTTP error bodies echoing every secret", () => {
  for (const [shape, makeBody] of Object.entries(ECHO_BODIES)) {
    describe(`${shape} bodies`, () => {
      it.each(OPERATIONS.flatMap((operation) => STATUSES.map((status) => [operation, status] as const)))(
        "%s answered %i",
        async (operation, status) => {
          const { body, type } = makeBody(echoText(SENT[operation]));
          const mock = mockFetch(text(status, body, type, ECHO_HEADERS));
          const error = await failureOf(plexWith({ fetch: mock.fetch }), operation);
          expectNoSentinel(error);
        },
      );
    });
  }

  it("the message still says what Plex said, minus the secrets", async () => {
    const { body } = (ECHO_BODIES.json as (sent: string) => { body: string })(echoText(SENT.postUsersSignInData));
    const mock = mockFetch(text(401, body, "application/json"));
    const error = (await failureOf(plexWith({ fetch: mock.fetch }), "postUsersSignInData")) as Error;
    expect(error.message).toContain("[redacted]");
    expect(error.message).toContain("Plex code 1001");
  });

  it("over a real socket, with the token sent as a header and echoed in an HTML page", async () => {
    const pms = await server((request, response) =>
      sendText(
        response,
        401,
        `<html><body>Bad token ${String(request.headers["x-plex-token"])} for ${request.url}</body></html>`,
        "text/html",
        { "x-plex-token": String(request.headers["x-plex-token"]) },
      ),
    );
    const error = await failureOf(plexWith({ serverUrl: pms.url }), "getTransientToken");
    expect(pms.requests[0]?.headers["x-plex-token"]).toBe(TOKEN);
    expectNoSentinel(error);
  });
});

describe("every other error path", () => {
  it("a redirect to another origin whose Location carries the token", async () => {
    const location = `https://user:${PASSWORD}@evil.example/?X-Plex-Token=${TOKEN}&authToken=${ECHOED_AUTH_TOKEN}`;
    const mock = mockFetch(new Response(null, { status: 302, headers: { location } }));
    for (const operation of OPERATIONS) expectNoSentinel(await failureOf(plexWith({ fetch: mock.fetch }), operation));
  });

  it("a connection error whose cause carries the request, headers and all", async () => {
    const failing: FetchLike = async (url, init) => {
      const cause = Object.assign(
        new Error(
          `connect ECONNREFUSED ${url}?X-Plex-Token=${TOKEN} body=${String(init.body)} authToken=${ECHOED_AUTH_TOKEN}`,
        ),
        { code: "ECONNREFUSED", request: { url, init }, headers: init.headers },
      );
      throw Object.assign(new TypeError(`fetch failed for token ${TOKEN}`, { cause }), { init });
    };
    for (const operation of OPERATIONS) {
      const error = await failureOf(plexWith({ fetch: failing }), operation);
      expectNoSentinel(error);
      expect((error as PlexAuthError).code).toBe("connection_error");
    }
  });

  it("a refused connection over a real socket", async () => {
    const url = await closedPortUrl();
    for (const operation of OPERATIONS) {
      expectNoSentinel(await failureOf(plexWith({ serverUrl: url, plexTvUrl: url }), operation));
    }
  });

  it("a timeout, and an abort whose reason is a secret", async () => {
    const hanging: FetchLike = () => new Promise<Response>(() => {});
    expectNoSentinel(await failureOf(plexWith({ fetch: hanging, timeoutMs: 20, retry: false }), "getTokenDetails"));
    const controller = new AbortController();
    controller.abort(new Error(`aborted while holding ${TOKEN} ${PASSWORD}`));
    for (const operation of OPERATIONS) {
      expectNoSentinel(
        await failureOf(plexWith({ fetch: hanging }), operation, INPUTS[operation], { signal: controller.signal }),
      );
    }
  });

  it("responses that fail validation while carrying secrets", async () => {
    const bodies = [
      json(201, { ...example(SIGN_IN), authToken: { value: ECHOED_AUTH_TOKEN }, id: PASSWORD }),
      text(200, `not json ${ECHOED_AUTH_TOKEN} ${TOKEN}`, "text/plain"),
      text(200, `<MediaContainer token="${ECHOED_ACCESS_TOKEN}"/>`, "text/xml"),
      json(200, {
        MediaContainer: { Device: [{ accessToken: 5, name: ECHOED_ACCESS_TOKEN, Connection: [{ uri: 1 }] }] },
      }),
    ];
    for (const body of bodies) {
      for (const operation of OPERATIONS) {
        expectNoSentinel(await failureOf(plexWith({ fetch: mockFetch(body).fetch }), operation));
      }
    }
  });

  it("a response over the size cap", async () => {
    const mock = mockFetch(json(200, { authToken: ECHOED_AUTH_TOKEN, padding: "x".repeat(500) }));
    for (const operation of OPERATIONS) {
      expectNoSentinel(await failureOf(plexWith({ fetch: mock.fetch, maxResponseBytes: 64 }), operation));
    }
  });

  it("invalid input holding secrets in the wrong places", async () => {
    const plex = plexWith({ fetch: mockFetch(json(200, {})).fetch });
    const badCalls: [Operation, unknown, object?][] = [
      ["postUsersSignInData", { login: "", password: PASSWORD, verificationCode: CODE }],
      ["postUsersSignInData", { login: "me", password: PASSWORD, verificationCode: Number(CODE) }],
      ["postUsersSignInData", { login: "me", password: PASSWORD, verificationCode: `${CODE} ${CODE}` }],
      ["postUsersSignInData", { login: "me", password: `${PASSWORD}${"!".repeat(2_000)}` }],
      ["postUsersSignInData", { login: TOKEN, password: PASSWORD, extra: PASSWORD }],
      ["getTransientToken", { type: TOKEN }],
      ["getSourceConnectionInformation", { source: `server://${TOKEN}?x=${PASSWORD}` }],
      ["getTokenDetails", undefined, { token: `${TOKEN}\n` }],
      ["getTokenDetails", undefined, { serverUrl: `http://u:${PASSWORD}@h/` }],
      ["getTokenDetails", { token: TOKEN }],
    ];
    for (const [operation, input, options] of badCalls) {
      expectNoSentinel(await failureOf(plex, operation, input, options));
    }
  });

  it("a token function returning an unusable token", async () => {
    const plex = plexWith({ token: () => `${TOKEN}\r\nX-Evil: ${PASSWORD}`, fetch: mockFetch(json(200, {})).fetch });
    expectNoSentinel(await failureOf(plex, "getTokenDetails"));
  });

  it("client options holding secrets in the wrong places", () => {
    const badOptions: unknown[] = [
      { clientIdentifier: "id", token: `${TOKEN}\n` },
      { clientIdentifier: "id", tokne: TOKEN },
      { clientIdentifier: "id", serverUrl: `http://me:${PASSWORD}@pms.local:32400` },
      { clientIdentifier: "id", plexTvUrl: `https://plex.tv/api/v2?X-Plex-Token=${TOKEN}` },
      { clientIdentifier: `${TOKEN}\n` },
      { clientIdentifier: "id", retry: { maxRetries: TOKEN } },
    ];
    for (const options of badOptions) {
      let thrown: unknown;
      try {
        createPlexAuth(options as PlexAuthOptions);
      } catch (error) {
        thrown = error;
      }
      expectNoSentinel(thrown);
    }
  });
});

describe("the client itself", () => {
  it("util.inspect(client) and JSON.stringify(client) do not contain the token", () => {
    for (const token of [TOKEN, () => TOKEN]) {
      const plex = plexWith({ token });
      const views = [
        inspect(plex, { depth: 10 }),
        inspect(plex, { depth: 10, showHidden: true }),
        JSON.stringify(plex),
        String(plex),
        JSON.stringify({ ...plex }),
      ];
      expect(leaked(views.join("\n"), SENTINELS)).toEqual([]);
    }
  });
});

describe("redactText", () => {
  it.each([
    ['{"authToken":"S3CRET-VALUE"}', '{"authToken":"[redacted]"}'],
    ['<user authToken="S3CRET-VALUE"/>', '<user authToken="[redacted]"/>'],
    ["/x?X-Plex-Token=S3CRET-VALUE&y=1", "/x?X-Plex-Token=[redacted]&y=1"],
    ["X-Plex-Token: S3CRET-VALUE", "X-Plex-Token: [redacted]"],
    ["authToken=S3CRET-VALUE", "authToken=[redacted]"],
    ["authToken: S3CRET-VALUE", "authToken: [redacted]"],
    ["accessToken=S3CRET-VALUE, next", "accessToken=[redacted], next"],
    ["password: S3CRET-VALUE", "password: [redacted]"],
    ["verificationCode=S3CRET-VALUE", "verificationCode=[redacted]"],
    // A JWT under any name: Plex's `auth_token`, the exchange's `jwt`, a PIN poll's `deviceJWT`.
    ['{"auth_token":"eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJwbGV4LnR2In0.c2lnbmF0dXJl"}', '{"auth_token":"[redacted]"}'],
    ["<e auth_token='eyJhbGciOiJFZERTQSJ9.eyJleHAiOjF9.c2ln'/>", "<e auth_token='[redacted]'/>"],
    ['{"jwt":"eyJraWQiOiJrIn0.eyJub25jZSI6Im4ifQ.sig-part"}', '{"jwt":"[redacted]"}'],
    ["/pins/1?deviceJWT=eyJraWQiOiJrIn0.eyJpYXQiOjF9.c2ln&x=1", "/pins/1?deviceJWT=[redacted]&x=1"],
    ["bad token eyJhbGciOiJub25lIn0.eyJ1IjoxfQ. here", "bad token [redacted] here"],
    // Upper case passes the quick test that lets text without a secret-looking word skip the patterns.
    ['{"SECRET":"S3CRET-VALUE"}', '{"SECRET":"[redacted]"}'],
    ["/x?TOKEN=S3CRET-VALUE", "/x?TOKEN=[redacted]"],
    ["PASSWORD=S3CRET-VALUE", "PASSWORD=[redacted]"],
    ["VERIFICATIONCODE: S3CRET-VALUE", "VERIFICATIONCODE: [redacted]"],
  ])("%s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it("leaves ordinary Plex messages alone", () => {
    for (const message of [
      "User could not be authenticated",
      "Invalid token",
      "the token was rejected (wrong or expired)",
      "Please enter the verification code",
      "X-Plex-Client-Identifier is missing",
    ]) {
      expect(redactText(message)).toBe(message);
    }
  });
});

// Runs last, after every path above has logged its requests, responses and retries.
afterAll(() => {
  expect(logged.length).toBeGreaterThan(0);
  expect(leaked(exposedText(logged), SENTINELS)).toEqual([]);
});

it("the logger received requests with their headers, the token redacted", () => {
  const requestLogs = logged.filter(
    (entry): entry is { headers: Record<string, string> } =>
      typeof entry === "object" && entry !== null && "headers" in entry,
  );
  expect(requestLogs.length).toBeGreaterThan(0);
  expect(requestLogs.some((entry) => entry.headers["X-Plex-Token"] === "[redacted]")).toBe(true);
});
