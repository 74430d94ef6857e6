import type { PlexAuthOptions } from "@plex-auth/core";

/** The `X-Plex-Product` the server names itself with unless configured otherwise: its device on the account. */
export const MCP_PRODUCT = "plex-auth-mcp";

/** Login and password the server signs in with, so the password never passes through the model. */
export interface SignInCredentials {
  /** The account's email or username (`PLEX_LOGIN`). */
  readonly login: string;
  /** The account's password (`PLEX_PASSWORD`). */
  readonly password: string;
}

/** How many sign-in attempts one session may make, and how long a throttle lasts. */
export interface SignInLimit {
  /** Attempts allowed per window. Default 5. */
  readonly maxAttempts: number;
  /** The sliding window, in milliseconds. Default 10 minutes. */
  readonly windowMs: number;
  /** How long sign-in stays blocked after plex.tv throttled the IP (code 1031). Default 30 minutes. */
  readonly throttledBlockMs: number;
  /**
   * Attempts allowed per window across the whole process, every principal and session together (password
   * sign-ins and "Sign in with Plex" starts alike), so that new sessions cannot multiply attempts. Default 10.
   */
  readonly processMaxAttempts?: number | undefined;
}

/**
 * The default {@link SignInLimit}: 5 attempts per 10 minutes per session, 10 for the whole process, 30
 * minutes blocked after code 1031.
 */
export const DEFAULT_SIGN_IN_LIMIT: SignInLimit = Object.freeze({
  maxAttempts: 5,
  windowMs: 10 * 60_000,
  throttledBlockMs: 30 * 60_000,
  processMaxAttempts: 10,
});

/**
 * Everything one MCP server needs to talk to Plex: core's client options (identity, server URL, timeouts,
 * fetch) plus the MCP layer's own settings. Built from the environment by `configFromEnv`; never from argv,
 * so credentials do not show up in `ps` or shell history.
 *
 * @example
 * ```ts
 * import { createPlexAuthMcpServer } from "@plex-auth/mcp-server";
 * const server = createPlexAuthMcpServer({
 *   clientIdentifier: "3f1c…",
 *   token: process.env.PLEX_TOKEN,
 *   serverUrl: "http://192.168.1.10:32400",
 *   exposeTokens: false,
 * });
 * ```
 */
export interface PlexMcpConfig extends Omit<PlexAuthOptions, "token" | "logger"> {
  /** The token used until a sign-in in the session replaces it (`PLEX_TOKEN`). */
  readonly token?: string | undefined;
  /** Default login and password of the sign-in tool (`PLEX_LOGIN` / `PLEX_PASSWORD`). */
  readonly credentials?: SignInCredentials | undefined;
  /** Put full tokens in tool results (`PLEX_MCP_EXPOSE_TOKENS=1` / `--expose-tokens`). Default false. */
  readonly exposeTokens: boolean;
  /**
   * List and run only the read-only tools (`PLEX_MCP_READ_ONLY=1` / `--read-only`): no sign-in, sign-out,
   * Home switch or claim token. Default false.
   */
  readonly readOnly?: boolean | undefined;
  /** Per-session sign-in rate limit. Default {@link DEFAULT_SIGN_IN_LIMIT}. */
  readonly signInLimit?: SignInLimit | undefined;
}
