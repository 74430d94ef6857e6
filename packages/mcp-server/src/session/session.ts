import {
  type AnyOperation,
  createPlexAuthCore,
  InvalidInputError,
  mergeEnvOptions,
  type PlexAuthCore,
  type PlexAuthOptions,
  type RequestOptions,
} from "@plex-auth/core";
import { MCP_PRODUCT, type PlexMcpConfig } from "../config/config.ts";
import { NotSignedInError, ServerNotConfiguredError } from "../errors/local-errors.ts";
import type { Logger } from "../log/logger.ts";
import type { SecretRegistry } from "../log/secrets.ts";
import { VERSION } from "../version.ts";
import type { IssuedToken, TokenOrigin } from "./issued-token.ts";
import { PendingSignIns } from "./pending-sign-ins.ts";
import { SignInLimiter, type SignInPause } from "./sign-in-limiter.ts";

/** What a session runs: an operation of core's table and its standalone function. */
export interface SessionCall {
  readonly operation: AnyOperation;
  readonly run: (client: PlexAuthCore, input: unknown, options?: RequestOptions) => Promise<unknown>;
}

/** What a session needs besides the configuration. */
export interface SessionDeps {
  readonly logger: Logger;
  readonly secrets: SecretRegistry;
  /** The process's sign-in pause, shared by every session. Default: one of this session's own. */
  readonly signInPause?: SignInPause | undefined;
}

/**
 * Core client options of a session: the configuration's, with "plex-auth-mcp" and this version as the
 * product unless configured otherwise (Plex shows it as the device's name on the account).
 */
export function clientOptionsOf(config: PlexMcpConfig): Omit<PlexAuthOptions, "token" | "logger"> {
  const {
    token: _token,
    credentials: _credentials,
    exposeTokens: _expose,
    readOnly: _readOnly,
    signInLimit: _limit,
    ...client
  } = config;
  // Core's merge of defaults and stated options (an option set to undefined does not erase a default), with
  // no environment: configFromEnv has read it already.
  const merged = mergeEnvOptions({
    read: () => undefined,
    defaults: { product: MCP_PRODUCT, version: VERSION },
    explicit: client,
  });
  return merged as PlexAuthOptions;
}

// Core validates the input, then finds no server to send it to: an issue at "serverUrl" that no argument of
// that name caused (no tool's input has one, so such an argument is refused as unknown) means that
// PLEX_SERVER_URL is unset.
function isMissingServer(error: unknown, input: unknown): boolean {
  return (
    error instanceof InvalidInputError &&
    error.issues.some((issue) => issue.path === "serverUrl") &&
    !(typeof input === "object" && input !== null && Object.hasOwn(input, "serverUrl"))
  );
}

/**
 * The Plex state of the one person a server instance serves (the stdio process's user, or an HTTP
 * request's principal): its own core client, its token (a sign-in or a Home switch replaces `PLEX_TOKEN`
 * for this session only; a sign-out forgets it) and its sign-in limiter. Nothing is shared between
 * sessions but the process-wide sign-in pause and budget, so one person's sign-in is never visible to
 * another.
 *
 * @example
 * ```ts
 * const session = new PlexSession(config, { logger, secrets });
 * const account = await session.run(catalog.get("get_token_details"), {}, signal);
 * ```
 */
export class PlexSession {
  /** This session's sign-in attempts. */
  readonly signIns: SignInLimiter;
  /** The "Sign in with Plex" PINs this session is waiting on. */
  readonly pendingSignIns: PendingSignIns = new PendingSignIns();
  readonly #config: PlexMcpConfig;
  readonly #client: PlexAuthCore;
  readonly #secrets: SecretRegistry;
  // The token every later call sends, and where it came from; undefined once signed out.
  #current: { readonly token: string; readonly origin: TokenOrigin } | undefined;
  #signedOut = false;

  constructor(config: PlexMcpConfig, deps: SessionDeps) {
    this.#config = config;
    this.#secrets = deps.secrets;
    this.#current = config.token ? { token: config.token, origin: "environment" } : undefined;
    this.signIns = new SignInLimiter(config.signInLimit, Date.now, deps.signInPause);
    this.#client = createPlexAuthCore({
      ...clientOptionsOf(config),
      // Looked up on every call, after core has validated the input: a sign-in changes it mid-session.
      token: () => {
        if (!this.#current) throw new NotSignedInError({ signedOut: this.#signedOut });
        return this.#current.token;
      },
      logger: {
        debug: (message, details) => deps.logger.debug(message, details),
        warn: (message, details) => deps.logger.warn(message, details),
      },
    });
  }

  /** This session's core client: what presenters that ask Plex more (a server's connections) send with. */
  get client(): PlexAuthCore {
    return this.#client;
  }

  /** Where the token the next call will use comes from, or `undefined` when there is none. */
  get tokenOrigin(): TokenOrigin | undefined {
    return this.#current?.origin;
  }

  /**
   * Makes a token from a sign-in or a Home switch this session's token, for every later call of this
   * session only. It goes on the scrub list first, so no later log line or result can show it.
   */
  adoptToken(issued: IssuedToken): void {
    this.#secrets.add(issued.token);
    this.#current = { token: issued.token, origin: issued.origin };
    this.#signedOut = false;
  }

  /**
   * Forgets this session's token after plex.tv signed it out, whatever its origin (`PLEX_TOKEN` included):
   * it is dead, so later calls answer `not_signed_in` (which says how to get a new one) instead of sending
   * it and failing with `invalid_token`. It stays on the scrub list.
   */
  signOut(): void {
    this.#current = undefined;
    this.#signedOut = true;
    // A sign-in approved after this must not sign the session back in.
    this.pendingSignIns.clear();
  }

  /**
   * Runs one tool's operation with this session's client; `signal` cancels it. Core validates the input
   * before sending anything; a Media Server operation with valid input but no configured server is reported
   * as {@link ServerNotConfiguredError}, since core reports the missing URL as if it were bad input.
   */
  async run(tool: SessionCall, input: unknown, signal: AbortSignal | undefined): Promise<unknown> {
    try {
      return await tool.run(this.#client, input, signal ? { signal } : undefined);
    } catch (error) {
      if (tool.operation.host === "pms" && this.#config.serverUrl === undefined && isMissingServer(error, input)) {
        throw new ServerNotConfiguredError({ operation: tool.operation.name });
      }
      throw error;
    }
  }
}
