// SIZE EXPERIMENT ONLY, never shipped: a stand-in for packages/core/src/options.ts that validates the client
// and per-call options with hand-written checks instead of valibot schemas, keeping the same value exports,
// defaults, resolved shape (identity, identity headers, the four base URLs) and field rules (strict keys,
// types, ranges, base URL shape, no control characters, well-formed text), with the same kind of messages.
// The rules' plain-function parts (isBaseUrl, isWellFormed) and constants are imported from core, so the
// stand-in follows core when they change. `src/size-analysis.mjs` swaps it in (through an esbuild plugin) to
// measure what the valibot options schemas cost in a bundle; `test/size-analysis.test.mjs` checks that it
// exports every value options.ts exports and that a client bundled with it still makes a call. Types are
// copied loosely: this file is bundled, not type-checked.
import { InvalidInputError, type ValidationIssue } from "./errors/local.ts";
import { encodeHeaderValue, IDENTITY_HEADERS } from "./identity.ts";
import { isBaseUrl, MAX_TIMER_MS, SERVER_URL_EXAMPLE, TOKEN_HINT } from "./option-schemas.ts";
import { isWellFormed } from "./well-formed.ts";

export const DEFAULT_PLEX_TV_URL = "https://plex.tv/api/v2";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES: number = 4 * 1024 * 1024;
export const DEFAULT_PRODUCT = "plex-auth";
export const DEFAULT_RETRY = Object.freeze({
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
});
export const REQUEST_OPTION_NAMES: readonly string[] = ["signal", "timeoutMs", "retry", "serverUrl", "token"];

// biome-ignore lint/suspicious/noExplicitAny: size experiment, see the header.
type Any = any;
export type FetchLike = Any;
export type TokenSource = Any;
export type PlexAuthLogger = Any;
export type PlexIdentity = Any;
export type PlexAuthOptions = Any;
export type RequestOptions = Any;
export type ResolvedConfig = Any;
export type RetryOptions = Any;
export type RetryPolicy = Any;

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

type Check = (value: unknown, path: string, issues: ValidationIssue[]) => unknown;

const text =
  (hint = ""): Check =>
  (value, path, issues) => {
    if (typeof value !== "string") issues.push({ path, message: `must be a string${hint}` });
    else if (CONTROL_CHARACTERS.test(value)) {
      issues.push({ path, message: "must not contain line breaks or control characters" });
    } else if (!isWellFormed(value)) {
      issues.push({ path, message: "must be well-formed text: it contains a lone UTF-16 surrogate" });
    }
    return value;
  };

const required =
  (hint: string): Check =>
  (value, path, issues) => {
    if (value === undefined) issues.push({ path, message: `is required: ${hint}` });
    else if (typeof value === "string" && !value.trim()) issues.push({ path, message: `must not be empty: ${hint}` });
    else text(`: ${hint}`)(value, path, issues);
    return value;
  };

const between =
  (min: number, max: number): Check =>
  (value, path, issues) => {
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      issues.push({ path, message: `must be a whole number from ${min} to ${max}` });
    }
    return value;
  };

const baseUrl =
  (example: string): Check =>
  (value, path, issues) => {
    if (typeof value === "string" && isWellFormed(value) && isBaseUrl(value)) return value.replace(/\/+$/, "");
    issues.push({
      path,
      message: `must be an absolute http(s) URL without credentials, query, fragment or the /web of the Plex Web app, like ${example}`,
    });
    return value;
  };

const fn =
  (message = "must be a function"): Check =>
  (value, path, issues) => {
    if (typeof value !== "function") issues.push({ path, message });
    return value;
  };

function object(fields: Record<string, Check>, strict = true): Check {
  return (value, path, issues) => {
    if (typeof value !== "object" || value === null) {
      issues.push({ path, message: "must be an object" });
      return value;
    }
    const output: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const check = fields[key];
      if (!check) {
        if (strict) issues.push({ path: at, message: `is not a known field: use ${Object.keys(fields).join(", ")}` });
      } else if (field !== undefined) output[key] = check(field, at, issues);
    }
    return output;
  };
}

const retryFields = object({
  maxRetries: between(0, 10),
  initialDelayMs: between(0, 60_000),
  maxDelayMs: between(0, 600_000),
  maxRetryAfterMs: between(0, 3_600_000),
});
const retry: Check = (value, path, issues) => {
  if (value === false) return false;
  if (typeof value !== "object" || value === null) {
    issues.push({ path, message: "must be false or an object like { maxRetries: 2 }" });
    return value;
  }
  return retryFields(value, path, issues);
};

