import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema } from "@modelcontextprotocol/sdk/types.js";
import type { PlexMcpConfig } from "./config/config.ts";
import { createLogger, type Logger } from "./log/logger.ts";
import { SecretRegistry } from "./log/secrets.ts";
import { PlexSession } from "./session/session.ts";
import { SignInPause } from "./session/sign-in-limiter.ts";
import { callTool } from "./tools/call-tool.ts";
import { buildToolCatalog, type ToolBinding } from "./tools/catalog.ts";
import { serverInstructions } from "./tools/instructions.ts";
import type { PlexSignInContext } from "./tools/plex-sign-in/context.ts";
import { PLEX_SIGN_IN_TOOLS, SIGN_IN_WITH_PLEX, WAIT_FOR_PLEX_SIGN_IN } from "./tools/plex-sign-in/definitions.ts";
import { signInWithPlex } from "./tools/plex-sign-in/start.ts";
import { waitForPlexSignIn } from "./tools/plex-sign-in/wait.ts";

// The "Sign in with Plex" tools: a flow, not rows of core's table, so run apart from the catalog.
const SIGN_IN_FLOWS: Readonly<
  Record<
    string,
    (args: unknown, context: PlexSignInContext) => Promise<import("@modelcontextprotocol/sdk/types.js").CallToolResult>
  >
> = { [SIGN_IN_WITH_PLEX]: signInWithPlex, [WAIT_FOR_PLEX_SIGN_IN]: waitForPlexSignIn };

import { VERSION } from "./version.ts";

/** What {@link createPlexAuthMcpServer} shares with the rest of the process. */
export interface ServerDeps {
  /** Where diagnostics go. Default: stderr at level info. */
  readonly logger?: Logger;
  /** The process's known secrets, scrubbed from logs and results. Default: a new registry. */
  readonly secrets?: SecretRegistry;
  /** A catalog built once and shared by every session of an HTTP server. Default: built from `config`. */
  readonly catalog?: ReadonlyMap<string, ToolBinding>;
  /**
   * The process's sign-in pause, shared by every session: plex.tv throttles sign-in by IP (code 1031), so
   * once one session is told to stop, all of them stop. Default: a new one (one server, one session).
   */
  readonly signInPause?: SignInPause;
  /**
   * Opens a URL in the person's browser, for "Sign in with Plex" where the client has no URL elicitation:
   * only for a server on the person's own desktop (stdio). Default: none (the model is given a link).
   */
  readonly openBrowser?: ((url: string) => Promise<boolean>) | undefined;
  /** Plex's auth app for "Sign in with Plex". Default `https://app.plex.tv/auth`; a test uses the mock's page. */
  readonly authAppBaseUrl?: string | undefined;
  /** "Sign in with Plex" always by a plex.tv/link code (`--mock`, whose plex.tv no browser can reach). */
  readonly signInLinkOnly?: boolean | undefined;
}

/**
 * The server's instructions: the parts of the security model a model must know to use the tools well,
 * and every error code's meaning and advice, once for all tools (see `serverInstructions`).
 */
export const INSTRUCTIONS: string = serverInstructions();

/**
 * Creates one MCP server (one session) with one tool per operation of core's table. The session has its
 * own core client and token: connect each server to exactly one transport.
 *
 * @example
 * ```ts
 * import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
 * import { createPlexAuthMcpServer } from "@plex-auth/mcp-server";
 *
 * const server = createPlexAuthMcpServer({ clientIdentifier: "3f1c…", token: process.env.PLEX_TOKEN, exposeTokens: false });
 * await server.connect(new StdioServerTransport());
 * ```
 */
export function createPlexAuthMcpServer(config: PlexMcpConfig, deps: ServerDeps = {}): Server {
  const logger = deps.logger ?? createLogger();
  const secrets = deps.secrets ?? new SecretRegistry();
  secrets.addConfigured(config.token);
  secrets.addConfigured(config.credentials?.password);
  const catalog = deps.catalog ?? buildToolCatalog(config);
  const session = new PlexSession(config, { logger, secrets, signInPause: deps.signInPause ?? new SignInPause() });
  const tools = [...PLEX_SIGN_IN_TOOLS, ...[...catalog.values()].map((binding) => binding.tool)];

  const server = new Server(
    { name: "plex-auth", title: "Plex authentication", version: VERSION },
    { capabilities: { tools: { listChanged: false } }, instructions: INSTRUCTIONS },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) => {
    const signInFlow = Object.hasOwn(SIGN_IN_FLOWS, request.params.name)
      ? SIGN_IN_FLOWS[request.params.name]
      : undefined;
    if (signInFlow) {
      const progressToken = request.params._meta?.progressToken;
      return signInFlow(request.params.arguments, {
        session,
        logger,
        secrets,
        exposeTokens: config.exposeTokens,
        signal: extra.signal,
        openBrowser: deps.signInLinkOnly ? undefined : deps.openBrowser,
        authAppBaseUrl: deps.authAppBaseUrl,
        elicitUrl:
          !deps.signInLinkOnly && server.getClientCapabilities()?.elicitation?.url
            ? // Related to this call, so over HTTP it travels on the call's own stream; answered within a
              // client's usual 60 s, or the model is given the link instead.
              (params) =>
                server.elicitInput(params, { signal: extra.signal, relatedRequestId: extra.requestId, timeout: 50_000 })
            : undefined,
        progress:
          progressToken === undefined
            ? undefined
            : (progress, message) =>
                extra.sendNotification({
                  method: "notifications/progress",
                  params: { progressToken, progress, message },
                }),
      });
    }
    const binding = catalog.get(request.params.name);
    if (!binding) {
      // A plain error with a code: McpError would prefix "MCP error -32602:" to a message the client
      // prefixes again.
      throw Object.assign(
        new Error(`Unknown tool "${request.params.name}": use one of ${tools.map((tool) => tool.name).join(", ")}.`),
        { code: ErrorCode.InvalidParams },
      );
    }
    return callTool(binding, request.params.arguments, {
      session,
      logger,
      secrets,
      exposeTokens: config.exposeTokens,
      signal: extra.signal,
    });
  });
  return server;
}
