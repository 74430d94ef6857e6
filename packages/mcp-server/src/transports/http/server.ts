import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { PlexMcpConfig } from "../../config/config.ts";
import { createLogger } from "../../log/logger.ts";
import { SecretRegistry } from "../../log/secrets.ts";
import type { ServerDeps } from "../../server.ts";
import { DEFAULT_PRINCIPAL_LIMITS, type PrincipalLimits, PrincipalSessions } from "../../session/principals.ts";
import { SignInPause } from "../../session/sign-in-limiter.ts";
import { buildToolCatalog } from "../../tools/catalog.ts";
import { createSignInStateCodec } from "../../tools/plex-sign-in/sign-in-state.ts";
import { BearerThrottle } from "./bearer-throttle.ts";
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, MCP_PATH } from "./defaults.ts";
import { createMcpEndpoint } from "./endpoint.ts";
import { type BearerVerifier, normalizeOrigin, singleBearer } from "./guards.ts";
import { createRequestHandler, reject } from "./handler.ts";
import { isLoopbackAddress, urlHostname } from "./loopback.ts";
import { RefusalLog } from "./refusal-log.ts";
import { DEFAULT_SESSION_LIMITS, type SessionLimits, SessionStore } from "./sessions.ts";
import { allowedHostnamesFor, checkHttpSettings, UnsafeHttpSettingsError } from "./settings.ts";

export { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT, MCP_PATH } from "./defaults.ts";
export { ANONYMOUS_PRINCIPAL, BEARER_PRINCIPAL, type BearerVerifier } from "./guards.ts";
export { checkHttpSettings, type HttpSafetySettings, UnsafeHttpSettingsError } from "./settings.ts";

/** How the Streamable HTTP server listens and whom it lets in. */
export interface HttpServerOptions {
  /** Bind address. Default `127.0.0.1`. A non-loopback address requires `authToken`. */
  readonly host?: string;
  /** Port; `0` picks a free one. Default 3000. */
  readonly port?: number;
  /**
   * Who may call: the bearer token clients must send; or a function that verifies each bearer and names
   * its principal (several people, each with a token of their own and a Plex state of their own); or
   * `false` for no authentication (accepted on a loopback bind only).
   */
  readonly authToken: string | false | BearerVerifier;
  /** Extra `Host` names clients use to reach this server (needed for a wildcard bind). */
  readonly allowedHosts?: readonly string[];
  /** Extra browser origins allowed to call, e.g. `https://inspector.example`. */
  readonly allowedOrigins?: readonly string[];
  /** Bounds on concurrent and idle 2025-era sessions. */
  readonly sessionLimits?: SessionLimits;
  /** Bounds on the principals whose Plex state is kept. */
  readonly principalLimits?: PrincipalLimits;
  /** Serve HTTPS with this PEM certificate (chain) and key (`--tls-cert`, `--tls-key`). Default: plain HTTP. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | undefined;
  /** Connections open at once; more are refused at accept. Default 256. */
  readonly maxConnections?: number | undefined;
  /** A request's headers must all arrive within this many ms, or it gets 408 and its socket is closed. Default 10 s. */
  readonly headersTimeoutMs?: number | undefined;
  /**
   * The whole request (headers and body, not the answer's stream) must arrive within this many ms, or it
   * gets 408 and its socket is closed. Default 30 s.
   */
  readonly requestTimeoutMs?: number | undefined;
}

/** The default {@link HttpServerOptions.maxConnections}. */
export const DEFAULT_MAX_CONNECTIONS = 256;
// Slow-loris bounds: the headers within 10 s, the whole request (not the response stream) within 30 s.
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
// Node checks those bounds only every `connectionsCheckingInterval` (30 s by default, which would let a
// slow client hold a connection up to 40 s): check often enough that a bound is late by a tenth at most.
const checkingIntervalFor = (headersTimeoutMs: number) => Math.max(50, Math.min(1_000, headersTimeoutMs / 10));

