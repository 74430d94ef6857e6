import { PlexAuthError, type PlexAuthErrorCode } from "@plex-auth/core";

declare module "@plex-auth/core" {
  /** The MCP server's own error codes, beside core's. */
  interface PlexAuthErrorCodes {
    not_signed_in: true;
    server_not_configured: true;
    sign_in_rate_limited: true;
  }
}

/**
 * A tool that sends a token was called with no token: neither `PLEX_TOKEN` nor a sign-in in this session,
 * or the session's token was signed out. Thrown by the session's token source, so core has already
 * validated the input when it surfaces.
 *
 * @example
 * ```ts
 * if (error instanceof NotSignedInError) console.error("call post_users_sign_in_data first");
 * ```
 */
export class NotSignedInError extends PlexAuthError {
  static override readonly errorName: string = "NotSignedInError";
  static override readonly errorCode: PlexAuthErrorCode = "not_signed_in";
  declare readonly code: "not_signed_in";

  /** `signedOut`: the session had a token, and sign_out killed it (so PLEX_TOKEN, if set, is dead too). */
  constructor(init: { operation?: string | undefined; signedOut?: boolean | undefined } = {}) {
    super({
      message: init.signedOut
        ? "No Plex token in this session: its token was signed out of plex.tv, and nobody has signed in since."
        : "No Plex token in this session: PLEX_TOKEN is not set and nobody has signed in yet.",
      operation: init.operation,
    });
  }
}

/**
 * A Plex Media Server tool was called with valid arguments, but no server is configured (`PLEX_SERVER_URL`).
 * No tool takes a URL, so only the user can fix it.
 *
 * @example
 * ```ts
 * if (error instanceof ServerNotConfiguredError) console.error("set PLEX_SERVER_URL");
 * ```
 */
export class ServerNotConfiguredError extends PlexAuthError {
  static override readonly errorName: string = "ServerNotConfiguredError";
  static override readonly errorCode: PlexAuthErrorCode = "server_not_configured";
  declare readonly code: "server_not_configured";

  constructor(init: { operation?: string | undefined } = {}) {
    super({
      message: "No Plex Media Server is configured: PLEX_SERVER_URL is not set. Nothing was sent.",
      operation: init.operation,
    });
  }
}

/**
 * The session used up its sign-in attempts, or plex.tv throttled this IP and every session of the server is
 * waiting it out. Nothing was sent: a further failed attempt would only extend plex.tv's lock-out (code 1031).
 *
 * @example
 * ```ts
 * if (error instanceof SignInRateLimitedError) await sleep(error.retryAfterMs);
 * ```
 */
export class SignInRateLimitedError extends PlexAuthError {
  static override readonly errorName: string = "SignInRateLimitedError";
  static override readonly errorCode: PlexAuthErrorCode = "sign_in_rate_limited";
  declare readonly code: "sign_in_rate_limited";

  /** Milliseconds until sign-in may be tried again. */
  readonly retryAfterMs: number;

  constructor(init: { retryAfterMs: number; reason: string; operation?: string | undefined }) {
    super({
      message: `Sign-in is paused for ${Math.ceil(init.retryAfterMs / 1000)} s: ${init.reason}. Nothing was sent.`,
      operation: init.operation,
      retryable: true,
    });
    this.retryAfterMs = init.retryAfterMs;
  }
}
