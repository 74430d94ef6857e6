/**
 * Every `code` a {@link PlexAuthError} can carry, as a union: a misspelt code in a `switch` or a comparison
 * fails to compile. The hierarchy below mirrors the classes: each class's `code` is the union of its own
 * code and its subclasses'.
 */

/** Codes of the errors Plex Media Server or plex.tv answered with (HTTP errors). */
export type ApiErrorCode =
  | "http_error"
  | "bad_request"
  | "missing_client_identifier"
  | "not_found"
  | "pin_expired"
  | "rate_limited"
  | "server_error"
  | "jwt_rejected"
  | UnauthorizedErrorCode;

/** Codes of {@link UnauthorizedError} and its subclasses: the credentials or the token were refused. */
export type UnauthorizedErrorCode =
  | "unauthorized"
  | "two_factor_required"
  | "invalid_verification_code"
  | "sign_in_throttled"
  | "invalid_token"
  | "jwt_expired"
  | "home_user_pin_required";

/** Codes of the errors raised on this side of the wire: bad input, network, timeout, abort, bad bodies. */
export type LocalErrorCode =
  | "invalid_input"
  | "invalid_response"
  | "response_too_large"
  | "connection_error"
  | "timeout"
  | "aborted"
  | "token_source_failed"
  | "no_server_connection"
  | "popup_blocked"
  | "jwt_invalid";

/**
 * Every code, as the keys of an interface: a package that adds its own `PlexAuthError` subclasses (the MCP
 * server's `not_signed_in`, say) adds its codes by declaration merging, and only code that loads that
 * package sees them.
 *
 * @example
 * ```ts
 * declare module "@plex-auth/core" {
 *   interface PlexAuthErrorCodes {
 *     my_app_error: true;
 *   }
 * }
 * ```
 */
export interface PlexAuthErrorCodes extends Record<"plex_auth_error" | ApiErrorCode | LocalErrorCode, true> {}

/**
 * The `code` of any error this SDK throws. `plex_auth_error` is the base class's own, for failures with no
 * more specific class (a client identifier file that cannot be stored, say).
 *
 * @example
 * ```ts
 * import type { PlexAuthErrorCode } from "@plex-auth/core";
 * const stop: readonly PlexAuthErrorCode[] = ["sign_in_throttled", "invalid_token"];
 * ```
 */
export type PlexAuthErrorCode = keyof PlexAuthErrorCodes;
