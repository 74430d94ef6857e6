import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { PlexMcpConfig } from "../config/config.ts";
import { createPlexAuthMcpServer, type ServerDeps } from "../server.ts";

/** A running stdio server. */
export interface RunningStdioServer {
  /** Resolves when the client hangs up (stdin ends) or {@link RunningStdioServer.close} is called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves one MCP session over stdin/stdout, the transport desktop clients launch servers with. stdout
 * carries JSON-RPC only; every diagnostic goes to stderr.
 *
 * @example
 * ```ts
 * const running = await startStdioServer(configFromEnv(process.env));
 * await running.closed;
 * ```
 */
export async function startStdioServer(config: PlexMcpConfig, deps: ServerDeps = {}): Promise<RunningStdioServer> {
  const server = createPlexAuthMcpServer(config, deps);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.onclose = resolve;
    // The SDK's stdio transport does not notice the client going away: stdin ending is that signal.
    process.stdin.once("end", () => void server.close());
  });
  await server.connect(transport);
  return { closed, close: () => server.close() };
}
