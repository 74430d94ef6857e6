import * as v from "valibot";
import { InvalidInputError } from "./errors/local.ts";
import { encodeHeaderValue, IDENTITY_HEADERS } from "./transport/headers.ts";
import { check } from "./validation.ts";
import { wellFormed } from "./well-formed.ts";

/**
 * The plex.tv API base used unless `plexTvUrl` says otherwise.
 *
 * @example
 * ```ts
 * createPlexAuth({ clientIdentifier, plexTvUrl: DEFAULT_PLEX_TV_URL });
 * ```
 */
export const DEFAULT_PLEX_TV_URL = "https://plex.tv/api/v2";
/**
 * Default whole-request timeout, body included: 30 s.
 *
 * @example
 * ```ts
 * createPlexAuth({ clientIdentifier, timeoutMs: 2 * DEFAULT_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * Default cap on a response body: 4 MiB. Plex's largest auth response is a few KB.
 *
 * @example
 * ```ts
 * createPlexAuth({ clientIdentifier, maxResponseBytes: 2 * DEFAULT_MAX_RESPONSE_BYTES });
 * ```
 */
export const DEFAULT_MAX_RESPONSE_BYTES: number = 4 * 1024 * 1024;
/**
 * Default `X-Plex-Product`, so the device has a name on the account even when you set none.
 *
 * @example
 * ```ts
 * console.log(DEFAULT_PRODUCT); // "plex-auth";
 * ```
 */
export const DEFAULT_PRODUCT = "plex-auth";

/** The retry policy's numbers. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** First backoff delay; doubles each retry. Default 500 ms. */
  initialDelayMs?: number;
  /** Cap on one backoff delay. Default 8 s. */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for: the error is thrown at once. Default 60 s. */
  maxRetryAfterMs?: number;
}

/**
 * Default retry policy: 2 retries, 0.5 s doubling to at most 8 s, `Retry-After` honoured up to 60 s.
 *
 * @example
 * ```ts
 * createPlexAuth({ clientIdentifier, retry: { ...DEFAULT_RETRY, maxRetries: 5 } });
 * ```
 */
export const DEFAULT_RETRY: Readonly<Required<RetryOptions>> = Object.freeze({
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
});

/** A `fetch` the client can use: the global one, undici's, a test double, or the mock server's. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A token, or a function that returns the current one (called once per operation call). */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Receives what the client does, already redacted: no token, password or code ever reaches it.
 */
export interface PlexAuthLogger {
  debug?(message: string, details?: Readonly<Record<string, unknown>>): void;
  warn?(message: string, details?: Readonly<Record<string, unknown>>): void;
}

/** Who is calling: sent to Plex as `X-Plex-*` headers, and shown as the device on the account. */
export interface PlexIdentity {
  /**
   * `X-Plex-Client-Identifier`, required. Keep it stable per installation (generate a UUID once and store
   * it): every new value registers a new device on the account and sends its owner a "new device" notice.
   */
  clientIdentifier: string;
  /** `X-Plex-Product`, the app's name. Default `"plex-auth"`. */
  product?: string;
  /** `X-Plex-Version`, the app's version. */
  version?: string;
  /** `X-Plex-Platform`, e.g. `"Node.js"`. */
  platform?: string;
  /** `X-Plex-Platform-Version`. */
  platformVersion?: string;
  /** `X-Plex-Device`, e.g. `"Linux"`. */
  device?: string;
  /** `X-Plex-Device-Name`, e.g. `"Living room Pi"`. */
  deviceName?: string;
  /** `X-Plex-Model`. */
  model?: string;
  /** `X-Plex-Device-Vendor`. */
  deviceVendor?: string;
  /** `X-Plex-Marketplace`. */
  marketplace?: string;
}