const token: Check = (value, path, issues) =>
  typeof value === "function" ? value : required(TOKEN_HINT)(value, path, issues);

const identityFields = Object.fromEntries(Object.keys(IDENTITY_HEADERS).map((key) => [key, text()]));

const clientOptions = object({
  ...identityFields,
  clientIdentifier: required(
    "generate a UUID once per installation and store it; plex.tv answers 400 (code 1000) without one",
  ),
  token,
  serverUrl: baseUrl(SERVER_URL_EXAMPLE),
  plexTvUrl: baseUrl(DEFAULT_PLEX_TV_URL),
  timeoutMs: between(1, MAX_TIMER_MS),
  retry,
  maxResponseBytes: between(1, 1 << 30),
  fetch: fn("must be a function like globalThis.fetch"),
  logger: object({ debug: fn(), warn: fn() }, false),
});

const requestOptions = object({
  signal: (value, path, issues) => {
    if (typeof value !== "object" || value === null || !("aborted" in value) || !("addEventListener" in value)) {
      issues.push({ path, message: "must be an AbortSignal" });
    }
    return value;
  },
  timeoutMs: between(1, MAX_TIMER_MS),
  retry,
  serverUrl: baseUrl(SERVER_URL_EXAMPLE),
  token: required(TOKEN_HINT),
});

export function mergeRetry(base: Any, override: Any): Any {
  if (override === false) return false;
  if (override === undefined) return base;
  const stated = Object.entries(override).filter(([, value]) => value !== undefined);
  return { ...(base || DEFAULT_RETRY), ...Object.fromEntries(stated) };
}

function plexTvBases(plexTvUrl: string) {
  if (plexTvUrl === DEFAULT_PLEX_TV_URL) {
    return { plexTvV1: "https://plex.tv/api", clientsPlexTv: "https://clients.plex.tv/api/v2" };
  }
  return { plexTvV1: plexTvUrl.replace(/\/v2$/, ""), clientsPlexTv: plexTvUrl };
}

export function resolveClientOptions(options: unknown): ResolvedConfig {
  const issues: ValidationIssue[] = [];
  const parsed = clientOptions(options ?? {}, "", issues) as Any;
  if (!issues.length && parsed.clientIdentifier === undefined) required("")(undefined, "clientIdentifier", issues);
  if (issues.length) throw new InvalidInputError({ where: "client options", issues });
  const identity: Record<string, string> = {};
  const identityHeaders: Record<string, string> = {};
  for (const [key, header] of Object.entries(IDENTITY_HEADERS)) {
    const value = parsed[key] ?? (key === "product" ? DEFAULT_PRODUCT : undefined);
    if (value === undefined) continue;
    identity[key] = value;
    identityHeaders[header] = encodeHeaderValue(value);
  }
  const plexTvUrl = parsed.plexTvUrl ?? DEFAULT_PLEX_TV_URL;
  return Object.freeze({
    identity: Object.freeze(identity),
    identityHeaders: Object.freeze(identityHeaders),
    token: parsed.token,
    baseUrls: Object.freeze({ pms: parsed.serverUrl, plexTv: plexTvUrl, ...plexTvBases(plexTvUrl) }),
    timeoutMs: parsed.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: parsed.retry === undefined ? DEFAULT_RETRY : mergeRetry(DEFAULT_RETRY, parsed.retry),
    maxResponseBytes: parsed.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    fetch: parsed.fetch,
    logger: parsed.logger,
  });
}

export function withTokenSource(config: ResolvedConfig, source: TokenSource): ResolvedConfig {
  const issues: ValidationIssue[] = [];
  if (source === undefined) issues.push({ path: "", message: "is required" });
  else token(source, "", issues);
  if (issues.length) throw new InvalidInputError({ where: "token of withToken", issues });
  return Object.freeze({ ...config, token: source });
}

const NO_REQUEST_OPTIONS = Object.freeze({});

export function resolveRequestOptions(options: unknown, operation: string): RequestOptions {
  if (options === undefined) return NO_REQUEST_OPTIONS;
  const issues: ValidationIssue[] = [];
  const parsed = requestOptions(options, "", issues);
  if (issues.length) throw new InvalidInputError({ where: `request options of ${operation}`, issues, operation });
  return parsed;
}

export function checkToken(value: unknown, operation: string): string {
  const issues: ValidationIssue[] = [];
  required(TOKEN_HINT)(value, "", issues);
  if (issues.length) throw new InvalidInputError({ where: `token for ${operation}`, issues, operation });
  return value as string;
}
