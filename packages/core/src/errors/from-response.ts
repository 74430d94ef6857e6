import type { OperationHost } from "../hosts.ts";
import {
  ApiError,
  type ApiErrorInit,
  BadRequestError,
  InvalidTokenError,
  JwtExpiredError,
  MissingClientIdentifierError,
  NotFoundError,
  RateLimitError,
  ServerError,
  UnauthorizedError,
} from "./api.ts";
import { parseErrorBody } from "./error-body.ts";
import { parseRetryAfterMs } from "./retry-after.ts";

/** An error class of the hierarchy, as the factory builds it. */
export type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

/** The class an error response gets, with the advice its message ends with. */
export type ErrorClassification = readonly [ApiErrorClass, string];

/**
 * An operation's own reading of an error response, asked before the general rules: the Plex codes only
 * that operation answers (a PIN's 1020, a Home profile's 1041, the JWT endpoints' refusals). They live
 * with the operation so that a bundle without it carries neither the classes nor the words.
 */
export type ErrorClassifier = (
  status: number,
  detail: { readonly code?: number | undefined; readonly message?: string | undefined } | undefined,
) => ErrorClassification | undefined;

/**
 * The part of an operation the error factory needs: its name, whether a token was sent, to whom, and its
 * own error classes. An `OperationDefinition` is one.
 */
export interface ErrorContext {
  readonly name: string;
  readonly requiresToken: boolean;
  /** Which server answered; the advice of a 403 or a 404 depends on it. Default `plexTv`. */
  readonly host?: OperationHost | undefined;
  /** The operation's own error codes, asked first. */
  readonly classifyError?: ErrorClassifier | undefined;
}

/** What {@link errorFromResponse} reads. */
export interface ErrorResponse {
  /** The HTTP status. */
  readonly status: number;
  /** The body as text (JSON, XML or HTML); the start of it is enough. */
  readonly body: string;
  /** The response headers, for `Retry-After`. */
  readonly headers?: Headers | undefined;
  /** The operation that was called. */
  readonly operation: ErrorContext;
  /** Values to remove from every message and excerpt (the token, a password). */
  readonly secrets?: readonly string[] | undefined;
  /** How long the server asked us to wait, when already parsed from the headers. */
  readonly retryAfterMs?: number | undefined;
}

/** Which option names the base URL of a host, for advice on a wrong address. */
export function urlOptionOf(host: OperationHost | undefined): string {
  return host === "pms" ? "serverUrl" : "plexTvUrl";
}

/** Advice for an answer that cannot be from Plex: the address is probably wrong. */
export function wrongAddressAdvice(host: OperationHost | undefined): string {
  return host === "pms"
    ? "check that serverUrl is your Plex Media Server's address, like http://192.168.1.10:32400 (no path)"
    : "check that plexTvUrl is the plex.tv API, https://plex.tv/api/v2 (or leave it unset)";
}

function classify(
  status: number,
  first: { code?: number | undefined; message?: string | undefined } | undefined,
  context: ErrorContext,
): ErrorClassification {
  const own = context.classifyError?.(status, first);
  if (own) return own;
  // The Plex codes every endpoint may answer; they name the situation more precisely than the status.
  const code = first?.code;
  if (code === 1000) {
    return [MissingClientIdentifierError, "plex.tv needs X-Plex-Client-Identifier: set clientIdentifier on the client"];
  }
  if (status === 429 || code === 1003) return [RateLimitError, "rate limit exceeded: wait before calling again"];
  if (status === 498) {
    return [JwtExpiredError, "the Plex JWT expired: mint a new one"];
  }
  if (status === 400) return [BadRequestError, "the request was rejected as malformed: check the input"];
  if (status === 401 && context.requiresToken) {
    return [InvalidTokenError, "the token was rejected (wrong or expired): sign in again for a new token"];
  }
  if (status === 401) return [UnauthorizedError, "sign-in failed: check the login and password"];
  if (status === 403) {
    return context.host === "pms"
      ? [
          UnauthorizedError,
          "this token may not do that: the /security operations need an admin token (or a transient token made from one)",
        ]
      : [UnauthorizedError, "this token may not do that: check that it belongs to the right account"];
  }
  if (status === 404) return [NotFoundError, `nothing was found there: ${wrongAddressAdvice(context.host)}`];
  if (status === 422 && context.requiresToken) {
    return [InvalidTokenError, "the token is invalid or revoked: sign in again for a new token"];
  }
  if (status >= 500) return [ServerError, "Plex had a server error: try again later"];
  return [ApiError, `unexpected answer: ${wrongAddressAdvice(context.host)}`];
}

function formatRetryAfter(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.ceil(ms / 1000)} s`;
}

/**
 * Builds the right error for an HTTP error response: the class from the Plex code and the status, a
 * message that says what happened and what to do, and the parsed body (JSON, XML or an HTML excerpt),
 * all redacted of `secrets`. `retryAfterMs` comes from `Retry-After` or `retry-after-ms` unless given.
 *
 * @example
 * ```ts
 * const error = errorFromResponse({
 *   status: 401,
 *   body: '{"errors":[{"code":1029,"message":"Please enter the verification code"}]}',
 *   operation: { name: "postUsersSignInData", requiresToken: false },
 * });
 * error instanceof TwoFactorRequiredError; // true
 * ```
 */
export function errorFromResponse(response: ErrorResponse): ApiError {
  const { status, operation, secrets = [] } = response;
  const retryAfterMs = response.retryAfterMs ?? (response.headers ? parseRetryAfterMs(response.headers) : undefined);
  const parsed = parseErrorBody(response.body, secrets);
  // The entry with a code decides the class, as it decides `plexCode`; a message-only entry still explains.
  const first =
    parsed.errors.find((detail) => detail.code !== undefined) ??
    parsed.errors.find((detail) => detail.message !== undefined);
  const [ErrorClass, advice] = classify(status, first, operation);
  const said = first
    ? ` (Plex${first.code === undefined ? "" : ` code ${first.code}`}${first.message ? `: "${first.message}"` : ""})`
    : parsed.excerpt
      ? ` ("${parsed.excerpt}")`
      : "";
  const wait = retryAfterMs === undefined ? "" : `; retry after ${formatRetryAfter(retryAfterMs)}`;
  return new ErrorClass({
    status,
    message: `${operation.name} failed with HTTP ${status}${said}: ${advice}${wait}.`,
    operation: operation.name,
    errors: parsed.errors,
    excerpt: parsed.excerpt,
    retryAfterMs,
    retryable: ErrorClass === RateLimitError ? true : undefined,
  });
}
