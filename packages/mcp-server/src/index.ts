/**
 * Plex authentication as MCP tools, one per operation of `@plex-auth/core`'s table that has a tool: token
 * details, ping, sign-in (two-factor codes included), sign-out, transient and claim tokens, source connection
 * information, the account's servers with the connection to use, and Plex Home profiles and switching.
 * Tokens stay out of the model's context (results show a fingerprint), errors come back as results with a
 * recovery hint, and the HTTP transport is loopback-only, Host/Origin-checked and bearer-protected by default.
 *
 * @example
 * ```ts
 * import { configFromEnv, startStdioServer } from "@plex-auth/mcp-server";
 *
 * // Serves a client of either protocol era (2026-07-28 or 2025-11-25) on stdin/stdout.
 * const running = await startStdioServer(configFromEnv(process.env));
 * await running.closed;
 * ```
 *
 * @module
 */

export { type CliIo, runCli } from "./cli/main.ts";
export {
  DEFAULT_SIGN_IN_LIMIT,
  type PlexMcpConfig,
  type SignInCredentials,
  type SignInLimit,
} from "./config/config.ts";
export { type ConfigFromEnvOptions, configFromEnv, type Environment, MCP_ENV_VARIABLES } from "./config/env.ts";
export { NotSignedInError, ServerNotConfiguredError, SignInRateLimitedError } from "./errors/local-errors.ts";
export { createLogger, type LogFields, type Logger, type LoggerOptions, type LogLevel } from "./log/logger.ts";
export { SecretRegistry } from "./log/secrets.ts";
export { createPlexAuthMcpServer, INSTRUCTIONS, SERVER_INFO, type ServerDeps } from "./server.ts";
export { TOKEN_ORIGINS, type TokenOrigin } from "./session/issued-token.ts";
export { DEFAULT_PRINCIPAL_LIMITS, type PrincipalLimits } from "./session/principals.ts";
export { PlexSession, type SessionDeps } from "./session/session.ts";
export { SignInPause } from "./session/sign-in-limiter.ts";
export type { AccountSummary, TokenView, ToolErrorInfo } from "./tools/result-schemas.ts";
export {
  ANONYMOUS_PRINCIPAL,
  BEARER_PRINCIPAL,
  type BearerVerifier,
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_PORT,
  DEFAULT_MAX_CONNECTIONS,
  type HttpServerOptions,
  MCP_PATH,
  type RunningHttpServer,
  startHttpServer,
  UnsafeHttpSettingsError,
} from "./transports/http/server.ts";
export { type RunningStdioServer, startStdioServer } from "./transports/stdio.ts";
export { VERSION } from "./version.ts";
