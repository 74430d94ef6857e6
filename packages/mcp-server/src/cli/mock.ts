import type { PlexMcpConfig } from "../config/config.ts";
import { booleanFromEnv, type Environment } from "../config/env.ts";
import type { Logger } from "../log/logger.ts";

/** Options of {@link mockConfig}. */
export interface MockConfigOptions {
  readonly exposeTokens: boolean;
  /** `--read-only` was given: wins over `PLEX_MCP_READ_ONLY`. */
  readonly readOnly?: boolean | undefined;
  readonly logger: Logger;
}

const MOCK_APPROVAL_MS = 3_000;

/**
 * The mock's fetch, approving every new "Sign in with Plex" PIN a moment after it is made, as a person
 * at plex.tv/link would: so sign_in_with_plex can be tried from a chat with no Plex account.
 */
function approvingPins(mock: import("@plex-auth/mock-server").MockPlex): typeof mock.fetch {
  return async (input, init) => {
    const response = await mock.fetch(input, init);
    const created = (init?.method ?? "GET") === "POST" && /\/pins(\?|$)/.test(String(input)) && response.status === 201;
    if (created) {
      const { code } = (await response.clone().json()) as { code: string };
      setTimeout(() => mock.approvePin(code, "plain"), MOCK_APPROVAL_MS).unref();
    }
    return response;
  };
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
  const twoFactor = MOCK_ACCOUNTS.twoFactor;
  logger.info(
    `mock account with two-factor: login ${twoFactor.login}, password ${twoFactor.password}; its authenticator ` +
      `secret is ${twoFactor.totpSecret} (a fake, public one: any TOTP app gives the 6-digit code)`,
  );
  logger.info(`mock source for get_source_connection_information: ${MOCK_SOURCES.sharedServer.source}`);
  logger.info("mock: every Sign in with Plex code is approved as casey (plain) 3 s after it is made");
  return {
    clientIdentifier: "plex-auth-mcp-mock",
    ...mock.clientOptions,
    fetch: approvingPins(mock),
    token: MOCK_ADMIN_TOKEN,
    exposeTokens: options.exposeTokens || (booleanFromEnv(env, "PLEX_MCP_EXPOSE_TOKENS") ?? false),
    readOnly: options.readOnly || (booleanFromEnv(env, "PLEX_MCP_READ_ONLY") ?? false),
  };
}
