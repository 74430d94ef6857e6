import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { PlexMcpConfig } from "../../config/config.ts";
import type { Logger } from "../../log/logger.ts";
import { createPlexAuthMcpServer, type ServerDeps } from "../../server.ts";
import { readJsonBody } from "./body.ts";
import { checkBearer, checkHost, checkOrigin, type Rejection } from "./guards.ts";
import type { RefusalLog } from "./refusal-log.ts";
import type { SessionStore } from "./sessions.ts";

/** The MCP endpoint's path. */
export const MCP_PATH = "/mcp";

/** What the request handler works with. */
export interface HandlerParts {
  readonly config: PlexMcpConfig;
  readonly deps: ServerDeps;
  readonly logger: Logger;
  readonly store: SessionStore;
  readonly authToken: string | false;
  readonly allowedHostnames: ReadonlySet<string>;
  /** Filled in once the port is known, before the first request. */
  readonly allowedOrigins: ReadonlySet<string>;
  /** Refused Host and Origin requests, logged grouped. */
  readonly refusals: RefusalLog;
}

/** Answers a refused request with a JSON-RPC error body. */
export function reject(response: ServerResponse, rejection: Rejection): void {
  response.writeHead(rejection.status, { "Content-Type": "application/json", ...rejection.headers });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: rejection.message }, id: null }));
}

async function openSession(parts: HandlerParts, request: IncomingMessage, response: ServerResponse, body: unknown) {
  const { store, logger } = parts;
  if (!store.hasRoom()) await store.closeIdle();
  // Still full: the session used longest ago makes way (its client reconnects with a new one if it returns).
  if (!store.hasRoom()) await store.closeLeastRecentlyUsed();
  if (!store.hasRoom()) return reject(response, { status: 503, message: "Too many open sessions; try later" });
  const server = createPlexAuthMcpServer(parts.config, parts.deps);
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
}

// The request's path, or undefined when its URL does not parse (`//`, a bare authority): answered 400 first.
function pathOf(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? "/", "http://localhost").pathname;
  } catch {
    return undefined;
  }
}

// Who may ask at all: the Host and Origin checks (DNS rebinding), the path, then the bearer.
function refusal(parts: HandlerParts, request: IncomingMessage): Rejection | undefined {
  const refused = checkHost(request, parts.allowedHostnames) ?? checkOrigin(request, parts.allowedOrigins);
  if (refused) {
    parts.refusals.note(refused.status, refused.message);
    return refused;
  }
  if (pathOf(request) !== MCP_PATH) {
    return { status: 404, message: `Not found: the MCP endpoint is ${MCP_PATH}` };
  }
  return parts.authToken ? checkBearer(request, parts.authToken) : undefined;
}

/**
 * Handles one HTTP request: refused early (Host, Origin, path, bearer), else handed to its session's
 * transport, or an initialize opens a new session.
 */
export async function handleRequest(
  parts: HandlerParts,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (pathOf(request) === undefined) return reject(response, { status: 400, message: "Bad Request: malformed URL" });
  const refused = refusal(parts, request);
  if (refused) return reject(response, refused);
  const sessionId = request.headers["mcp-session-id"];
  const body = request.method === "POST" ? await readJsonBody(request) : undefined;
  if (body && !body.ok) return reject(response, body.rejection);
  if (typeof sessionId === "string") {
    const session = parts.store.get(sessionId);
    if (!session) return reject(response, { status: 404, message: "Session not found: initialize a new session" });
    return session.transport.handleRequest(request, response, body?.value);
  }
  if (body && isInitializeRequest(body.value)) return openSession(parts, request, response, body.value);
  return reject(response, { status: 400, message: "Bad Request: no valid session ID; send initialize first" });
}
