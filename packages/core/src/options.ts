import * as v from "valibot";
import { InvalidInputError } from "./errors/local.ts";
import { encodeHeaderValue, IDENTITY_HEADERS } from "./identity.ts";
import type { OperationHost } from "./operation.ts";
import {
  baseUrl,
  headerText,
  integerBetween,
  maxRetries,
  nonEmptyHeaderText,
  SERVER_URL_EXAMPLE,
  TOKEN_HINT,
  timeoutMs,
  token,
} from "./option-schemas.ts";
import { check } from "./validation.ts";

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
  maxRetries?: number | undefined;
  /** First backoff delay; doubles each retry. Default 500 ms. */
  initialDelayMs?: number | undefined;
  /** Cap on one backoff delay. Default 8 s. */
  maxDelayMs?: number | undefined;
  /** A `Retry-After` longer than this is not waited for: the error is thrown at once. Default 60 s. */
  maxRetryAfterMs?: number | undefined;
}

/** A retry policy with every number set. */
export type RetryPolicy = { readonly [Key in keyof RetryOptions]-?: number };

/**
 * Default retry policy: 2 retries, 0.5 s doubling to at most 8 s, `Retry-After` honoured up to 60 s.
 *
 * @example
 * ```ts
 * createPlexAuth({ clientIdentifier, retry: { ...DEFAULT_RETRY, maxRetries: 5 } });
 * ```
 */
export const DEFAULT_RETRY: RetryPolicy = Object.freeze({
  maxRetries: 2,
  initialDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
});

/** A `fetch` the client can use: the global one, undici's, a test double, or the mock server's. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/**
 * A token, or a function that returns the current one (called once per operation call). A function with
 * an `invalidate(token)` method (a JWT token source) is told when plex.tv answers 498 to the token it gave,
 * and the call is made once more with the next one.
 */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Receives what the client does, already redacted: no token, password or code ever reaches it.
 */
export interface PlexAuthLogger {
  debug?: ((message: string, details?: Readonly<Record<string, unknown>>) => void) | undefined;
  warn?: ((message: string, details?: Readonly<Record<string, unknown>>) => void) | undefined;
}

/** Who is calling: sent to Plex as `X-Plex-*` headers, and shown as the device on the account. */
export interface PlexIdentity {
  /**
   * `X-Plex-Client-Identifier`, required. Keep it stable per installation (generate a UUID once and store
   * it): every new value registers a new device on the account and sends its owner a "new device" notice.
   */
  clientIdentifier: string;
  /** `X-Plex-Product`, the app's name. Default `"plex-auth"`. */
  product?: string | undefined;
  /** `X-Plex-Version`, the app's version. */
  version?: string | undefined;
  /** `X-Plex-Platform`, e.g. `"Node.js"`. */
  platform?: string | undefined;
  /** `X-Plex-Platform-Version`. */
  platformVersion?: string | undefined;
  /** `X-Plex-Device`, e.g. `"Linux"`. */
  device?: string | undefined;
  /** `X-Plex-Device-Name`, e.g. `"Living room Pi"`. */
  deviceName?: string | undefined;
  /** `X-Plex-Model`. */
  model?: string | undefined;
  /** `X-Plex-Device-Vendor`. */
  deviceVendor?: string | undefined;
  /** `X-Plex-Marketplace`. */
  marketplace?: string | undefined;
}

/** Options of {@link createPlexAuth}; validated once, at construction. */
export interface PlexAuthOptions extends PlexIdentity {
  /** The token for every operation but sign-in: a string, or a function returning the current one. */
  token?: TokenSource | undefined;
  /** The Plex Media Server, e.g. `http://192.168.1.10:32400`; needed for the two `/security` operations. */
  serverUrl?: string | undefined;
  /**
   * The plex.tv API base. Default `https://plex.tv/api/v2`. Set it to a proxy or a fake and the v1 API
   * (`plexTvUrl` without its `/v2`) and the clients.plex.tv calls go there too.
   */
  plexTvUrl?: string | undefined;
  /** Whole-request timeout per attempt, body included. Default 30 000 ms. */
  timeoutMs?: number | undefined;
  /** Retry policy, or `false` for none. Default {@link DEFAULT_RETRY}. */
  retry?: RetryOptions | false | undefined;
  /** Cap on a response body; a larger one is cut off with `ResponseTooLargeError`. Default 4 MiB. */
  maxResponseBytes?: number | undefined;
  /** The `fetch` to use. Default `globalThis.fetch`, looked up at call time. */
  fetch?: FetchLike | undefined;
  /** Receives redacted debug and warning events. */
  logger?: PlexAuthLogger | undefined;
}

