import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { PlexMcpConfig } from "../../config/config.ts";
import { createLogger } from "../../log/logger.ts";
import { SecretRegistry } from "../../log/secrets.ts";
import { createPlexAuthMcpServer, type ServerDeps } from "../../server.ts";
import { SignInPause } from "../../session/sign-in-limiter.ts";
import { buildToolCatalog } from "../../tools/catalog.ts";
import { readJsonBody } from "./body.ts";
import {
  checkBearer,
  checkHost,
  checkOrigin,
  hostnameOfHostHeader,
  normalizeOrigin,
  type Rejection,
} from "./guards.ts";
import { isLoopbackAddress, isWildcardAddress, LOOPBACK_HOSTNAMES, urlHostname } from "./loopback.ts";
import { DEFAULT_SESSION_LIMITS, type SessionLimits, SessionStore } from "./sessions.ts";

/** The MCP endpoint's path. */
export const MCP_PATH = "/mcp";
/** The default bind address: this machine only. */
export const DEFAULT_HTTP_HOST = "127.0.0.1";
/** The default port. */
export const DEFAULT_HTTP_PORT = 3000;

/** How the Streamable HTTP server listens and whom it lets in. */
export interface HttpServerOptions {
  /** Bind address. Default `127.0.0.1`. A non-loopback address requires `authToken`. */
  readonly host?: string;
  /** Port; `0` picks a free one. Default 3000. */
  readonly port?: number;
  /** The bearer token clients must send, or `false` for none (accepted on a loopback bind only). */
  readonly authToken: string | false;
  /** Extra `Host` names clients use to reach this server (needed for a wildcard bind). */
  readonly allowedHosts?: readonly string[];
  /** Extra browser origins allowed to call, e.g. `https://inspector.example`. */
  readonly allowedOrigins?: readonly string[];
  /** Bounds on concurrent and idle sessions. */
  readonly sessionLimits?: SessionLimits;
}

/** A listening Streamable HTTP server. */
export interface RunningHttpServer {
  /** The MCP endpoint, e.g. `http://127.0.0.1:3000/mcp`. */
  readonly url: string;
  /** How many MCP sessions are open. */
  readonly sessionCount: () => number;
  /** Closes every session and stops listening. */
  close(): Promise<void>;
}

/**
 * A setting that would make the HTTP server unsafe, refused before anything listens.
 *
 * @example
 * ```ts
 * await startHttpServer(config, { host: "0.0.0.0", authToken: false }); // throws UnsafeHttpSettingsError
 * ```
 */
export class UnsafeHttpSettingsError extends Error {
  override readonly name = "UnsafeHttpSettingsError";
}

/** What {@link checkHttpSettings} judges: where the server listens, and who may get in. */
export interface HttpSafetySettings {
  /** The bind address. */
  readonly host: string;
  /** Whether a bearer token is required. */
  readonly auth: boolean;
  /** Extra `Host` names (`--allowed-host`). */
  readonly allowedHosts: readonly string[];
  /** Extra browser origins (`--allowed-origin`). */
  readonly allowedOrigins: readonly string[];
}

/**
 * The HTTP transport's safety rules, in one place: no authentication only on a loopback bind, a wildcard
 * bind only with the host names clients use, and allowed origins that are origins. {@link startHttpServer}
 * applies them before listening; the CLI applies them before anything else, so a refused command line has
 * no side effects. Throws {@link UnsafeHttpSettingsError}.
 *
 * @example
 * ```ts
 * checkHttpSettings({ host: "0.0.0.0", auth: false, allowedHosts: [], allowedOrigins: [] }); // throws
 * ```
 */
export function checkHttpSettings(settings: HttpSafetySettings): void {
  const { host } = settings;
  if (!settings.auth && !isLoopbackAddress(host)) {
    throw new UnsafeHttpSettingsError(
      `Refusing to serve ${host} without authentication: --no-auth is only accepted on a loopback address ` +
        "(127.0.0.1, localhost, ::1), since anyone who can reach the port could use the Plex token. Drop " +
        "--no-auth (a bearer token is then required), or bind to 127.0.0.1.",
    );
  }
  if (isWildcardAddress(host) && settings.allowedHosts.length === 0) {
    throw new UnsafeHttpSettingsError(
      `Binding to ${host || "every interface"} needs --allowed-host <name> for each name clients use to reach ` +
        "this machine: Host headers are checked against them (DNS-rebinding protection).",
    );
  }
  const notAnOrigin = settings.allowedOrigins.find((origin) => normalizeOrigin(origin) === undefined);
  if (notAnOrigin !== undefined) {
    throw new UnsafeHttpSettingsError(
      `--allowed-origin "${notAnOrigin}" is not an origin: give the scheme, host and port a browser sends, e.g. http://localhost:6274.`,
    );
  }
}

