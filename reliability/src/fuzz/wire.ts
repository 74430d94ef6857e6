/**
 * What a valid call must put on the wire, per operation, from the README's table of operations (method,
 * host, path, query, form body, token), written independently of core's `encode`. A record over core's
 * operation names: an operation added to core does not type-check here until it has its wire form.
 */
import type { OperationName } from "./operations.ts";

/** Which base URL a request goes to, as the README names them. */
export type Host = "pms" | "plexTv" | "plexTvV1" | "clientsPlexTv";

export interface Wire {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly host: Host;
  /** The path below the base URL, its parameters already percent-encoded. */
  readonly path: string;
  /** Every query parameter, and nothing else. */
  readonly query: Readonly<Record<string, string>>;
  /** The form body, when there is one. */
  readonly form?: Readonly<Record<string, string>>;
  /** The JSON body, when there is one; with neither, no body at all. */
  readonly json?: unknown;
  /** Whether the request carries `X-Plex-Token`. */
  readonly token: boolean;
}

type Fields = Record<string, unknown>;
const flag = (value: unknown) => (value === false ? "0" : "1");
const read = (path: string, host: Host = "plexTv"): Wire => ({ method: "GET", host, path, query: {}, token: true });

const WIRES: Readonly<Record<OperationName, (input: Fields) => Wire>> = {
  getTokenDetails: () => read("/user"),
  ping: () => read("/ping"),
  getHomeUsers: () => read("/home/users"),
  getClaimToken: () => read("/claim/token.json", "plexTvV1"),
  signOut: () => ({ ...read("/users/signout"), method: "DELETE" }),
  getTransientToken: () => ({ ...read("/security/token", "pms"), query: { type: "delegation", scope: "all" } }),
  getSourceConnectionInformation: (input) => ({
    ...read("/security/resources", "pms"),
    query: {
      source: input.source as string,
      ...(input.refresh === undefined ? {} : { refresh: input.refresh ? "1" : "0" }),
    },
  }),
  getServerResources: (input) => ({
    ...read("/resources", "clientsPlexTv"),
    query: {
      includeHttps: flag(input.includeHttps),
      includeRelay: flag(input.includeRelay),
      includeIPv6: flag(input.includeIPv6),
    },
  }),
  postUsersSignInData: (input) => ({
    method: "POST",
    host: "plexTv",
    path: "/users/signin",
    query: {},
    form: {
      login: input.login as string,
      password: input.password as string,
      rememberMe: input.rememberMe ? "true" : "false",
      ...(input.verificationCode === undefined ? {} : { verificationCode: input.verificationCode as string }),
    },
    token: false,
  }),
  // With a device key (the PIN + JWK route) the PIN is asked for in a JSON body; otherwise `strong` is a query.
  createOAuthPin: (input) => ({
    method: "POST",
    host: "plexTv",
    path: "/pins",
    query: input.strong && input.jwk === undefined ? { strong: "true" } : ({} as Record<string, string>),
    ...(input.jwk === undefined ? {} : { json: input.strong ? { jwk: input.jwk, strong: true } : { jwk: input.jwk } }),
    token: false,
  }),
  getOAuthPin: (input) => ({
    ...read(`/pins/${encodeURIComponent(String(input.pinId))}`),
    query: input.deviceJWT === undefined ? ({} as Record<string, string>) : { deviceJWT: input.deviceJWT as string },
    token: false,
  }),
  linkOAuthPin: (input) => ({ ...read("/pins/link"), method: "PUT", form: { code: input.code as string } }),
  // JWT device authentication (FLOWS.md section 2): clients.plex.tv, JSON bodies.
  getAuthNonce: () => ({ ...read("/auth/nonce", "clientsPlexTv"), token: false }),
  getAuthKeys: () => ({ ...read("/auth/keys", "clientsPlexTv"), token: false }),
  registerDeviceJWK: (input) => ({ ...read("/auth/jwk", "clientsPlexTv"), method: "POST", json: { jwk: input.jwk } }),
  exchangeJWTToken: (input) => ({
    ...read("/auth/token", "clientsPlexTv"),
    method: "POST",
    json: { jwt: input.jwt },
    token: false,
  }),
  switchHomeUser: (input) => ({
    ...read(`/home/users/${encodeURIComponent(input.uuid as string)}/switch`),
    method: "POST",
    query: input.pin === undefined ? ({} as Record<string, string>) : { pin: input.pin as string },
  }),
};

/** The request a valid call of `operation` with `input` must send. */
export function wireOf(operation: OperationName, input: Fields): Wire {
  const wire = WIRES[operation];
  if (!wire) throw new Error(`no wire form for ${operation}: add one to WIRES`);
  return wire(input);
}

