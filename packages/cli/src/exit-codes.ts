import { PlexAuthError, type PlexAuthErrorCode } from "@plex-auth/core";

/**
 * The exit codes of `plex-auth`, one per kind of failure, so a script can tell "sign in again" from "try
 * later". The README's table is this one.
 */
export const EXIT_CODES = {
  /** It worked. */
  ok: 0,
  /** Something unexpected (a bug, a file that cannot be written): the message says what. */
  failed: 1,
  /** A wrong flag, argument or environment variable; nothing was sent. */
  usage: 2,
  /** No token: `plex-auth login` first (or set `PLEX_TOKEN`). */
  notSignedIn: 3,
  /** Plex refused the token, password, code or PIN: sign in again or fix the credentials. */
  refused: 4,
  /** Too many attempts: wait and try again. */
  throttled: 5,
  /** Plex or the server could not be reached, or answered badly: check the network and try again. */
  unreachable: 6,
  /** No server, profile or resource of that name. */
  notFound: 7,
  /** The sign-in code expired before it was approved. */
  expired: 8,
  /** Cancelled (Ctrl-C). */
  cancelled: 130,
} as const;

/** One of {@link EXIT_CODES}' values. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

const BY_CODE: Partial<Record<PlexAuthErrorCode, ExitCode>> = {
  invalid_input: EXIT_CODES.usage,
  not_a_terminal: EXIT_CODES.usage,
  bad_input: EXIT_CODES.usage,
  refused_on_terminal: EXIT_CODES.usage,
  keychain_unavailable: EXIT_CODES.usage,
  no_plex_home: EXIT_CODES.notFound,
  token_refused: EXIT_CODES.refused,
  token_from_environment: EXIT_CODES.usage,
  not_signed_in: EXIT_CODES.notSignedIn,
  unauthorized: EXIT_CODES.refused,
  invalid_token: EXIT_CODES.refused,
  jwt_expired: EXIT_CODES.refused,
  jwt_rejected: EXIT_CODES.refused,
  jwt_invalid: EXIT_CODES.refused,
  two_factor_required: EXIT_CODES.refused,
  invalid_verification_code: EXIT_CODES.refused,
  home_user_pin_required: EXIT_CODES.refused,
  sign_in_throttled: EXIT_CODES.throttled,
  rate_limited: EXIT_CODES.throttled,
  connection_error: EXIT_CODES.unreachable,
  timeout: EXIT_CODES.unreachable,
  server_error: EXIT_CODES.unreachable,
  no_server_connection: EXIT_CODES.unreachable,
  invalid_response: EXIT_CODES.unreachable,
  response_too_large: EXIT_CODES.unreachable,
  token_source_failed: EXIT_CODES.unreachable,
  not_found: EXIT_CODES.notFound,
  no_such_server: EXIT_CODES.notFound,
  no_such_home_user: EXIT_CODES.notFound,
  pin_expired: EXIT_CODES.expired,
  aborted: EXIT_CODES.cancelled,
};

/**
 * The exit code for an error: by its `code` for the SDK's and the CLI's errors, `failed` for anything else.
 *
 * @example
 * ```ts
 * exitCodeOf(new InvalidTokenError({ … })); // 4
 * ```
 */
export function exitCodeOf(error: unknown): ExitCode {
  if (!(error instanceof PlexAuthError)) return EXIT_CODES.failed;
  return BY_CODE[error.code] ?? EXIT_CODES.failed;
}
