/**
 * Plex authentication as MCP tools: `get_transient_token`, `get_source_connection_information`,
 * `get_token_details` and `post_users_sign_in_data`, generated from `@plex-auth/core`'s operation table.
 * Tokens stay out of the model's context (results show a fingerprint), errors come back as results with a
 * recovery hint, and the HTTP transport is loopback-only, Host/Origin-checked and bearer-protected by default.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
 * import { configFromEnv, createPlexAuthMcpServer } from "@plex-auth/mcp-server";
 *
 * const server = createPlexAuthMcpServer(configFromEnv(process.env));
 * await server.connect(new StdioServerTransport());
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
export { createPlexAuthMcpServer, INSTRUCTIONS, type ServerDeps } from "./server.ts";
export type { TokenOrigin } from "./session/issued-token.ts";
export { SignInPause } from "./session/sign-in-limiter.ts";
export type { AccountSummary, TokenView, ToolErrorInfo } from "./tools/result-schemas.ts";
export {
  DEFAULT_HTTP_HOST,
  DEFAULT_HTTP_PORT,
  type HttpServerOptions,
  MCP_PATH,
  type RunningHttpServer,
  startHttpServer,
  UnsafeHttpSettingsError,
} from "./transports/http/server.ts";
export { type RunningStdioServer, startStdioServer } from "./transports/stdio.ts";
export { VERSION } from "./version.ts";
