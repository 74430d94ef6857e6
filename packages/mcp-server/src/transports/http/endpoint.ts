import {
  type AuthInfo,
  createMcpHandler,
  isInitializeRequest,
  isLegacyRequest,
  WebStandardStreamableHTTPServerTransport,
} from "@modelcontextprotocol/server";
import type { PlexMcpConfig } from "../../config/config.ts";
import type { Logger } from "../../log/logger.ts";
import { createPlexAuthMcpServer, type ServerDeps } from "../../server.ts";
import type { PrincipalSessions } from "../../session/principals.ts";
import type { SessionStore } from "./sessions.ts";

/** The MCP endpoint as a web-standard handler, behind the HTTP checks (Host, Origin, bearer). */
export interface McpEndpoint {
  /** Serves one request of `principal`, whose JSON body has been read already. */
  fetch(request: Request, principal: string, parsedBody: unknown): Promise<Response>;
  /** Closes every 2025-era session and aborts the 2026-07-28 requests in flight. */
  close(): Promise<void>;
}

/** What the endpoint is made of. */
export interface EndpointParts {
  readonly config: PlexMcpConfig;
  /** Shared by every instance: one catalog, secret list, sign-in pause and sign-in state codec. */
  readonly deps: ServerDeps;
  readonly logger: Logger;
  readonly principals: PrincipalSessions;
  readonly store: SessionStore;
}

function jsonRpcError(status: number, message: string): Response {
  return Response.json({ jsonrpc: "2.0", error: { code: -32000, message }, id: null }, { status });
}

function authInfoOf(principal: string): AuthInfo {
  // Strictly server-side: the SDK hands it to the factory and the handlers; the bearer itself is not in it.
  return { token: "", clientId: principal, scopes: [] };
}

// A 2025-era initialize: a new session with an instance of its own, serving the principal's Plex state.
async function openSession(parts: EndpointParts, request: Request, principal: string, body: unknown) {
  const { store, logger } = parts;
  if (!store.hasRoom()) await store.closeIdle();
  // Still full: the session used longest ago makes way (its client reconnects with a new one if it returns).
  if (!store.hasRoom()) await store.closeLeastRecentlyUsed();
  if (!store.hasRoom()) return jsonRpcError(503, "Too many open sessions; try later");
  const server = createPlexAuthMcpServer(parts.config, { ...parts.deps, session: parts.principals.get(principal) });
  const transport = new WebStandardStreamableHTTPServerTransport({
    sessionIdGenerator: () => crypto.randomUUID(),
    onsessioninitialized: (id) => {
      store.add(id, { transport, server, principal, lastSeen: Date.now() });
      logger.info("session opened", { sessions: store.size });
    },
  });
  server.onclose = () => {
    store.delete(transport.sessionId);
    logger.info("session closed", { sessions: store.size });
  };
  await server.connect(transport);
  const response = await transport.handleRequest(request, { parsedBody: body, authInfo: authInfoOf(principal) });
  // An initialize the transport refused leaves no session behind.
  if (transport.sessionId === undefined) await server.close();
  return response;
}

// 2025-era traffic keeps its sessions, so a server-to-client request (URL elicitation for "Sign in with
// Plex") has a way back; the SDK's stateless fallback would have none.
async function serveLegacy(parts: EndpointParts, request: Request, principal: string, body: unknown) {
  const sessionId = request.headers.get("mcp-session-id");
  if (sessionId !== null) {
    const session = parts.store.get(sessionId);
    // Another principal's session is as unknown to this one as a made-up id.
    if (!session || session.principal !== principal) {
      return jsonRpcError(404, "Session not found: initialize a new session");
    }
    return session.transport.handleRequest(request, { parsedBody: body, authInfo: authInfoOf(principal) });
  }
  if (request.method === "POST" && isInitializeRequest(body)) return openSession(parts, request, principal, body);
  return jsonRpcError(400, "Bad Request: no valid session ID; send initialize first");
}

/**
 * One endpoint for both protocol eras. A 2026-07-28 request is served by the SDK's per-request handler,
 * with a fresh server instance working on the principal's Plex state; a 2025-era request goes to its
 * session (or an initialize opens one). Either way the state (token, pending sign-ins) is the principal's:
 * two principals never see each other's, and one principal sees the same state from any client.
 *
 * @example
 * ```ts
 * const endpoint = createMcpEndpoint({ config, deps, logger, principals, store });
 * const response = await endpoint.fetch(request, "alice", body);
 * ```
 */
export function createMcpEndpoint(parts: EndpointParts): McpEndpoint {
  const modern = createMcpHandler(
    ({ authInfo }) =>
      createPlexAuthMcpServer(parts.config, {
        ...parts.deps,
        session: parts.principals.get(authInfo?.clientId ?? ""),
      }),
    {
      legacy: "reject",
      onerror: (error) => parts.logger.debug("2026-07-28 request refused", { error: error.message }),
    },
  );
  return {
    fetch: async (request, principal, parsedBody) => {
      if (await isLegacyRequest(request, parsedBody)) return serveLegacy(parts, request, principal, parsedBody);
      return modern.fetch(request, { authInfo: authInfoOf(principal), parsedBody });
    },
    close: async () => {
      await parts.store.closeAll();
      await modern.close();
    },
  };
}
