// SIZE EXPERIMENT ONLY, never shipped or run: a stand-in for packages/core/src/options.ts that validates
// the client and per-call options with hand-written checks instead of valibot schemas, keeping the same
// exports, defaults, field rules (strict keys, types, ranges, URL shape, no control characters) and the
// same kind of messages. `src/size-analysis.mjs` swaps it in (through an esbuild plugin) to measure what
// the valibot options schemas cost in a bundle. Types are copied loosely: this file is bundled, not checked.
import { InvalidInputError, type ValidationIssue } from "./errors/local.ts";
import { encodeHeaderValue, IDENTITY_HEADERS } from "./transport/headers.ts";

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

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
// Core's well-formed.ts check (no lone UTF-16 surrogates), inlined so this stand-in follows core's rules.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_TIMER_MS = 2_147_483_647;
const TOKEN_HINT = "pass the X-Plex-Token of the account (see postUsersSignInData)";

export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash
    );
  } catch {
    return false;
  }
}

type Check = (value: unknown, path: string, issues: ValidationIssue[]) => unknown;

const text: Check = (value, path, issues) => {
  if (typeof value !== "string") issues.push({ path, message: "must be a string" });
  else if (CONTROL_CHARACTERS.test(value)) issues.push({ path, message: "must not contain control characters" });
  else if (LONE_SURROGATE.test(value)) issues.push({ path, message: "must be well-formed text (no lone surrogate)" });
  return value;
};

const required =
  (hint: string): Check =>
  (value, path, issues) => {
    if (typeof value !== "string" || !value.trim()) issues.push({ path, message: `is required: ${hint}` });
    else text(value, path, issues);
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
    if (typeof value === "string" && !LONE_SURROGATE.test(value) && isHttpUrl(value)) return value.replace(/\/+$/, "");
    issues.push({
      path,
      message: `must be an absolute http(s) URL without credentials, query or fragment, like ${example}`,
    });
    return value;
  };

const fn: Check = (value, path, issues) => {
  if (typeof value !== "function") issues.push({ path, message: "must be a function" });
  return value;
};

function object(fields: Record<string, Check>): Check {
  return (value, path, issues) => {
    if (typeof value !== "object" || value === null) {
      issues.push({ path, message: "must be an object" });
      return value;
    }
    const output: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      const at = path ? `${path}.${key}` : key;
      const check = fields[key];
      if (!check) issues.push({ path: at, message: `is not a known field: use ${Object.keys(fields).join(", ")}` });
      else if (field !== undefined) output[key] = check(field, at, issues);
    }
    return output;
  };
}

const retry: Check = (value, path, issues) =>
  value === false
    ? false
    : object({
        maxRetries: between(0, 10),
        initialDelayMs: between(0, 60_000),
        maxDelayMs: between(0, 600_000),
        maxRetryAfterMs: between(0, 3_600_000),
      })(value, path, issues);

const token: Check = (value, path, issues) =>
  typeof value === "function" ? value : required(TOKEN_HINT)(value, path, issues);

const clientOptions = object({
  ...Object.fromEntries(Object.keys(IDENTITY_HEADERS).map((key) => [key, text])),
  clientIdentifier: required("generate a UUID once per installation and store it"),
  token,
  serverUrl: baseUrl("http://192.168.1.10:32400"),
  plexTvUrl: baseUrl(DEFAULT_PLEX_TV_URL),
  timeoutMs: between(1, MAX_TIMER_MS),
  retry,
  maxResponseBytes: between(1, 1 << 30),
  fetch: fn,
  logger: object({ debug: fn, warn: fn }),
});

const requestOptions = object({
  signal: (value, path, issues) => {
    if (typeof value !== "object" || value === null || !("aborted" in value)) {
      issues.push({ path, message: "must be an AbortSignal" });
    }
    return value;
  },
  timeoutMs: between(1, MAX_TIMER_MS),
  retry,
  serverUrl: baseUrl("http://192.168.1.10:32400"),
  token: required(TOKEN_HINT),
});

export function mergeRetry(base: Any, override: Any): Any {
  if (override === false) return false;
  if (override === undefined) return base;
  return { ...(base || DEFAULT_RETRY), ...override };
}

export function resolveClientOptions(options: unknown): ResolvedConfig {
  const issues: ValidationIssue[] = [];
  const parsed = clientOptions(options ?? {}, "", issues) as Any;
  if (parsed.clientIdentifier === undefined && !issues.length) {
    issues.push({ path: "clientIdentifier", message: "is required" });
  }
  if (issues.length) throw new InvalidInputError("client options", issues);
  const identityHeaders: Record<string, string> = {};
  for (const [key, header] of Object.entries(IDENTITY_HEADERS)) {
    const value = parsed[key] ?? (key === "product" ? DEFAULT_PRODUCT : undefined);
    if (value !== undefined) identityHeaders[header] = encodeHeaderValue(value);
  }
  return Object.freeze({
    identityHeaders: Object.freeze(identityHeaders),
    token: parsed.token,
    serverUrl: parsed.serverUrl,
    plexTvUrl: parsed.plexTvUrl ?? DEFAULT_PLEX_TV_URL,
    timeoutMs: parsed.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    retry: mergeRetry(DEFAULT_RETRY, parsed.retry),
    maxResponseBytes: parsed.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    fetch: parsed.fetch,
    logger: parsed.logger,
  });
}

export function resolveRequestOptions(options: unknown, operation: string): RequestOptions {
  if (options === undefined) return {};
  const issues: ValidationIssue[] = [];
  const parsed = requestOptions(options, "", issues);
  if (issues.length) throw new InvalidInputError(`request options of ${operation}`, issues, { operation });
  return parsed;
}

export function checkToken(value: unknown, operation: string): string {
  const issues: ValidationIssue[] = [];
  required(TOKEN_HINT)(value, "", issues);
  if (issues.length) throw new InvalidInputError(`token for ${operation}`, issues, { operation });
  return value as string;
}
