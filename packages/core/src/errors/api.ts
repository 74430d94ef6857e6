import { PlexAuthError } from "./base.ts";
import type { ApiErrorCode, UnauthorizedErrorCode } from "./codes.ts";

/** One entry of a plex.tv `errors[]` body. Every field is optional: older responses omit `status`. */
export interface PlexErrorDetail {
  /** Plex's own error code, e.g. `1029` (two-factor code required). */
  readonly code?: number | undefined;
  /** Plex's message, with any secret removed. */
  readonly message?: string | undefined;
  /** The HTTP status Plex repeats inside the body. */
  readonly status?: number | undefined;
}

/** What every HTTP error is built from; {@link errorFromResponse} fills it in. */
export interface ApiErrorInit {
  /** The HTTP status of the response. */
  status: number;
  /** The human-readable message, already free of secrets. */
  message: string;
  /** The operation that failed. */
  operation?: string | undefined;
  /** The parsed plex.tv `errors[]` (from JSON or XML). */
  errors?: readonly PlexErrorDetail[] | undefined;
  /** A short text excerpt of a body that was not a Plex error document (PMS HTML pages). */
  excerpt?: string | undefined;
  /** How long the server asked us to wait, from `Retry-After` / `retry-after-ms`, when it said. */
  retryAfterMs?: number | undefined;
  /** Whether calling again later may succeed. Default: true for 408, 429 and 5xx. */
  retryable?: boolean | undefined;
}

/** Statuses that say "try again later": reads are retried on them, and their errors are `retryable`. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/**
 * An HTTP error answered by plex.tv or a Plex Media Server. Subclasses name the cases worth catching.
 *
 * @example
 * ```ts
 * import { ApiError } from "@plex-auth/core";
 * try {
 *   await plex.authentication.getTokenDetails();
 * } catch (error) {
 *   if (error instanceof ApiError) console.error(error.status, error.plexCode, error.errors);
 * }
 * ```
 */
export class ApiError extends PlexAuthError {
  static override readonly errorName: string = "ApiError";
  static override readonly errorCode: ApiErrorCode = "http_error";

