/**
 * Server behaviours that echo every planted secret back, in every place a response can carry one: Plex
 * error documents (JSON and XML), HTML pages, plain text, headers, redirect targets, invalid success
 * bodies, oversized bodies, broken streams, and network errors whose cause holds the request itself.
 */
import type { FetchLike } from "@plex-auth/core";
import { SENTINELS } from "./sentinels.ts";

const { token: T, password: P, verificationCode: C, authToken: A } = SENTINELS;
const { pinId, homePin, claimToken, resourceToken, pinAuthToken, profileToken, jwt } = SENTINELS;

/**
 * Free text holding each secret bare and as `key=value`, as a careless server or proxy prints them: the
 * request's own (token, password, code, the PIN's id in its URL, a Home PIN, a JWT) bare, and the ones a
 * server mints (tokens of a PIN, a profile, a server, a claim) the way Plex names them.
 */
export const ECHO =
  `token=${T} X-Plex-Token: ${T} password=${P} verificationCode=${C} authToken=${A} raw ${T} ${P} ${C} ` +
  `GET /api/v2/pins/${pinId} id ${pinId} pin=${homePin} PIN ${homePin} jwt ${jwt} ` +
  `authToken=${pinAuthToken} authToken=${profileToken} accessToken=${resourceToken} "token":"${claimToken}"`;

const ECHO_HEADERS = {
  "x-plex-token": T,
  "www-authenticate": `Bearer token="${T}"`,
  "set-cookie": `session=${A}`,
  "x-debug": ECHO,
};

function answer(
  status: number,
  body: BodyInit | null,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { "content-type": contentType, ...ECHO_HEADERS, ...headers } });
}

function jsonErrors(code: number | undefined, status: number): string {
  return JSON.stringify({
    errors: [{ code, message: ECHO, status }],
    authToken: A,
    password: P,
    user: { authToken: A, email: "me@example.com" },
    pin: { id: Number(pinId), authToken: pinAuthToken },
    resources: [{ accessToken: resourceToken }],
    profile: { authToken: profileToken },
    claim: { token: claimToken },
  });
}

/** One way a server can misbehave; `fetch` is given the request. */
export interface Behaviour {
  readonly name: string;
  readonly fetch: FetchLike;
  /** Only for requests with these client options or call options (a tiny timeout, a small body cap). */
  readonly needs?: "short-timeout" | "small-cap" | "abort";
}

const STATUS_CASES: readonly [number, number | undefined][] = [
  [400, undefined],
  [400, 1000],
  [401, 1001],
  [401, 1028],
  [401, 1029],
  [401, 1031],
  [403, undefined],
  [404, undefined],
  [422, undefined],
  [429, 1003],
  [500, undefined],
  [503, undefined],
];

const streamThatFails = () =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(`{"authToken":"${A}",`));
      controller.error(Object.assign(new Error(ECHO), { request: { headers: { "X-Plex-Token": T } } }));
    },
  });

/** Every behaviour; each answers any request. */
export const BEHAVIOURS: readonly Behaviour[] = [
  ...STATUS_CASES.flatMap(([status, code]): Behaviour[] => [
    {
      name: `HTTP ${status}${code ? ` code ${code}` : ""}, JSON errors echoing secrets`,
      fetch: async () => answer(status, jsonErrors(code, status), "application/json", { "retry-after": "120" }),
    },
    {
      name: `HTTP ${status}, XML errors echoing secrets`,
      fetch: async () =>
        answer(
          status,
          `<?xml version="1.0"?><errors><error code="${code ?? 1001}" message="${ECHO}" authToken="${A}" token="${T}"/></errors>`,
          "application/xml",
        ),
    },
    {
      name: `HTTP ${status}, HTML page echoing secrets`,
      fetch: async () =>
        answer(
          status,
          `<html><body><h1>Error</h1><p>${ECHO}</p><input name="authToken" value="${A}"><a href="/x?X-Plex-Token=${T}">retry</a></body></html>`,
          "text/html",
        ),
    },
  ]),
  { name: "HTTP 500, plain text echoing secrets", fetch: async () => answer(500, ECHO, "text/plain") },
  {
    name: "2xx JSON with the authToken and an invalid field",
    fetch: async () =>
      answer(
        200,
        JSON.stringify({
          id: "not-a-number",
          authToken: A,
          password: P,
          MediaContainer: { token: 42, secret: A },
          accessToken: resourceToken,
          token: claimToken,
          pins: [{ id: Number(pinId), authToken: pinAuthToken }],
          users: [{ uuid: 7, authToken: profileToken }],
        }),
        "application/json",
      ),
  },
  {
    name: "2xx JSON whose token fields have the wrong types",
    fetch: async () =>
      answer(
        200,
        JSON.stringify({
          authToken: [A],
          MediaContainer: { Device: { accessToken: { value: A }, Connection: [A] } },
          token: [claimToken],
          connections: [{ uri: 7, accessToken: [resourceToken] }],
          code: { value: pinAuthToken },
        }),
        "application/json",
      ),
  },
  { name: "2xx text echoing secrets", fetch: async () => answer(200, ECHO, "text/plain") },
  {
    name: "2xx XML with the authToken",
    fetch: async () => answer(200, `<user authToken="${A}" token="${T}" password="${P}"/>`, "application/xml"),
  },
  {
    name: "2xx body over the size cap, full of secrets",
    fetch: async () => answer(200, ECHO.repeat(200), "application/json"),
    needs: "small-cap",
  },
  {
    name: "a body stream that fails mid-way with the secrets in its error",
    fetch: async () => answer(200, streamThatFails(), "application/json"),
  },
  ...[301, 302, 303, 307, 308].map(
    (status): Behaviour => ({
      name: `HTTP ${status} to another origin, secrets in the Location`,
      fetch: async () =>
        answer(status, ECHO, "text/plain", {
          location: `http://collector.invalid/steal?X-Plex-Token=${T}&password=${P}&authToken=${A}`,
        }),
    }),
  ),
  {
    // Secrets in the body: a same-origin Location is followed, so one holding a token would be the server
    // itself putting it in a URL.
    name: "a same-origin redirect loop",
    fetch: async (url) => answer(302, ECHO, "text/plain", { location: `${new URL(url).origin}/loop` }),
  },
  {
    name: "a connection error whose cause holds the request, headers and body",
    fetch: async (_url, init) => {
      const cause = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:9 ${ECHO}`), {
        code: "ECONNREFUSED",
        request: { headers: init.headers, body: init.body },
        config: { token: T, password: P },
      });
      throw new TypeError(`fetch failed ${ECHO}`, { cause });
    },
  },
  {
    name: "a reset whose message echoes secrets",
    fetch: async () => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error(`read ECONNRESET ${ECHO}`), { code: "ECONNRESET" }),
      });
    },
  },
  {
    name: "a fetch that throws a string",
    fetch: async () => {
      throw ECHO;
    },
  },
  {
    name: "a fetch that throws a plain object holding the request",
    fetch: async (_url, init) => {
      throw { message: ECHO, init };
    },
  },
  {
    name: "a fetch that never answers (timeout)",
    fetch: () => new Promise<Response>(() => {}),
    needs: "short-timeout",
  },
  {
    name: "the caller aborts with a reason holding the secrets",
    fetch: (_url, init) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener("abort", () => reject(init.signal?.reason), { once: true });
      }),
    needs: "abort",
  },
];
