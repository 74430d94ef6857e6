import { PlexAuthError } from "./base.ts";

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
}

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
  static override readonly errorCode: string = "http_error";

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
    super(init.message, { operation: init.operation });
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
  static override readonly errorCode: string = "bad_request";
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
  static override readonly errorCode: string = "missing_client_identifier";
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
  static override readonly errorCode: string = "unauthorized";
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
  static override readonly errorCode: string = "two_factor_required";
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
  static override readonly errorCode: string = "invalid_verification_code";
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
  static override readonly errorCode: string = "sign_in_throttled";
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
  static override readonly errorCode: string = "invalid_token";
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
  static override readonly errorCode: string = "rate_limited";
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
  static override readonly errorCode: string = "server_error";
}
