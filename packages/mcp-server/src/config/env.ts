import { InvalidInputError, type PlexAuthOptions, type ValidationIssue } from "@plex-auth/core";
import { clientIdentifierFile, plexAuthOptionsFromNodeEnv } from "@plex-auth/node";
import { MCP_PRODUCT, type PlexMcpConfig, type SignInCredentials } from "./config.ts";

/** A process environment, or any record shaped like one. */
export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * The variables this server reads on top of core's `PLEX_*` ones, with what each one does.
 *
 * @example
 * ```ts
 * for (const [name, meaning] of Object.entries(MCP_ENV_VARIABLES)) console.log(`${name}: ${meaning}`);
 * ```
 */
export const MCP_ENV_VARIABLES: Readonly<Record<string, string>> = Object.freeze({
  PLEX_LOGIN: "default login (email or username) of the sign-in tool; set together with PLEX_PASSWORD",
  PLEX_PASSWORD: "default password of the sign-in tool, so the password never passes through the model",
  PLEX_MCP_EXPOSE_TOKENS: "1 to put full tokens in tool results (default: fingerprints only)",
  PLEX_MCP_READ_ONLY: "1 to list and run only the read-only tools (no sign-in, sign-out, Home switch or claim token)",
  PLEX_MCP_AUTH_TOKEN:
    "the bearer token HTTP clients must send, 32+ characters off loopback (default: a random one, shown on a terminal, else in a 0600 file)",
  PLEX_MCP_LOG_LEVEL: "debug, info, warn, error or silent (default info); logs go to stderr",
  BROWSER:
    "over stdio, the browser sign_in_with_plex opens Plex's page in (a command; %s marks the URL; none: never open one)",
});

/** Options of {@link configFromEnv}. */
export interface ConfigFromEnvOptions {
  /** `--expose-tokens` was given: wins over `PLEX_MCP_EXPOSE_TOKENS`. */
  readonly exposeTokens?: boolean;
  /** `--read-only` was given: wins over `PLEX_MCP_READ_ONLY`. */
  readonly readOnly?: boolean;
  /** Where the client identifier is kept when `PLEX_CLIENT_IDENTIFIER` is unset. Default: the user's config directory. */
  readonly clientIdentifierFile?: string;
}

const TRUE = new Set(["1", "true", "yes", "on"]);
const FALSE = new Set(["", "0", "false", "no", "off"]);

/**
 * Reads a yes/no variable; `undefined` when unset. Throws on anything else, so a typo never silently
 * turns a security setting the wrong way.
 *
 * @example
 * ```ts
 * booleanFromEnv({ PLEX_MCP_EXPOSE_TOKENS: "1" }, "PLEX_MCP_EXPOSE_TOKENS"); // true
 * ```
 */
export function booleanFromEnv(env: Environment, name: string): boolean | undefined {
  const text = env[name]?.trim().toLowerCase();
  if (text === undefined) return undefined;
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new InvalidInputError({
    where: "environment",
    issues: [{ path: name, message: "must be 1 or 0 (true or false)" }],
  });
}

function credentialsFromEnv(env: Environment, issues: ValidationIssue[]): SignInCredentials | undefined {
  const login = env.PLEX_LOGIN?.trim();
  const password = env.PLEX_PASSWORD;
  if (!login && !password) return undefined;
  if (!login) issues.push({ path: "PLEX_LOGIN", message: "is not set, but PLEX_PASSWORD is: set both or neither" });
  if (!password) issues.push({ path: "PLEX_PASSWORD", message: "is not set, but PLEX_LOGIN is: set both or neither" });
  return login && password ? { login, password } : undefined;
}

/**
 * The server's configuration from environment variables: core's `PLEX_*` variables (token, server URL,
 * identity, timeouts; see `PLEX_ENV_VARIABLES`) plus {@link MCP_ENV_VARIABLES}. Without
 * `PLEX_CLIENT_IDENTIFIER`, the identifier persisted by `@plex-auth/node` is used (created on first run),
 * so Plex sees the same device every time. `HTTPS_PROXY` / `HTTP_PROXY` / `NO_PROXY` are honoured.
 * Throws `InvalidInputError` naming every malformed variable; values never appear in the message.
 *
 * @example
 * ```ts
 * import { configFromEnv, createPlexAuthMcpServer } from "@plex-auth/mcp-server";
 * const server = createPlexAuthMcpServer(configFromEnv(process.env));
 * ```
 */
export function configFromEnv(env: Environment, options: ConfigFromEnvOptions = {}): PlexMcpConfig {
  const issues: ValidationIssue[] = [];
  // Every problem at once: each step's InvalidInputError is collected, then all of them are thrown together.
  const collect = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  };
  const credentials = credentialsFromEnv(env, issues);
  const readOnly = collect(() => options.readOnly || (booleanFromEnv(env, "PLEX_MCP_READ_ONLY") ?? false));
  const exposeTokens = collect(() => options.exposeTokens || (booleanFromEnv(env, "PLEX_MCP_EXPOSE_TOKENS") ?? false));
  // @plex-auth/node's own reading: runtime defaults, PLEX_* variables, persisted identifier, proxy.
  // The server's own client identifier (its own device on the account), unless PLEX_PRODUCT names another app.
  const product = env.PLEX_PRODUCT?.trim() || MCP_PRODUCT;
  const client: PlexAuthOptions | undefined = collect(() =>
    plexAuthOptionsFromNodeEnv({
      env,
      clientIdentifierFile: options.clientIdentifierFile ?? clientIdentifierFile({ env, product }),
    }),
  );
  if (issues.length > 0 || !client) throw new InvalidInputError({ where: "environment", issues });

  const { token, logger: _logger, ...rest } = client;
  return {
    ...rest,
    token: typeof token === "string" ? token : undefined,
    credentials,
    exposeTokens: !!exposeTokens,
    readOnly: !!readOnly,
  };
}