/** Options of a single call; each overrides the client's for that call only. */
export interface RequestOptions {
  /** Cancels the call, including any wait before a retry. Combined with the timeout, never replacing it. */
  signal?: AbortSignal | undefined;
  /** Whole-request timeout per attempt, body included. */
  timeoutMs?: number | undefined;
  /** Retry policy for this call, or `false` for none. */
  retry?: RetryOptions | false | undefined;
  /** Base URL for this call instead of the client's (the seed's `server_url`). */
  serverUrl?: string | undefined;
  /** Token for this call instead of the client's. */
  token?: string | undefined;
}

/** The names of the per-call options, for the hint when they are passed where the input goes. */
export const REQUEST_OPTION_NAMES: readonly string[] = ["signal", "timeoutMs", "retry", "serverUrl", "token"];

/** Client options after validation, with defaults applied and headers encoded. */
export interface ResolvedConfig {
  /** The identity as given (for the auth-app URL), with the default product. */
  readonly identity: Readonly<PlexIdentity>;
  readonly identityHeaders: Readonly<Record<string, string>>;
  readonly token: TokenSource | undefined;
  /** The base URL of each host; `pms` is `undefined` until a server URL is configured. */
  readonly baseUrls: Readonly<Record<OperationHost, string | undefined>>;
  readonly timeoutMs: number;
  readonly retry: RetryPolicy | false;
  readonly maxResponseBytes: number;
  readonly fetch: FetchLike | undefined;
  readonly logger: PlexAuthLogger | undefined;
}

const RETRY_BOUNDS = {
  maxRetries: maxRetries,
  initialDelayMs: integerBetween(0, 60_000),
  maxDelayMs: integerBetween(0, 600_000),
  maxRetryAfterMs: integerBetween(0, 3_600_000),
};

// The client's policy: every number the options leave out (or set to undefined) takes its default.
const clientRetryObject = v.strictObject(
  Object.fromEntries(
    Object.entries(RETRY_BOUNDS).map(([key, schema]) => [
      key,
      v.optional(schema, DEFAULT_RETRY[key as keyof RetryPolicy]),
    ]),
  ) as { [Key in keyof RetryPolicy]: v.OptionalSchema<v.GenericSchema<number>, number> },
);
// A call's override: only the numbers it states, merged onto the client's policy.
const callRetryObject = v.strictObject(
  Object.fromEntries(Object.entries(RETRY_BOUNDS).map(([key, schema]) => [key, v.optional(schema)])) as {
    [Key in keyof RetryPolicy]: v.OptionalSchema<v.GenericSchema<number>, undefined>;
  },
);

const retryMessage = "must be false or an object like { maxRetries: 2 }";

const identityEntries = Object.fromEntries(
  Object.keys(IDENTITY_HEADERS)
    .filter((key) => key !== "clientIdentifier")
    .map((key) => [key, key === "product" ? v.optional(headerText, DEFAULT_PRODUCT) : v.optional(headerText)]),
);

