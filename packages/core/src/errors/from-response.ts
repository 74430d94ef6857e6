import type { OperationHost } from "../operations/types.ts";
import { parseErrorBody } from "../transport/error-body.ts";
import { parseRetryAfterMs } from "../transport/retry.ts";
import {
  ApiError,
  type ApiErrorInit,
  BadRequestError,
  InvalidTokenError,
  InvalidVerificationCodeError,
  MissingClientIdentifierError,
  RateLimitError,
  ServerError,
  SignInThrottledError,
  TwoFactorRequiredError,
  UnauthorizedError,
} from "./api.ts";

/** The part of an operation the error factory needs: its name, whether a token was sent, and to whom. */
export interface ErrorContext {
  readonly name: string;
  readonly requiresToken: boolean;
  /** `pms` or `plexTv`; only the advice of a 403 depends on it. */
  readonly host?: OperationHost;
}

type ApiErrorClass = new (init: ApiErrorInit) => ApiError;

/** Plex codes that name a situation more precisely than the status does. */
const BY_PLEX_CODE: ReadonlyMap<number, readonly [ApiErrorClass, string]> = new Map<
  number,
  readonly [ApiErrorClass, string]
>([
  [1029, [TwoFactorRequiredError, "two-factor code required: call again with verificationCode"]],
  [
    1028,
    [
      InvalidVerificationCodeError,
      "the two-factor code is wrong or expired: ask for a new code, do not resend this one",
    ],
  ],
  [
    1031,
    [
      SignInThrottledError,
      "plex.tv is throttling sign-in from this IP after repeated failures: stop, and wait before trying again",
    ],
  ],
  [1003, [RateLimitError, "rate limit exceeded: wait before calling again"]],
  [1000, [MissingClientIdentifierError, "plex.tv needs X-Plex-Client-Identifier: set clientIdentifier on the client"]],
]);

function classify(
  status: number,
  plexCode: number | undefined,
  context: ErrorContext,
): readonly [ApiErrorClass, string] {
  const byCode = plexCode === undefined ? undefined : BY_PLEX_CODE.get(plexCode);
  if (byCode) return byCode;
  if (status === 429) return [RateLimitError, "rate limit exceeded: wait before calling again"];
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
  if (status === 422 && context.requiresToken) {
    return [InvalidTokenError, "the token is invalid or revoked: sign in again for a new token"];
  }
  if (status >= 500) return [ServerError, "Plex had a server error: try again later"];
  return [ApiError, "unexpected response from Plex"];
}

function formatRetryAfter(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.ceil(ms / 1000)} s`;
}

/**
 * Builds the right error for an HTTP error response: the class from the Plex code and the status, a
 * message that says what happened and what to do, and the parsed body (JSON, XML or an HTML excerpt),
 * all redacted of `secrets`. `retryAfterMs` comes from `Retry-After` or `retry-after-ms`.
 *
 * @example
 * ```ts
 * const error = errorFromResponse(401, '{"errors":[{"code":1029,"message":"Please enter the verification code"}]}',
 *   new Headers(), { name: "postUsersSignInData", requiresToken: false });
 * error instanceof TwoFactorRequiredError; // true
 * ```
 */
export function errorFromResponse(
  status: number,
  body: string,
  headers: Headers,
  operation: ErrorContext,
  secrets: readonly string[] = [],
): ApiError {
  const retryAfterMs = parseRetryAfterMs(headers);
  const parsed = parseErrorBody(body, secrets);
  // The entry with a code decides the class, as it decides `plexCode`; a message-only entry still explains.
  const first =
    parsed.errors.find((detail) => detail.code !== undefined) ??
    parsed.errors.find((detail) => detail.message !== undefined);
  const [ErrorClass, advice] = classify(status, first?.code, operation);
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
  });
}