/** Options of {@link createPlexAuth}; validated once, at construction. */
export interface PlexAuthOptions extends PlexIdentity {
  /** The token for every operation but sign-in: a string, or a function returning the current one. */
  token?: TokenSource;
  /** The Plex Media Server, e.g. `http://192.168.1.10:32400`; needed for the two `/security` operations. */
  serverUrl?: string;
  /** The plex.tv API base. Default `https://plex.tv/api/v2`. */
  plexTvUrl?: string;
  /** Whole-request timeout per attempt, body included. Default 30 000 ms. */
  timeoutMs?: number;
  /** Retry policy, or `false` for none. Default {@link DEFAULT_RETRY}. */
  retry?: RetryOptions | false;
  /** Cap on a response body; a larger one is cut off with `ResponseTooLargeError`. Default 4 MiB. */
  maxResponseBytes?: number;
  /** The `fetch` to use. Default `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike;
  /** Receives redacted debug and warning events. */
  logger?: PlexAuthLogger;
}

/** Options of a single call; each overrides the client's for that call only. */
export interface RequestOptions {
  /** Cancels the call, including any wait before a retry. Combined with the timeout, never replacing it. */
  signal?: AbortSignal;
  /** Whole-request timeout per attempt, body included. */
  timeoutMs?: number;
  /** Retry policy for this call, or `false` for none. */
  retry?: RetryOptions | false;
  /** Base URL for this call instead of the client's (the seed's `server_url`). */
  serverUrl?: string;
  /** Token for this call instead of the client's. */
  token?: string;
}