const clientOptionsSchema = v.strictObject({
  clientIdentifier: nonEmptyHeaderText(
    "generate a UUID once per installation and store it; plex.tv answers 400 (code 1000) without one",
  ),
  ...identityEntries,
  token: v.optional(
    v.union([nonEmptyHeaderText(TOKEN_HINT), v.function()], "must be a string or a function returning one"),
  ),
  serverUrl: v.optional(baseUrl(SERVER_URL_EXAMPLE)),
  plexTvUrl: v.optional(baseUrl(DEFAULT_PLEX_TV_URL), DEFAULT_PLEX_TV_URL),
  timeoutMs: v.optional(timeoutMs, DEFAULT_TIMEOUT_MS),
  retry: v.optional(v.union([v.literal(false), clientRetryObject], retryMessage), DEFAULT_RETRY),
  maxResponseBytes: v.optional(integerBetween(1, 1 << 30), DEFAULT_MAX_RESPONSE_BYTES),
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

function isAbortSignal(value: unknown): boolean {
  return typeof value === "object" && value !== null && "aborted" in value && "addEventListener" in value;
}

const requestOptionsSchema = v.strictObject({
  signal: v.optional(v.custom<AbortSignal>(isAbortSignal, "must be an AbortSignal")),
  timeoutMs: v.optional(timeoutMs),
  retry: v.optional(v.union([v.literal(false), callRetryObject], retryMessage)),
  serverUrl: v.optional(baseUrl(SERVER_URL_EXAMPLE)),
  token: v.optional(token),
});

/**
 * Merges a per-call retry override onto the client's policy. `false` means no retries; an object overrides
 * field by field, on top of the defaults when the client's policy is `false`. A field given as `undefined`
 * (`{ maxRetries: options.retries }`) keeps the base value: spreading it would erase the limit.
 */
export function mergeRetry(base: RetryPolicy | false, override: RetryOptions | false | undefined): RetryPolicy | false {
  if (override === false) return false;
  if (override === undefined) return base;
  const stated = Object.entries(override).filter(([, value]) => value !== undefined);
  return { ...(base || DEFAULT_RETRY), ...Object.fromEntries(stated) };
}

/**
 * The other plex.tv bases, derived from `plexTvUrl`: the real ones by default; a proxy or a fake given as
 * `plexTvUrl` serves them all (the v1 API beside v2, and clients.plex.tv, which answers like plex.tv).
 */
function plexTvBases(plexTvUrl: string): Pick<ResolvedConfig["baseUrls"], "plexTvV1" | "clientsPlexTv"> {
  if (plexTvUrl === DEFAULT_PLEX_TV_URL) {
    return { plexTvV1: "https://plex.tv/api", clientsPlexTv: "https://clients.plex.tv/api/v2" };
  }
  return { plexTvV1: plexTvUrl.replace(/\/v2$/, ""), clientsPlexTv: plexTvUrl };
}

type ParsedClientOptions = v.InferOutput<typeof clientOptionsSchema> & PlexIdentity;

/**
 * Validates client options once and applies the defaults. Throws {@link InvalidInputError} naming every
 * bad field.
 */
export function resolveClientOptions(options: unknown): ResolvedConfig {
  const result = check(clientOptionsSchema, options ?? {});
  if (!result.success) throw new InvalidInputError({ where: "client options", issues: result.issues });
  const parsed = result.output as ParsedClientOptions;
  const identity: Record<string, string> = {};
  const identityHeaders: Record<string, string> = {};
  for (const [key, header] of Object.entries(IDENTITY_HEADERS)) {
    const value = parsed[key as keyof PlexIdentity];
    if (value === undefined) continue;
    identity[key] = value;
    identityHeaders[header] = encodeHeaderValue(value);
  }
  return Object.freeze({
    identity: Object.freeze(identity) as unknown as PlexIdentity,
    identityHeaders: Object.freeze(identityHeaders),
    token: parsed.token as TokenSource | undefined,
    baseUrls: Object.freeze({ pms: parsed.serverUrl, plexTv: parsed.plexTvUrl, ...plexTvBases(parsed.plexTvUrl) }),
    timeoutMs: parsed.timeoutMs,
    retry: parsed.retry as RetryPolicy | false,
    maxResponseBytes: parsed.maxResponseBytes,
    fetch: parsed.fetch as FetchLike | undefined,
    logger: parsed.logger as PlexAuthLogger | undefined,
  });
}

/** The same client with another token (checked like the option). */
export function withTokenSource(config: ResolvedConfig, source: TokenSource): ResolvedConfig {
  const result = check(clientOptionsSchema.entries.token, source);
  if (!result.success || source === undefined) {
    const issues = result.success ? [{ path: "", message: "is required" }] : result.issues;
    throw new InvalidInputError({ where: "token of withToken", issues });
  }
  return Object.freeze({ ...config, token: source });
}

const NO_REQUEST_OPTIONS: RequestOptions = Object.freeze({});

/** Validates per-call options. Throws {@link InvalidInputError} naming the bad field. */
export function resolveRequestOptions(options: unknown, operation: string): RequestOptions {
  if (options === undefined) return NO_REQUEST_OPTIONS;
  const result = check(requestOptionsSchema, options);
  if (!result.success) {
    throw new InvalidInputError({ where: `request options of ${operation}`, issues: result.issues, operation });
  }
  return result.output as RequestOptions;
}

/** Checks a token returned by a token function the same way a token option is checked. */
export function checkToken(value: unknown, operation: string): string {
  const result = check(token, value);
  if (!result.success)
    throw new InvalidInputError({ where: `token for ${operation}`, issues: result.issues, operation });
  return result.output;
}