  declare readonly code: ApiErrorCode;
  /** The HTTP status. */
  readonly status: number;
  /** The parsed plex.tv `errors[]`; empty for bodies that were not a Plex error document. */
  readonly errors: readonly PlexErrorDetail[];
  /** The first Plex error code, e.g. `1001`, when the body had one. */
  readonly plexCode: number | undefined;
  /** A short, redacted text excerpt of a non-Plex body (a PMS HTML error page). */
  readonly excerpt: string | undefined;
  /** Milliseconds the server asked us to wait before retrying, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(init: ApiErrorInit) {
    super({
      message: init.message,
      operation: init.operation,
      retryable: init.retryable ?? TRANSIENT_STATUSES.has(init.status),
    });
    this.status = init.status;
    this.errors = Object.freeze([...(init.errors ?? [])]);
    this.plexCode = this.errors.find((detail) => detail.code !== undefined)?.code;
    this.excerpt = init.excerpt;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * HTTP 400: Plex rejected the request as malformed.
 *
 * @example
 * ```ts
 * if (error instanceof BadRequestError) console.error("check the input:", error.message);
 * ```
 */
export class BadRequestError extends ApiError {
  static override readonly errorName: string = "BadRequestError";
  static override readonly errorCode: ApiErrorCode = "bad_request";
  declare readonly code: "bad_request" | "missing_client_identifier";
}

/**
 * HTTP 400, Plex code 1000: plex.tv got no `X-Plex-Client-Identifier`. Set `clientIdentifier` on the client.
 *
 * @example
 * ```ts
 * if (error instanceof MissingClientIdentifierError) console.error("set clientIdentifier");
 * ```
 */
export class MissingClientIdentifierError extends BadRequestError {
  static override readonly errorName: string = "MissingClientIdentifierError";
  static override readonly errorCode: ApiErrorCode = "missing_client_identifier";
  declare readonly code: "missing_client_identifier";
}

/**
 * HTTP 404: nothing at that address. Usually `serverUrl` or `plexTvUrl` points somewhere that is not Plex.
 *
 * @example
 * ```ts
 * if (error instanceof NotFoundError) console.error("check serverUrl and plexTvUrl");
 * ```
 */
export class NotFoundError extends ApiError {
  static override readonly errorName: string = "NotFoundError";
  static override readonly errorCode: ApiErrorCode = "not_found";
  declare readonly code: "not_found" | "pin_expired";
}

/**
 * HTTP 404, Plex code 1020: the PIN expired (4-character codes live 15 minutes, strong ones 30) or never
 * existed. Create a new PIN.
 *
 * @example
 * ```ts
 * if (error instanceof PinExpiredError) pin = await plex.authentication.createOAuthPin({ strong: true });
 * ```
 */
export class PinExpiredError extends NotFoundError {
  static override readonly errorName: string = "PinExpiredError";
  static override readonly errorCode: ApiErrorCode = "pin_expired";
  declare readonly code: "pin_expired";
}

/**
 * HTTP 401 or 403: the credentials were refused (wrong login or password, or a token without access).
 *
 * @example
 * ```ts
 * if (error instanceof UnauthorizedError) console.error("sign in again");
 * ```
 */
export class UnauthorizedError extends ApiError {
  static override readonly errorName: string = "UnauthorizedError";
  static override readonly errorCode: ApiErrorCode = "unauthorized";
  declare readonly code: UnauthorizedErrorCode;
}

/**
 * HTTP 401, Plex code 1029: the account has two-factor authentication on. Call sign-in again with
 * `verificationCode`.
 *
 * @example
 * ```ts
 * try {
 *   await plex.authentication.postUsersSignInData({ login, password });
 * } catch (error) {
 *   if (!(error instanceof TwoFactorRequiredError)) throw error;
 *   await plex.authentication.postUsersSignInData({ login, password, verificationCode: await ask() });
 * }
 * ```
 */
export class TwoFactorRequiredError extends UnauthorizedError {
  static override readonly errorName: string = "TwoFactorRequiredError";
  static override readonly errorCode: ApiErrorCode = "two_factor_required";
  declare readonly code: "two_factor_required";
}

/**
 * HTTP 401, Plex code 1028: the two-factor code was wrong or expired. Ask for a fresh code.
 *
 * @example
 * ```ts
 * if (error instanceof InvalidVerificationCodeError) console.error("that code did not work; enter a new one");
 * ```
 */
export class InvalidVerificationCodeError extends UnauthorizedError {
  static override readonly errorName: string = "InvalidVerificationCodeError";
  static override readonly errorCode: ApiErrorCode = "invalid_verification_code";
  declare readonly code: "invalid_verification_code";
}

/**
 * HTTP 401, Plex code 1031: plex.tv throttled sign-in from this IP after repeated failures. Stop and wait.
 *
 * @example
 * ```ts
 * if (error instanceof SignInThrottledError) console.error("too many failed sign-ins; wait before trying again");
 * ```
 */
export class SignInThrottledError extends UnauthorizedError {
  static override readonly errorName: string = "SignInThrottledError";
  static override readonly errorCode: ApiErrorCode = "sign_in_throttled";
  declare readonly code: "sign_in_throttled";
}

/**
 * The token was rejected: HTTP 401 on a token operation (wrong or expired) or 422 "Invalid token" (revoked,
 * e.g. after "sign out of all devices"). Sign in again for a new token.
 *
 * @example
 * ```ts
 * if (error instanceof InvalidTokenError) await signInAgain();
 * ```
 */
export class InvalidTokenError extends UnauthorizedError {
  static override readonly errorName: string = "InvalidTokenError";
  static override readonly errorCode: ApiErrorCode = "invalid_token";
  declare readonly code: "invalid_token" | "jwt_expired";
}

/**
 * HTTP 498: the Plex JWT expired (they live 7 days). Mint a new one; a token source from
 * `@plex-auth/core/jwt` does it by itself, and retries the call once.
 *
 * @example
 * ```ts
 * if (error instanceof JwtExpiredError) await refreshTheJwt();
 * ```
 */
export class JwtExpiredError extends InvalidTokenError {
  static override readonly errorName: string = "JwtExpiredError";
  static override readonly errorCode: ApiErrorCode = "jwt_expired";
  declare readonly code: "jwt_expired";
}

/** Why plex.tv refused a device key or a client JWT. */
export type JwtRejection = "signature" | "thumbprint_taken" | "issuer_mismatch" | "unknown";

function rejectionOf(errors: readonly PlexErrorDetail[]): JwtRejection {
  if (errors.some((detail) => detail.code === 1097)) return "issuer_mismatch";
  const said = errors.map((detail) => detail.message ?? "").join(" ");
  if (/thumbprint/i.test(said)) return "thumbprint_taken";
  if (/signature|jwt|jwk/i.test(said)) return "signature";
  return "unknown";
}

/**
 * plex.tv refused a device key or a client JWT: the signature or the JWT's structure is wrong (422), the
 * key's `kid` is registered by another device (422 "Thumbprint Already Taken"), or the JWT's `iss` is not
 * the device's client identifier (code 1097). `reason` says which.
 *
 * @example
 * ```ts
 * if (error instanceof JwtRejectedError && error.reason === "thumbprint_taken") key = await generateDeviceKey();
 * ```
 */
export class JwtRejectedError extends ApiError {
  static override readonly errorName: string = "JwtRejectedError";
  static override readonly errorCode: ApiErrorCode = "jwt_rejected";
  declare readonly code: "jwt_rejected";

  /** Why: `signature`, `thumbprint_taken`, `issuer_mismatch`, or `unknown`. */
  readonly reason: JwtRejection;

  constructor(init: ApiErrorInit) {
    super(init);
    this.reason = rejectionOf(this.errors);
  }
}

/**
 * HTTP 403, Plex code 1041: the Plex Home profile is protected and the PIN was missing or wrong. Ask the
 * user for the profile's 4-digit PIN and switch again with it.
 *
 * @example
 * ```ts
 * if (error instanceof HomeUserPinRequiredError) await plex.authentication.switchHomeUser({ uuid, pin: await ask() });
 * ```
 */
export class HomeUserPinRequiredError extends UnauthorizedError {
  static override readonly errorName: string = "HomeUserPinRequiredError";
  static override readonly errorCode: ApiErrorCode = "home_user_pin_required";
  declare readonly code: "home_user_pin_required";
}

/**
 * HTTP 429 or Plex code 1003: rate limited. `retryAfterMs` says how long to wait when Plex said.
 *
 * @example
 * ```ts
 * if (error instanceof RateLimitError) await sleep(error.retryAfterMs ?? 60_000);
 * ```
 */
export class RateLimitError extends ApiError {
  static override readonly errorName: string = "RateLimitError";
  static override readonly errorCode: ApiErrorCode = "rate_limited";
  declare readonly code: "rate_limited";
}

/**
 * HTTP 5xx: the Plex service failed. Usually temporary; GET operations were already retried.
 *
 * @example
 * ```ts
 * if (error instanceof ServerError) console.error(`Plex is having trouble (${error.status}); try later`);
 * ```
 */
export class ServerError extends ApiError {
  static override readonly errorName: string = "ServerError";
  static override readonly errorCode: ApiErrorCode = "server_error";
  declare readonly code: "server_error";
}
