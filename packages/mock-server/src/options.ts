import { InvalidInputError } from "@plex-auth/core";
import * as v from "valibot";
import type { MockAccount } from "./accounts.ts";
import { type MockAccountInit, withExtraAccounts } from "./extra-accounts.ts";
import { type ResolvedMediaServer, resolveServers } from "./servers/resolve.ts";
import type { MockMediaServerInit } from "./servers/types.ts";
import type { PinReadPolicy } from "./state/mock-state.ts";
import type { RateLimitOptions } from "./state/rate-limiter.ts";

/**
 * The origin `mock.fetch` answers for. `.invalid` can never resolve, so nothing leaks to a real host.
 *
 * @example
 * ```ts
 * createMockPlex().baseUrl === DEFAULT_MOCK_ORIGIN; // true
 * ```
 */
export const DEFAULT_MOCK_ORIGIN = "http://mock.plex.invalid";
/**
 * How long a transient token lives: 48 hours, like real PMS.
 *
 * @example
 * ```ts
 * mock.advanceTime(DEFAULT_TRANSIENT_TOKEN_TTL_MS); // every transient token minted until now has expired
 * ```
 */
export const DEFAULT_TRANSIENT_TOKEN_TTL_MS: number = 48 * 60 * 60 * 1000;
/**
 * Failed sign-ins (wrong password or code) from one client before it is locked out with code 1031.
 *
 * @example
 * ```ts
 * const mock = createMockPlex({ lockoutThreshold: DEFAULT_LOCKOUT_THRESHOLD }); // the default, 5
 * ```
 */
export const DEFAULT_LOCKOUT_THRESHOLD = 5;
/**
 * How long a lockout lasts, in mock-clock milliseconds: 15 minutes.
 *
 * @example
 * ```ts
 * mock.advanceTime(DEFAULT_LOCKOUT_MS); // a locked-out client may sign in again
 * ```
 */
export const DEFAULT_LOCKOUT_MS: number = 15 * 60 * 1000;
/**
 * Default per-client rate limit of the plex.tv routes: 300 requests a minute.
 *
 * @example
 * ```ts
 * const strict = createMockPlex({ rateLimit: { ...DEFAULT_RATE_LIMIT, limit: 2 } });
 * ```
 */
export const DEFAULT_RATE_LIMIT: Readonly<Required<RateLimitOptions>> = Object.freeze({ limit: 300, windowMs: 60_000 });

/**
 * Options of {@link createMockPlex}; every one has a default.
 *
 * @example
 * ```ts
 * const options: MockPlexOptions = { seed: 1, now: () => Date.UTC(2030, 0, 1), lockoutThreshold: 3, rateLimit: false };
 * const mock = createMockPlex(options);
 * ```
 */
export interface MockPlexOptions {
  /** Makes tokens and probabilistic faults reproducible. Default: unseeded (crypto random). */
  seed?: number;
  /** The clock the mock reads (token expiry, lockouts, rate windows, TOTP). Default `Date.now`. */
  now?: () => number;
  /** The origin `mock.fetch` answers for. Default `http://mock.plex.invalid`. */
  origin?: string;
  /** Lifetime of transient tokens. Default 48 h. */
  transientTokenTtlMs?: number;
  /** Failed sign-ins from one client before code 1031. Default 5. */
  lockoutThreshold?: number;
  /** How long a lockout lasts. Default 15 min. */
  lockoutMs?: number;
  /** Per-client rate limit of the plex.tv routes, or `false` for none. Default 300 per minute. */
  rateLimit?: RateLimitOptions | false;
  /** Whether a TOTP code is accepted only once, like real two-factor checks. Default `true`. */
  rejectReusedCodes?: boolean;
  /** How many requests the log keeps (oldest dropped first). Default 1000. */
  maxLoggedRequests?: number;
  /** Accounts to add to the seeded ones (which are always there). Default none. */
  accounts?: readonly MockAccountInit[];
  /**
   * The servers `GET /api/v2/resources` lists, with their owners, sharing and connection behaviours.
   * Replaces the seeded list (`MOCK_MEDIA_SERVER_LIST`); spread it in to keep the seeded servers.
   */
  servers?: readonly MockMediaServerInit[] | undefined;
  /**
   * Whether a PIN may be polled (`GET /api/v2/pins/{id}`) by a client identifier other than its creator's.
   * plex.tv's behaviour is unknown. Default `"reject"` (404, code 1020).
   */
  pinReadsFromOtherClients?: PinReadPolicy | undefined;
  /**
   * Whether the first Plex JWT issued for a device revokes that device's legacy (20-character) token, as
   * Plex reportedly does (FLOWS.md §2.2); plex.tv then answers 422 for it. Default `true`.
   */
  invalidateLegacyTokenOnJwt?: boolean | undefined;
  /**
   * Whether the mock's own Plex Media Server (`/security/*`, `/`) accepts a Plex JWT as a token. Plex's docs
   * say servers do; field reports from 2026 say they answer 401 (FLOWS.md §2.5). Default `false` (401).
   */
  pmsAcceptsJwt?: boolean | undefined;
  /**
   * The `Cross-Origin-Opener-Policy` the auth page (`/auth`) answers with, e.g. `"same-origin"`, as Plex web
   * 4.152.0 sent it (FLOWS.md §1.7): the opener of a popup on it then reads `popup.closed` as `true` while
   * the person is still signing in, and cannot close it. Default none.
   */
  authPageOpenerPolicy?: "same-origin" | "same-origin-allow-popups" | "unsafe-none" | undefined;
}

