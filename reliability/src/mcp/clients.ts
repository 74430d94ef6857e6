/**
 * MCP clients for the suite: a real SDK `Client` over Streamable HTTP (with the server's bearer token),
 * and helpers to read tool results.
 */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createLogger, createPlexAuthMcpServer, type PlexMcpConfig, SecretRegistry } from "@plex-auth/mcp-server";

/** A connected client; `close` ends its session (DELETE) and the transport. */
export interface HttpClient {
  readonly client: Client;
  readonly sessionId: string | undefined;
  close(): Promise<void>;
}

export async function connectHttp(url: string, bearer: string, name: string): Promise<HttpClient> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${bearer}` } },
  });
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(transport);
  return {
    client,
    sessionId: transport.sessionId,
    async close() {
      await transport.terminateSession().catch(() => undefined);
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
