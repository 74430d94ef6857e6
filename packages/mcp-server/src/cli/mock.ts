import type { PlexMcpConfig } from "../config/config.ts";
import { booleanFromEnv, type Environment } from "../config/env.ts";
import type { Logger } from "../log/logger.ts";

/** Options of {@link mockConfig}. */
export interface MockConfigOptions {
  readonly exposeTokens: boolean;
  readonly logger: Logger;
}

/**
 * The configuration of `--mock`: the tools talk to `@plex-auth/mock-server`'s fake plex.tv and Plex Media
 * Server through an in-process fetch (no socket, nothing leaves the process), with the mock server owner's
 * token as `PLEX_TOKEN`. Real `PLEX_*` credentials in the environment are ignored, so they are never sent
 * anywhere in mock mode.
 *
 * @example
 * ```ts
 * const config = await mockConfig(process.env, { exposeTokens: false, logger });
 * ```
 */
export async function mockConfig(env: Environment, options: MockConfigOptions): Promise<PlexMcpConfig> {
  // Loaded only with --mock: a normal start never evaluates the mock.
  const { createMockPlex, MOCK_ACCOUNTS, MOCK_ADMIN_TOKEN, MOCK_SOURCES } = await import("@plex-auth/mock-server");
  const mock = createMockPlex();
  const { logger } = options;
  logger.warn("MOCK MODE: the tools talk to a built-in fake plex.tv and Plex Media Server, not to Plex");
  // Public, fake credentials of the mock's seeded account, so a person trying the server can sign in.
  const { login, password } = MOCK_ACCOUNTS.plain;
  logger.info(`mock account without two-factor: login ${login}, password ${password}`);
  logger.info(`mock source for get_source_connection_information: ${MOCK_SOURCES.sharedServer.source}`);
  return {
    clientIdentifier: "plex-auth-mcp-mock",
    ...mock.clientOptions,
    token: MOCK_ADMIN_TOKEN,
    exposeTokens: options.exposeTokens || (booleanFromEnv(env, "PLEX_MCP_EXPOSE_TOKENS") ?? false),
  };
}