/** Client options after validation, with defaults applied and headers encoded. */
export interface ResolvedConfig {
  readonly identityHeaders: Readonly<Record<string, string>>;
  readonly token: TokenSource | undefined;
  readonly serverUrl: string | undefined;
  readonly plexTvUrl: string;
  readonly timeoutMs: number;
  readonly retry: Readonly<Required<RetryOptions>> | false;
  readonly maxResponseBytes: number;
  readonly fetch: FetchLike | undefined;
  readonly logger: PlexAuthLogger | undefined;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
export const CONTROL_CHARACTERS: RegExp = /[\u0000-\u001f\u007f]/;

const noControlCharacters = v.check(
  (value: string) => !CONTROL_CHARACTERS.test(value),
  "must not contain line breaks or control characters",
);

const headerValue = v.pipe(v.string("must be a string"), noControlCharacters, wellFormed);

const nonEmptyHeaderValue = (hint: string) =>
  v.pipe(
    v.string(`is required as a non-empty string: ${hint}`),
    v.check((value) => value.trim().length > 0, `must not be empty: ${hint}`),
    noControlCharacters,
    wellFormed,
  );

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

const baseUrl = (example: string) =>
  v.pipe(
    v.string(`must be a URL string like ${example}`),
    wellFormed,
    v.check(isHttpUrl, `must be an absolute http(s) URL without credentials, query or fragment, like ${example}`),
    // "https://plex.tv/api/v2/" + "/user" once produced "//user"; bases never end in a slash.
    v.transform((value) => value.replace(/\/+$/, "")),
  );

const TOKEN_HINT = "pass the X-Plex-Token of the account (see postUsersSignInData)";
const tokenSchema = nonEmptyHeaderValue(TOKEN_HINT);

const integerBetween = (min: number, max: number) =>
  v.pipe(
    v.number(`must be a number from ${min} to ${max}`),
    v.integer("must be a whole number"),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );

/** setTimeout's limit: a larger delay fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

const retrySchema = v.union(
  [
    v.literal(false),
    v.strictObject({
      maxRetries: v.optional(integerBetween(0, 10)),
      initialDelayMs: v.optional(integerBetween(0, 60_000)),
      maxDelayMs: v.optional(integerBetween(0, 600_000)),
      maxRetryAfterMs: v.optional(integerBetween(0, 3_600_000)),
    }),
  ],
  "must be false or an object like { maxRetries: 2 }",
);

const clientOptionsSchema = v.strictObject({
  clientIdentifier: nonEmptyHeaderValue(
    "generate a UUID once per installation and store it; plex.tv answers 400 (code 1000) without one",
  ),
  ...Object.fromEntries(
    Object.keys(IDENTITY_HEADERS)
      .filter((key) => key !== "clientIdentifier")
      .map((key) => [key, v.optional(headerValue)]),
  ),
  token: v.optional(
    v.union([nonEmptyHeaderValue(TOKEN_HINT), v.function()], "must be a string or a function returning one"),
  ),
  serverUrl: v.optional(baseUrl("http://192.168.1.10:32400")),
  plexTvUrl: v.optional(baseUrl(DEFAULT_PLEX_TV_URL)),
  timeoutMs: v.optional(integerBetween(1, MAX_TIMER_MS)),
  retry: v.optional(retrySchema),
  maxResponseBytes: v.optional(integerBetween(1, 1 << 30)),
  fetch: v.optional(v.function("must be a function like globalThis.fetch")),
  logger: v.optional(
    v.looseObject(
      {
        debug: v.optional(v.function("must be a function")),
        warn: v.optional(v.function("must be a function")),
      },
      "must be an object with debug and/or warn functions",
    ),
  ),
});

const requestOptionsSchema = v.optional(
  v.strictObject({
    signal: v.optional(v.custom<AbortSignal>(isAbortSignal, "must be an AbortSignal")),
    timeoutMs: v.optional(integerBetween(1, MAX_TIMER_MS)),
    retry: v.optional(retrySchema),
    serverUrl: v.optional(baseUrl("http://192.168.1.10:32400")),
    token: v.optional(nonEmptyHeaderValue(TOKEN_HINT)),
  }),
  {},
);

function isAbortSignal(value: unknown): boolean {
  return typeof value === "object" && value !== null && "aborted" in value && "addEventListener" in value;
}

/**
 * Merges a retry override onto a base policy. `false` as the override means no retries; an object
 * overrides field by field, on top of the defaults when the base is `false`. A field given as `undefined`
 * (`{ maxRetries: options.retries }`) keeps the base value: spreading it would erase the limit.
 */
export function mergeRetry(
  base: Readonly<Required<RetryOptions>> | false,
  override: RetryOptions | false | undefined,
): Readonly<Required<RetryOptions>> | false {
  if (override === false) return false;
  if (override === undefined) return base;
  const stated = Object.entries(override).filter(([, value]) => value !== undefined);
  return { ...(base || DEFAULT_RETRY), ...Object.fromEntries(stated) };
}

/**
 * Validates client options once and applies the defaults. Throws {@link InvalidInputError} naming every
 * bad field.
 */
export function resolveClientOptions(options: unknown): ResolvedConfig {
  const result = check(clientOptionsSchema, options ?? {});
  if (!result.success) throw new InvalidInputError("client options", result.issues);
  const parsed = result.output as PlexAuthOptions;
  const identityHeaders: Record<string, string> = {};
  for (const [key, header] of Object.entries(IDENTITY_HEADERS)) {
    const value = parsed[key as keyof PlexIdentity] ?? (key === "product" ? DEFAULT_PRODUCT : undefined);
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

const NO_REQUEST_OPTIONS: RequestOptions = Object.freeze({});

/** Validates per-call options. Throws {@link InvalidInputError} naming the bad field. */
export function resolveRequestOptions(options: unknown, operation: string): RequestOptions {
  if (options === undefined) return NO_REQUEST_OPTIONS;
  const result = check(requestOptionsSchema, options);
  if (!result.success) throw new InvalidInputError(`request options of ${operation}`, result.issues, { operation });
  return result.output as RequestOptions;
}

/** Checks a token returned by a token function the same way a token option is checked. */
export function checkToken(token: unknown, operation: string): string {
  const result = check(tokenSchema, token);
  if (!result.success) throw new InvalidInputError(`token for ${operation}`, result.issues, { operation });
  return result.output;
}
