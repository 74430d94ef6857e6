import {
  type AnyOperation,
  createPlexAuthCore,
  operationFunction,
  type PlexAuthCore,
  type PlexAuthOptions,
} from "@plex-auth/core";
import * as v from "valibot";
import type { PlexMcpConfig } from "../config/config.ts";
import type { Logger } from "../log/logger.ts";
import type { SecretRegistry } from "../log/secrets.ts";
import { NotSignedInError, ServerNotConfiguredError } from "../tools/local-errors.ts";
import type { IssuedToken, TokenOrigin } from "../tools/presenters/types.ts";
import { VERSION } from "../version.ts";
import { SignInLimiter } from "./sign-in-limiter.ts";

/** What a session needs besides the configuration. */
export interface SessionDeps {
  readonly logger: Logger;
  readonly secrets: SecretRegistry;
}

/**
 * Core client options of a session: the configuration's, with "plex-auth-mcp" and this version as the
 * product unless configured otherwise (Plex shows it as the device's name on the account).
 */
export function clientOptionsOf(config: PlexMcpConfig): Omit<PlexAuthOptions, "token" | "logger"> {
  const { token: _token, credentials: _credentials, exposeTokens: _expose, signInLimit: _limit, ...client } = config;
  return { product: "plex-auth-mcp", version: VERSION, ...definedOnly(client) } as PlexAuthOptions;
}

// An option set to undefined must not erase a default.
function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/**
 * The state of one MCP session: its own core client, its token (a sign-in replaces `PLEX_TOKEN` for this
 * session only) and its sign-in limiter. Nothing is shared between sessions, so one client's sign-in is
 * never visible to another.
 *
 * @example
 * ```ts
 * const session = new PlexSession(config, { logger, secrets });
 * const account = await session.run(operations.getTokenDetails, {}, signal);
 * ```
 */
export class PlexSession {
  /** This session's sign-in attempts. */
  readonly signIns: SignInLimiter;
  readonly #config: PlexMcpConfig;
  readonly #client: PlexAuthCore;
  readonly #secrets: SecretRegistry;
  #signedIn: IssuedToken | undefined;

  constructor(config: PlexMcpConfig, deps: SessionDeps) {
    this.#config = config;
    this.#secrets = deps.secrets;
    this.signIns = new SignInLimiter(config.signInLimit);
    this.#client = createPlexAuthCore({
      ...clientOptionsOf(config),
      // Looked up on every call, after core has validated the input: a sign-in changes it mid-session.
      token: () => {
        const token = this.#signedIn?.token ?? this.#config.token;
        if (!token) throw new NotSignedInError();
        return token;
      },
      logger: {
        debug: (message, details) => deps.logger.debug(message, details),
        warn: (message, details) => deps.logger.warn(message, details),
      },
    });
  }

  /** Where the token the next call will use comes from, or `undefined` when there is none. */
  get tokenOrigin(): TokenOrigin | undefined {
    if (this.#signedIn) return "sign-in";
    return this.#config.token ? "environment" : undefined;
  }

  /** Makes a token from a sign-in this session's token, for every later call of this session only. */
  adoptToken(issued: IssuedToken): void {
    this.#secrets.add(issued.token);
    this.#signedIn = issued;
  }

  /**
   * Runs one operation of core's table with this session's client; `signal` cancels it. Core validates the
   * input before sending anything; a Media Server operation with valid input but no configured server is
   * refused here, since core would report the missing URL as if it were bad input.
   */
  async run(operation: AnyOperation, input: unknown, signal: AbortSignal | undefined): Promise<unknown> {
    if (operation.host === "pms" && this.#config.serverUrl === undefined && v.is(operation.input, input ?? {})) {
      throw new ServerNotConfiguredError(operation.name);
    }
    return operationFunction(operation)(this.#client, input, signal ? { signal } : undefined);
  }
}
