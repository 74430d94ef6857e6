/**
 * MCP clients for the suite: a real SDK `Client` over Streamable HTTP (with the server's bearer token),
 * and helpers to read tool results.
 */

import type { CallToolResult } from "@modelcontextprotocol/client";
import { Client, InMemoryTransport, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createLogger, createPlexAuthMcpServer, type PlexMcpConfig, SecretRegistry } from "@plex-auth/mcp-server";

/** A connected client; `close` ends its session (DELETE) and the transport. */
export interface HttpClient {
  readonly client: Client;
  readonly sessionId: string | undefined;
  close(): Promise<void>;
}

/**
 * Connects over Streamable HTTP with a bearer, as a 2025-11-25 client (a session) or a 2026-07-28 one
 * (none).
 */
export async function connectHttp(
  url: string,
  bearer: string,
  name: string,
  era: "legacy" | "modern" = "legacy",
): Promise<HttpClient> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${bearer}` } },
  });
  const mode = era === "modern" ? { pin: "2026-07-28" as const } : ("legacy" as const);
  const client = new Client({ name, version: "1.0.0" }, { versionNegotiation: { mode } });
  await client.connect(transport);
  return {
    client,
    sessionId: transport.sessionId,
    async close() {
      if (transport.sessionId !== undefined) await transport.terminateSession().catch(() => undefined);
      await client.close();
    },
  };
}

/** Calls a tool and returns its result (a JSON-RPC error rejects). */
export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** `structuredContent` as a record, or an empty one. */
export function structured(result: CallToolResult): Record<string, unknown> {
  return (result.structuredContent ?? {}) as Record<string, unknown>;
}

/** A server and client joined in memory; everything the server sent and logged is kept. */
export interface InMemorySession {
  readonly client: Client;
  /** Every JSON-RPC message the server sent (responses and notifications), serialized as on the wire. */
  readonly wire: string[];
  /** Every line the server's logger wrote (what stderr would get), at debug level. */
  readonly logLines: string[];
  close(): Promise<void>;
}

/** Connects a real SDK client to `createPlexAuthMcpServer(config)` over an in-memory transport pair. */
export async function connectInMemory(config: PlexMcpConfig): Promise<InMemorySession> {
  const wire: string[] = [];
  const logLines: string[] = [];
  const secrets = new SecretRegistry();
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line), secrets });
  const server = createPlexAuthMcpServer(config, { logger, secrets });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const send = serverTransport.send.bind(serverTransport);
  serverTransport.send = (message, options) => {
    wire.push(JSON.stringify(message));
    return send(message, options);
  };
  const client = new Client({ name: "reliability", version: "1.0.0" });
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return {
    client,
    wire,
    logLines,
    async close() {
      await client.close();
      await server.close();
    },
  };
}