function allowedHostnamesFor(host: string, extra: readonly string[]): ReadonlySet<string> {
  const names = new Set(LOOPBACK_HOSTNAMES);
  if (!isWildcardAddress(host)) names.add(urlHostname(host));
  for (const name of extra) {
    const hostname = hostnameOfHostHeader(name);
    if (hostname) names.add(hostname);
  }
  return names;
}

function reject(response: ServerResponse, rejection: Rejection): void {
  response.writeHead(rejection.status, { "Content-Type": "application/json", ...rejection.headers });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: rejection.message }, id: null }));
}

/**
 * Serves MCP over Streamable HTTP, secure by default: bound to loopback, `Host` and `Origin` checked on
 * every request (DNS-rebinding protection), a bearer token required unless explicitly turned off on a
 * loopback bind, and one isolated Plex session per MCP session (a sign-in in one is never seen by another).
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
  checkHttpSettings({
    host,
    auth: Boolean(options.authToken),
    allowedHosts: options.allowedHosts ?? [],
    allowedOrigins: options.allowedOrigins ?? [],
  });
  const logger = deps.logger ?? createLogger();
  const secrets = deps.secrets ?? new SecretRegistry();
  if (options.authToken) secrets.add(options.authToken);
  const sessionDeps: ServerDeps = {
    logger,
    secrets,
    catalog: deps.catalog ?? buildToolCatalog(config),
    // One pause for every session: plex.tv's sign-in throttle (code 1031) applies to the whole IP.
    signInPause: deps.signInPause ?? new SignInPause(),
  };
  const allowedHostnames = allowedHostnamesFor(host, options.allowedHosts ?? []);
  // This server's own origins (every name it answers to, on its port) and the allowed ones; filled in once
  // the port is known, before the first request.
  const allowedOrigins = new Set<string>();
  const store = new SessionStore(options.sessionLimits ?? DEFAULT_SESSION_LIMITS);

  const openSession = async (request: IncomingMessage, response: ServerResponse, body: unknown) => {
    if (!store.hasRoom()) await store.closeIdle();
    if (!store.hasRoom()) return reject(response, { status: 503, message: "Too many open sessions; try later" });
    const server = createPlexAuthMcpServer(config, sessionDeps);
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        store.add(id, { transport, server, lastSeen: Date.now() });
        logger.info("session opened", { sessions: store.size });
      },
    });
    server.onclose = () => {
      store.delete(transport.sessionId);
      logger.info("session closed", { sessions: store.size });
    };
    await server.connect(transport);
    await transport.handleRequest(request, response, body);
    // An initialize the transport refused leaves no session behind.
    if (transport.sessionId === undefined) await server.close();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const refused = checkHost(request, allowedHostnames) ?? checkOrigin(request, allowedOrigins);
    if (refused) {
      logger.warn("request refused", { status: refused.status, reason: refused.message });
      return reject(response, refused);
    }
    if (new URL(request.url ?? "/", "http://localhost").pathname !== MCP_PATH) {
      return reject(response, { status: 404, message: `Not found: the MCP endpoint is ${MCP_PATH}` });
    }
    const unauthorized = options.authToken ? checkBearer(request, options.authToken) : undefined;
    if (unauthorized) return reject(response, unauthorized);

    const sessionId = request.headers["mcp-session-id"];
    const body = request.method === "POST" ? await readJsonBody(request) : undefined;
    if (body && !body.ok) return reject(response, body.rejection);
    if (typeof sessionId === "string") {
      const session = store.get(sessionId);
      if (!session) return reject(response, { status: 404, message: "Session not found: initialize a new session" });
      return session.transport.handleRequest(request, response, body?.value);
    }
    if (body && isInitializeRequest(body.value)) return openSession(request, response, body.value);
    return reject(response, { status: 400, message: "Bad Request: no valid session ID; send initialize first" });
  };

  const httpServer = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      logger.error("request failed", { error: error instanceof Error ? error.message : String(error) });
      if (!response.headersSent) reject(response, { status: 500, message: "Internal server error" });
      else response.end();
    });
  });
  await new Promise<void>((resolve, rejectListen) => {
    httpServer.once("error", rejectListen);
    httpServer.listen(options.port ?? DEFAULT_HTTP_PORT, host, () => {
      httpServer.off("error", rejectListen);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;
  const ownOrigins = [...allowedHostnames].map((name) => `http://${name}:${port}`);
  for (const origin of [...ownOrigins, ...(options.allowedOrigins ?? [])]) {
    const normalized = normalizeOrigin(origin);
    if (normalized) allowedOrigins.add(normalized);
  }
  const url = `http://${urlHostname(host)}:${port}${MCP_PATH}`;
  logger.info("listening", { url, auth: options.authToken ? "bearer token" : "OFF" });
  if (!options.authToken) {
    logger.warn(
      "AUTHENTICATION IS OFF (--no-auth): any program on this machine can use these tools and the Plex token. " +
        "Use it only for local clients that cannot send an Authorization header.",
    );
  }

  return {
    url,
    sessionCount: () => store.size,
    close: async () => {
      await store.closeAll();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