const DEFAULT_PLEX_TV_URL = "https://plex.tv/api/v2";

/**
 * The base URL of a host (README, client options): `plexTvUrl` for plex.tv, and for its v1 API and
 * clients.plex.tv the real ones by default, or `plexTvUrl` (without `/v2` for v1) when it points elsewhere.
 */
export function baseOf(host: Host, urls: { serverUrl: string; plexTvUrl: string }): string {
  const custom = urls.plexTvUrl !== DEFAULT_PLEX_TV_URL;
  switch (host) {
    case "pms":
      return urls.serverUrl;
    case "plexTv":
      return urls.plexTvUrl;
    case "plexTvV1":
      return custom ? urls.plexTvUrl.replace(/\/v2$/, "") : "https://plex.tv/api";
    case "clientsPlexTv":
      return custom ? urls.plexTvUrl : "https://clients.plex.tv/api/v2";
  }
}

/** One request as a stub received it. */
export interface SentRequest {
  readonly url: string;
  readonly method: string;
  readonly headers: Headers;
  readonly body: string | undefined;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** What fetch makes of a header value: leading and trailing spaces are not part of it (Fetch standard). */
export function asHeader(value: string | undefined): string | undefined {
  return value?.replace(/^[ \t]+|[ \t]+$/g, "");
}

/** A header value as Plex reads it: the bytes, decoded as UTF-8. */
export function headerText(value: string | null): string | undefined {
  return value === null ? undefined : Buffer.from(value, "latin1").toString("utf8");
}

/** A list of parameters as sorted `name=value` lines, so two lists compare whatever their order. */
function paramLines(params: Iterable<[string, string]>): string {
  return [...params]
    .map(([name, value]) => JSON.stringify([name, value]))
    .sort()
    .join("\n");
}

function tokenProblems(request: SentRequest, token: string | undefined): string[] {
  const problems: string[] = [];
  if (headerText(request.headers.get("x-plex-token")) !== asHeader(token)) {
    problems.push(
      token === undefined ? "X-Plex-Token sent where none is due" : "X-Plex-Token differs from the token given",
    );
  }
  const url = new URL(request.url);
  // Short tokens ("-", "a") occur in any URL by chance; a real one does not.
  const inUrl = [...url.searchParams.values(), safeDecode(url.pathname)].some((part) => part === token);
  if (token && (inUrl || (token.length >= 8 && request.url.includes(token)))) problems.push("token in the URL");
  return problems;
}

/** JSON with its object keys sorted, so two values compare whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    typeof item === "object" && item !== null && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => a.localeCompare(b)))
      : item,
  );
}

function jsonProblems(request: SentRequest, json: unknown): string[] {
  if (request.headers.get("content-type") !== "application/json") return ["not a JSON body"];
  let sent: unknown;
  try {
    sent = JSON.parse(request.body ?? "");
  } catch {
    return ["the JSON body is not JSON"];
  }
  return canonical(sent) === canonical(json) ? [] : ["the JSON body arrived changed"];
}

function bodyProblems(request: SentRequest, wire: Wire): string[] {
  const { form } = wire;
  if (wire.json !== undefined) return jsonProblems(request, wire.json);
  if (!form) return request.body ? ["a body was sent where none is due"] : [];
  const problems: string[] = [];
  if (request.headers.get("content-type") !== "application/x-www-form-urlencoded") problems.push("not a form body");
  if (paramLines(new URLSearchParams(request.body ?? "")) !== paramLines(Object.entries(form))) {
    problems.push("the form body arrived changed");
  }
  return problems;
}

/**
 * What is wrong with the request a valid call sent: method, path (its parameters percent-encoded), every
 * query parameter, the form or JSON body and the token header must be exactly what the caller gave (a changed
 * password fails the sign-in and counts toward plex.tv's lock-out), and the token never in the URL.
 */
export function unfaithful(
  wire: Wire,
  request: SentRequest,
  expected: { base: string; token: string | undefined },
): string[] {
  const problems: string[] = [];
  const url = new URL(request.url);
  if (request.method !== wire.method) problems.push(`sent as ${request.method}, not ${wire.method}`);
  if (`${url.origin}${url.pathname}` !== `${expected.base}${wire.path}`) {
    problems.push(`sent to ${url.origin}${url.pathname}`);
  }
  if (paramLines(url.searchParams) !== paramLines(Object.entries(wire.query)))
    problems.push("the query arrived changed");
  problems.push(...bodyProblems(request, wire), ...tokenProblems(request, wire.token ? expected.token : undefined));
  return problems;
}