// The connection bounds, checked: a zero, negative or fractional one would silently mean "no bound".
function connectionBounds(options: HttpServerOptions) {
  const bounds = {
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    headersTimeoutMs: options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
    requestTimeoutMs: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
  };
  for (const [name, value] of Object.entries(bounds)) {
    if (!Number.isSafeInteger(value) || value < 1) {
      throw new UnsafeHttpSettingsError(`${name} must be a whole number of at least 1 (got ${String(value)}).`);
    }
  }
  if (bounds.requestTimeoutMs < bounds.headersTimeoutMs) {
    throw new UnsafeHttpSettingsError(
      "requestTimeoutMs must be at least headersTimeoutMs: the headers are part of the request.",
    );
  }
  return bounds;
}

/** A listening Streamable HTTP server. */
export interface RunningHttpServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: string;
  /** How many 2025-era MCP sessions are open. */
  readonly sessionCount: () => number;
  /** How many principals have Plex state (a token, pending sign-ins). */
  readonly principalCount: () => number;
  /** Closes every session and stops listening. */
  close(): Promise<void>;
}

function listen(httpServer: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, rejectListen) => {
    httpServer.once("error", rejectListen);
    httpServer.listen(port, host, () => {
      httpServer.off("error", rejectListen);
      resolve((httpServer.address() as AddressInfo).port);
    });
  });
}

type Optional = "openBrowser" | "authAppBaseUrl" | "signInLinkOnly" | "session";
type SharedDeps = Required<Omit<ServerDeps, Optional>> & Pick<ServerDeps, Optional>;

// Every deps field filled in once for all sessions: one catalog, one secret list, and one sign-in pause
// (plex.tv's sign-in throttle, code 1031, applies to the whole IP).
function sharedDeps(config: PlexMcpConfig, options: HttpServerOptions, deps: ServerDeps): SharedDeps {
  const secrets = deps.secrets ?? new SecretRegistry();
  // Not a Plex token: never in a result, even with token exposure on.
  if (typeof options.authToken === "string") secrets.addHidden(options.authToken);
  return {
    logger: deps.logger ?? createLogger(),
    secrets,
    catalog: deps.catalog ?? buildToolCatalog(config),
    signInPause: deps.signInPause ?? new SignInPause(Date.now, config.signInLimit),
    signInState: deps.signInState ?? createSignInStateCodec(),
    session: undefined,
    // Over HTTP the server is not on the person's desktop: never a browser of its own, only elicitation or a link.
    openBrowser: undefined,
    authAppBaseUrl: deps.authAppBaseUrl,
    signInLinkOnly: deps.signInLinkOnly,
  };
}

/**
 * The warning for plain HTTP off loopback, where the bearer and every result cross a network: `undefined`
 * on loopback or with TLS.
 *
 * @example
 * ```ts
 * plaintextWarning("0.0.0.0", false); // "NO TLS OFF LOOPBACK: …"
 * ```
 */
export function plaintextWarning(host: string, tls: boolean): string | undefined {
  if (tls || isLoopbackAddress(host)) return undefined;
  return (
    "NO TLS OFF LOOPBACK: the bearer token and every tool result cross the network in clear text. Serve " +
    "HTTPS with --tls-cert and --tls-key, or put a TLS-terminating proxy in front and bind to 127.0.0.1."
  );
}

function announce(logger: SharedDeps["logger"], url: string, options: HttpServerOptions, host: string): void {
  const { authToken } = options;
  logger.info("listening", { url, auth: authToken ? "bearer token" : "OFF" });
  const plaintext = plaintextWarning(host, options.tls !== undefined);
  if (plaintext) logger.warn(plaintext);
  if (!authToken) {
    logger.warn(
      "AUTHENTICATION IS OFF (--no-auth): any program on this machine can use these tools and the Plex token. " +
        "Use it only for local clients that cannot send an Authorization header.",
    );
  }
}

/** A bearer token off loopback must be one nobody guesses: at least this many characters. */
export const MIN_REMOTE_BEARER_LENGTH = 32;

// Only `false` turns authentication off: an empty or missing token is a mistake, not a wish.
function checkAuthToken(authToken: unknown, host: string): void {
  if (authToken === false || typeof authToken === "function") return;
  if (typeof authToken !== "string" || authToken.trim() === "") {
    throw new UnsafeHttpSettingsError(
      "authToken must be the bearer token clients send (a non-empty string), or false to turn authentication " +
        "off (loopback only); an empty or missing one would have turned it off without saying so.",
    );
  }
  if (!isLoopbackAddress(host) && authToken.length < MIN_REMOTE_BEARER_LENGTH) {
    throw new UnsafeHttpSettingsError(
      `The bearer token is ${authToken.length} characters long, too short to serve ${host}: use at least ` +
        `${MIN_REMOTE_BEARER_LENGTH} random characters (leave PLEX_MCP_AUTH_TOKEN unset for a generated one), or bind to 127.0.0.1.`,
    );
  }
}

