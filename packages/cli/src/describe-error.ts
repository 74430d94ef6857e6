import { PlexAuthError, type PlexAuthErrorCode, redactText } from "@plex-auth/core";
import { type ExitCode, exitCodeOf } from "./exit-codes.ts";

/** An error as the CLI reports it: one sentence (or two), its code and the process's exit code. */
export interface DescribedError {
  readonly message: string;
  readonly code: string;
  readonly exitCode: ExitCode;
}

// What a person at a terminal should read for the failures the SDK words for programmers.
const IN_WORDS: Partial<Record<PlexAuthErrorCode, string>> = {
  aborted: "Cancelled.",
  sign_in_throttled:
    "Plex has paused password sign-in from this address after too many failed attempts (Plex code 1031). " +
    "Wait a while before trying again, or run `plex-auth login` to sign in with a code instead.",
  invalid_verification_code:
    "Plex refused the two-factor code (Plex code 1028): it is wrong or was already used. " +
    "Run the command again and enter the code your authenticator app shows now.",
  two_factor_required:
    "This account uses two-factor authentication: run `plex-auth login --password` in a terminal to enter the code, " +
    "or use `plex-auth login` (the code flow).",
  invalid_token:
    "Plex no longer accepts this token (it was signed out, revoked or replaced): run `plex-auth login` to sign in again.",
  pin_expired: "The sign-in code expired before it was approved: run `plex-auth login` again for a new code.",
  home_user_pin_required:
    "That Plex Home profile is protected and the PIN was missing or wrong: try again with its PIN.",
};

/**
 * Turns any failure into the one message, code and exit code the CLI shows: the SDK's own message (already
 * free of secrets, and saying what to do) unless a plainer one is known, and anything not from the SDK as
 * an unexpected error. `secrets` are scrubbed from the text whatever its origin.
 *
 * @example
 * ```ts
 * const { message, exitCode } = describeError(error, [token]);
 * ```
 */
export function describeError(error: unknown, secrets: readonly string[]): DescribedError {
  const exitCode = exitCodeOf(error);
  if (error instanceof PlexAuthError) {
    const message = IN_WORDS[error.code] ?? error.message;
    return { message: redactText(message, secrets), code: error.code, exitCode };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    message: redactText(`Something unexpected went wrong: ${detail}. Run again with --debug for details.`, secrets),
    code: "unexpected",
    exitCode,
  };
}
