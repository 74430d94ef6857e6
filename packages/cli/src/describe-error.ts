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

// The SDK names the operation that failed ("ping timed out …"); a person reads what the CLI was doing.
const DOING: Readonly<Record<string, string>> = {
  postUsersSignInData: "Password sign-in",
  createOAuthPin: "Creating a sign-in code",
  getOAuthPin: "Checking the sign-in code",
  ping: "Checking the token",
  getTokenDetails: "Reading the account",
  getServerResources: "Listing your servers",
  getTransientToken: "Minting a transient token",
  getClaimToken: "Getting a claim token",
  getHomeUsers: "Reading the Plex Home",
  switchHomeUser: "Switching profile",
  signOut: "Signing out",
};

// The SDK's advice names its options; the CLI's user sets environment variables.
const OPTION_NAMES: readonly (readonly [RegExp, string])[] = [
  [/\bplexTvUrl\b/g, "PLEX_TV_URL"],
  [/\braise timeoutMs\b/g, "raise PLEX_TIMEOUT_MS"],
  [/\btimeoutMs\b/g, "PLEX_TIMEOUT_MS"],
];

/** What the CLI knows about the run beyond the error: where the token came from. */
export interface ErrorSituation {
  /** The token was `PLEX_TOKEN`'s, so signing in again would not change it. */
  readonly tokenFromEnvironment?: boolean | undefined;
}

function sdkMessage(error: PlexAuthError): string {
  let message = error.message;
  const doing = error.operation === undefined ? undefined : DOING[error.operation];
  if (doing && error.operation && message.startsWith(error.operation))
    message = doing + message.slice(error.operation.length);
  for (const [pattern, name] of OPTION_NAMES) message = message.replace(pattern, name);
  return message;
}

function inWords(error: PlexAuthError, situation: ErrorSituation): string {
  if (error.code === "invalid_token" && situation.tokenFromEnvironment) {
    return "Plex does not accept the token in PLEX_TOKEN: set a working one, or unset PLEX_TOKEN to use the stored login.";
  }
  if (error.code === "unauthorized" && error.operation === "postUsersSignInData") {
    return "Plex refused that email or username and password: check them and try again, or run `plex-auth login` to sign in with a code.";
  }
  return IN_WORDS[error.code] ?? sdkMessage(error);
}

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
export function describeError(
  error: unknown,
  secrets: readonly string[],
  situation: ErrorSituation = {},
): DescribedError {
  const exitCode = exitCodeOf(error);
  if (error instanceof PlexAuthError) {
    const message = inWords(error, situation);
    return { message: redactText(message, secrets), code: error.code, exitCode };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return {
    message: redactText(`Something unexpected went wrong: ${detail}. Run again with --debug for details.`, secrets),
    code: "unexpected",
    exitCode,
  };
}
