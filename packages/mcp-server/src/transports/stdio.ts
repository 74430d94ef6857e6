import { serveStdio } from "@modelcontextprotocol/server/stdio";
import type { PlexMcpConfig } from "../config/config.ts";
import { createLogger } from "../log/logger.ts";
import { SecretRegistry } from "../log/secrets.ts";
import { createPlexAuthMcpServer, type ServerDeps } from "../server.ts";
import { PlexSession } from "../session/session.ts";
import { SignInPause } from "../session/sign-in-limiter.ts";
import { buildToolCatalog } from "../tools/catalog.ts";
import { createSignInStateCodec } from "../tools/plex-sign-in/sign-in-state.ts";

/** A running stdio server. */
export interface RunningStdioServer {
  /** Resolves when the client hangs up (stdin ends) or {@link RunningStdioServer.close} is called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves MCP over stdin/stdout, the transport desktop clients launch servers with, to a client of either
 * protocol era (the opening exchange decides). The process serves one person: one Plex session for the
 * whole process, whatever instances the SDK makes (it may make one for a discovery probe it discards).
 * stdout carries JSON-RPC only; every diagnostic goes to stderr.
 *
 * @example
 * ```ts
 * const running = await startStdioServer(configFromEnv(process.env));
 * await running.closed;
 * ```
 */
export async function startStdioServer(config: PlexMcpConfig, deps: ServerDeps = {}): Promise<RunningStdioServer> {
  const logger = deps.logger ?? createLogger();
  const secrets = deps.secrets ?? new SecretRegistry();
  const signInPause = deps.signInPause ?? new SignInPause(Date.now, config.signInLimit);
  const shared: ServerDeps = {
    ...deps,
    logger,
    secrets,
    catalog: deps.catalog ?? buildToolCatalog(config),
    session: deps.session ?? new PlexSession(config, { logger, secrets, signInPause }),
    signInState: deps.signInState ?? createSignInStateCodec(),
  };
  let resolveClosed: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  // stdin ending is the client going away (the SDK's transport closes itself then, and says nothing).
  process.stdin.once("end", () => resolveClosed());
  const handle = serveStdio(() => createPlexAuthMcpServer(config, shared), {
    onerror: (error) => logger.warn("stdio transport error", { error: error.message }),
  });
  return {
    closed,
    close: async () => {
      await handle.close();
      resolveClosed();
    },
  };
}
