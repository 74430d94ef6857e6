/**
 * A `fetch` that answers every Plex route with a valid canned body (the spec's wire examples) and keeps
 * what was sent, so the bad-input part can check that a valid call sent exactly what the caller gave and
 * an invalid one sent nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import type { FetchLike } from "@plex-auth/core";
import { entry } from "../stats.ts";
import { OPERATION_NAMES, type OperationName, operationOf, readsBody, snakeName } from "./operations.ts";
import type { SentRequest } from "./wire.ts";

export type { SentRequest };

const EXAMPLES = new URL("../../../spec/plex-api/examples/", import.meta.url);

/** The spec example file of an operation's success body: `<snake name>.<status>.json`, else a variant of it. */
function exampleFile(operation: OperationName): string | undefined {
  const stem = `${snakeName(operation)}.${operationOf(operation).successStatus}`;
  const files = readdirSync(EXAMPLES).sort();
  return files.find((file) => file === `${stem}.json`) ?? files.find((file) => file.startsWith(`${stem}.`));
}

/**
 * Success bodies of operations the spec has no example of yet (the JWT ones, FLOWS.md section 2), written
 * from FLOWS.md. The spec's own example wins as soon as it exists.
 */
const FALLBACK_EXAMPLES: Readonly<Partial<Record<OperationName, unknown>>> = {
  getAuthNonce: { nonce: "6f1c3a52-0d55-4d6e-9a1b-0c8f6f0e2d11" },
  exchangeJWTToken: { auth_token: "eyJhbGciOiJFZERTQSIsImtpZCI6ImsifQ.eyJ1c2VyIjoiMSJ9.c2lnbmF0dXJlLWJ5LXBsZXg" },
  getAuthKeys: {
    keys: [
      {
        kty: "OKP",
        crv: "Ed25519",
        x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
        kid: "plex-1",
        alg: "EdDSA",
        use: "sig",
      },
    ],
  },
};

/** The spec's wire example of an operation's success body (else the fallback above), parsed fresh each call. */
export function exampleBody(operation: OperationName): unknown {
  const file = exampleFile(operation);
  if (file) return JSON.parse(readFileSync(new URL(file, EXAMPLES), "utf8")) as unknown;
  const fallback = FALLBACK_EXAMPLES[operation];
  if (fallback === undefined) throw new Error(`spec/plex-api/examples has no success body for ${operation}`);
  return structuredClone(fallback);
}

/** A path template as a pattern anchored at the end of the path: `/pins/{pinId}` matches `/api/v2/pins/12`. */
function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^${}()|[\]\\]/g, (char) =>
    char === "{" || char === "}" ? char : `\\${char}`,
  );
  return new RegExp(`${escaped.replace(/\{\w+\}/g, "[^/]+")}$`);
}

const ROUTES = OPERATION_NAMES.map((name) => {
  const { method, path } = operationOf(name);
  return { name, method, path, pattern: pathPattern(path) };
})
  // The longest template first: `/security/resources` before `/resources`.
  .sort((a, b) => b.path.length - a.path.length);

/** The operation a request is for: same method, the longest path template its path ends with. */
export function routeOf(method: string, url: string): OperationName | undefined {
  const path = new URL(url).pathname;
  return ROUTES.find((route) => route.method === method && route.pattern.test(path))?.name;
}

export interface StubPlex {
  readonly fetch: FetchLike;
  readonly sent: SentRequest[];
}

type Answer = { status: number; body: string | null };

/** The example answer of an operation: its body with its success status, or 204 for one without a body. */
function exampleAnswer(operation: OperationName, bodies: Map<OperationName, string>): Answer {
  const { successStatus } = operationOf(operation);
  if (!readsBody(operation)) return { status: successStatus, body: null };
  return { status: successStatus, body: entry(bodies, operation, () => JSON.stringify(exampleBody(operation))) };
}

/**
 * A stub answering each route with its example body; `answer` may replace the answer of any request (a
 * probe of a server's connection, a body under test). Unknown routes get a 404.
 */
export function stubPlex(
  answer?: (request: SentRequest, operation: OperationName | undefined) => Answer | undefined,
): StubPlex {
  const sent: SentRequest[] = [];
  const bodies = new Map<OperationName, string>();
  const fetch: FetchLike = async (url, init) => {
    const request: SentRequest = {
      url,
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body: typeof init.body === "string" ? init.body : undefined,
    };
    sent.push(request);
    const operation = routeOf(request.method, url);
    const given = answer?.(request, operation);
    const { status, body } =
      given ?? (operation ? exampleAnswer(operation, bodies) : { status: 404, body: "not found" });
    return new Response(body, { status, headers: { "content-type": "application/json" } });
  };
  return { fetch, sent };
}
