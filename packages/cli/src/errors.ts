import { PlexAuthError, type PlexAuthErrorCode } from "@plex-auth/core";

declare module "@plex-auth/core" {
  interface PlexAuthErrorCodes {
    not_signed_in: true;
    no_such_server: true;
    no_such_home_user: true;
    token_from_environment: true;
    not_a_terminal: true;
    keychain_unavailable: true;
    keychain_failed: true;
    bad_input: true;
    refused_on_terminal: true;
    no_plex_home: true;
    token_refused: true;
  }
}

/** The codes of the CLI's own errors (the rest come from `@plex-auth/core`). */
export type CliErrorCode =
  | "not_signed_in"
  | "no_such_server"
  | "no_such_home_user"
  | "token_from_environment"
  | "not_a_terminal"
  | "keychain_unavailable"
  | "keychain_failed"
  | "bad_input"
  | "refused_on_terminal"
  | "no_plex_home"
  | "token_refused";

/**
 * A failure of the CLI itself (no token stored, no server of that name, …), in the same hierarchy as the
 * SDK's errors so one function turns any of them into a message and an exit code.
 *
 * @example
 * ```ts
 * throw new CliError("not_signed_in", "You are not signed in: run `plex-auth login`.");
 * ```
 */
export class CliError extends PlexAuthError {
  static override readonly errorName: string = "CliError";
  declare readonly code: CliErrorCode;

  constructor(code: CliErrorCode, message: string) {
    super({ message });
    // Each CliError carries its own code; the base class would give every one the class's.
    (this as { code: PlexAuthErrorCode }).code = code;
  }
}