/** {@link MockPlexOptions} after validation, with defaults applied. */
export interface ResolvedMockOptions {
  readonly seed: number | undefined;
  readonly now: () => number;
  readonly origin: string;
  readonly transientTokenTtlMs: number;
  readonly lockoutThreshold: number;
  readonly lockoutMs: number;
  readonly rateLimit: Readonly<Required<RateLimitOptions>> | false;
  readonly rejectReusedCodes: boolean;
  readonly maxLoggedRequests: number;
  /** The seeded accounts, then the added ones. */
  readonly accounts: readonly MockAccount[];
  readonly servers: readonly ResolvedMediaServer[];
  readonly pinReadsFromOtherClients: PinReadPolicy;
  readonly invalidateLegacyTokenOnJwt: boolean;
  readonly pmsAcceptsJwt: boolean;
  readonly authPageOpenerPolicy: string | undefined;
}

const positiveInteger = (fallback: number) =>
  v.optional(
    v.pipe(v.number("must be a number"), v.safeInteger("must be a whole number"), v.minValue(1, "must be at least 1")),
    fallback,
  );

function isHttpOrigin(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === "http:" || protocol === "https:";
  } catch {
    return false;
  }
}

// The scalar options, each with its rule and its default; `accounts` and `servers` are checked by their
// own resolvers, which look accounts up (hence the loose object).
const optionsSchema = v.looseObject({
  seed: v.optional(v.pipe(v.number("must be a number"), v.finite("must be a finite number"))),
  now: v.optional(v.function("must be a function returning epoch milliseconds"), () => Date.now),
  origin: v.optional(
    v.pipe(
      v.string(`must be an absolute http(s) URL like ${DEFAULT_MOCK_ORIGIN}`),
      v.check(isHttpOrigin, `must be an absolute http(s) URL like ${DEFAULT_MOCK_ORIGIN}`),
      v.transform((value) => new URL(value).origin),
    ),
    DEFAULT_MOCK_ORIGIN,
  ),
  transientTokenTtlMs: positiveInteger(DEFAULT_TRANSIENT_TOKEN_TTL_MS),
  lockoutThreshold: positiveInteger(DEFAULT_LOCKOUT_THRESHOLD),
  lockoutMs: positiveInteger(DEFAULT_LOCKOUT_MS),
  rateLimit: v.optional(
    v.union(
      [
        v.literal(false),
        v.strictObject({
          limit: positiveInteger(DEFAULT_RATE_LIMIT.limit),
          windowMs: positiveInteger(DEFAULT_RATE_LIMIT.windowMs),
        }),
      ],
      "must be false or { limit, windowMs }, each a positive whole number",
    ),
    DEFAULT_RATE_LIMIT,
  ),
  rejectReusedCodes: v.optional(v.boolean("must be true or false"), true),
  maxLoggedRequests: positiveInteger(1000),
  pinReadsFromOtherClients: v.optional(v.picklist(["reject", "allow"], 'must be "reject" or "allow"'), "reject"),
  invalidateLegacyTokenOnJwt: v.optional(v.boolean("must be true or false"), true),
  pmsAcceptsJwt: v.optional(v.boolean("must be true or false"), false),
  authPageOpenerPolicy: v.optional(
    v.picklist(
      ["same-origin", "same-origin-allow-popups", "unsafe-none"],
      'must be "same-origin", "same-origin-allow-popups" or "unsafe-none"',
    ),
  ),
});

/** Validates options and applies defaults; throws core's `InvalidInputError` naming every bad option. */
export function resolveMockOptions(options: MockPlexOptions = {}): ResolvedMockOptions {
  const result = v.safeParse(optionsSchema, options, { abortEarly: false });
  if (!result.success) {
    const issues = result.issues.map((issue) => ({ path: v.getDotPath(issue) ?? "options", message: issue.message }));
    throw new InvalidInputError({ where: "options of createMockPlex", issues });
  }
  const parsed = result.output;
  const accounts = withExtraAccounts(options.accounts);
  return {
    seed: parsed.seed,
    now: parsed.now as () => number,
    origin: parsed.origin,
    transientTokenTtlMs: parsed.transientTokenTtlMs,
    lockoutThreshold: parsed.lockoutThreshold,
    lockoutMs: parsed.lockoutMs,
    rateLimit: parsed.rateLimit,
    rejectReusedCodes: parsed.rejectReusedCodes,
    maxLoggedRequests: parsed.maxLoggedRequests,
    accounts,
    servers: resolveServers(options.servers, accounts),
    pinReadsFromOtherClients: parsed.pinReadsFromOtherClients,
    invalidateLegacyTokenOnJwt: parsed.invalidateLegacyTokenOnJwt,
    pmsAcceptsJwt: parsed.pmsAcceptsJwt,
    authPageOpenerPolicy: parsed.authPageOpenerPolicy,
  };
}