/**
 * Serves MCP over Streamable HTTP, to 2026-07-28 and 2025-era clients alike, secure by default: bound to
 * loopback, `Host` and `Origin` checked on every request (DNS-rebinding protection), a bearer token required
 * unless explicitly turned off on a loopback bind, wrong bearers throttled, and the Plex state (token,
 * pending sign-ins) kept per authenticated principal: a sign-in of one is never seen by another.
 *
 * @example
 * ```ts
 * import { randomBytes } from "node:crypto";
 * const authToken = process.env.PLEX_MCP_AUTH_TOKEN ?? randomBytes(32).toString("base64url");
 * const running = await startHttpServer(configFromEnv(process.env), { authToken });
 * console.error(`MCP endpoint: ${running.url}`);
 * ```
 */
export async function startHttpServer(
  config: PlexMcpConfig,
  options: HttpServerOptions,
  deps: ServerDeps = {},
): Promise<RunningHttpServer> {
  const host = options.host ?? DEFAULT_HTTP_HOST;
  const allowedHosts = options.allowedHosts ?? [];
  checkAuthToken(options.authToken as unknown, host);
  const bounds = connectionBounds(options);
  checkHttpSettings({
    host,
    auth: Boolean(options.authToken),
    allowedHosts,
    allowedOrigins: options.allowedOrigins ?? [],
  });
  const shared = sharedDeps(config, options, deps);
  const store = new SessionStore(options.sessionLimits ?? DEFAULT_SESSION_LIMITS);
  const principals = new PrincipalSessions(
    config,
    { logger: shared.logger, secrets: shared.secrets, signInPause: shared.signInPause },
    options.principalLimits ?? DEFAULT_PRINCIPAL_LIMITS,
  );
  const endpoint = createMcpEndpoint({ config, deps: shared, logger: shared.logger, principals, store });
  const allowedHostnames = allowedHostnamesFor(host, allowedHosts);
  const allowedOrigins = new Set<string>();
  const { authToken } = options;
  const handle = createRequestHandler({
    logger: shared.logger,
    endpoint,
    verifyBearer: typeof authToken === "string" ? singleBearer(authToken) : authToken,
    throttle: new BearerThrottle(),
    allowedHostnames,
    allowedOrigins,
    refusals: new RefusalLog(shared.logger),
  });
  const listener = (request: IncomingMessage, response: ServerResponse) => {
    handle(request, response).catch((error: unknown) => {
      shared.logger.error("request failed", { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) reject(request, response, { status: 500, message: "Internal server error" });
      else response.end();
    });
  };
  const serverOptions = {
    headersTimeout: bounds.headersTimeoutMs,
    requestTimeout: bounds.requestTimeoutMs,
    connectionsCheckingInterval: checkingIntervalFor(bounds.headersTimeoutMs),
  };
  const httpServer = options.tls
    ? createHttpsServer({ ...options.tls, ...serverOptions }, listener)
    : createHttpServer(serverOptions, listener);
  httpServer.maxConnections = bounds.maxConnections;
  const port = await listen(httpServer, options.port ?? DEFAULT_HTTP_PORT, host);
  const scheme = options.tls ? "https" : "http";
  // This server's own origins (every name it answers to, on its port) and the allowed ones.
  for (const origin of [
    ...[...allowedHostnames].map((name) => `${scheme}://${name}:${port}`),
    ...(options.allowedOrigins ?? []),
  ]) {
    const normalized = normalizeOrigin(origin);
    if (normalized) allowedOrigins.add(normalized);
  }
  const url = `${scheme}://${urlHostname(host)}:${port}${MCP_PATH}`;
  announce(shared.logger, url, options, host);
  return {
    url,
    sessionCount: () => store.size,
    principalCount: () => principals.size,
    close: async () => {
      await endpoint.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
