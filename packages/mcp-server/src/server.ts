import {
  type CallToolResult,
  type Implementation,
  type InputRequiredResult,
  ProtocolError,
  ProtocolErrorCode,
  Server,
  type ServerContext,
  type ServerOptions,
  type Tool,
} from "@modelcontextprotocol/server";
import type { PlexMcpConfig } from "./config/config.ts";
import { createLogger, type Logger } from "./log/logger.ts";
import { SecretRegistry } from "./log/secrets.ts";
import { PlexSession } from "./session/session.ts";
import { SignInPause } from "./session/sign-in-limiter.ts";
import { callTool } from "./tools/call-tool.ts";
import { buildToolCatalog, type ToolBinding } from "./tools/catalog.ts";
import { SERVER_ICONS } from "./tools/icons.ts";
import { serverInstructions } from "./tools/instructions.ts";
import { callWithPinPrompt, type PinPrompt } from "./tools/pin-prompt.ts";
import type { PlexSignInContext } from "./tools/plex-sign-in/context.ts";
import { PLEX_SIGN_IN_TOOLS, SIGN_IN_WITH_PLEX, WAIT_FOR_PLEX_SIGN_IN } from "./tools/plex-sign-in/definitions.ts";
import { createSignInStateCodec, type SignInState, type SignInStateCodec } from "./tools/plex-sign-in/sign-in-state.ts";
import { signInWithPlex } from "./tools/plex-sign-in/start.ts";
import { waitForPlexSignIn } from "./tools/plex-sign-in/wait.ts";
import { isPinGuess } from "./tools/sign-in-tool.ts";
import { VERSION } from "./version.ts";

type SignInFlow = (args: unknown, context: PlexSignInContext) => Promise<CallToolResult | InputRequiredResult>;

// The "Sign in with Plex" tools: a flow, not rows of core's table, so run apart from the catalog.
const SIGN_IN_FLOWS: ReadonlyMap<string, SignInFlow> = new Map<string, SignInFlow>([
  [SIGN_IN_WITH_PLEX, signInWithPlex],
  [WAIT_FOR_PLEX_SIGN_IN, waitForPlexSignIn],
]);

/** The first protocol revision without server-to-client requests: its clients get input-required results. */
const STATELESS_REVISION = "2026-07-28";

/** What {@link createPlexAuthMcpServer} shares with the rest of the process. */
export interface ServerDeps {
  /** Where diagnostics go. Default: stderr at level info. */
  readonly logger?: Logger;
  /** The process's known secrets, scrubbed from logs and results. Default: a new registry. */
  readonly secrets?: SecretRegistry;
  /** A catalog built once and shared by every instance of an HTTP server. Default: built from `config`. */
  readonly catalog?: ReadonlyMap<string, ToolBinding>;
  /**
   * The Plex state this instance works on: the token, pending sign-ins and sign-in limiter of the one
   * person it serves (stdio) or of the request's principal (HTTP). Default: a new one.
   */
  readonly session?: PlexSession | undefined;
  /**
   * The process's sign-in pause and budget, shared by every principal: plex.tv throttles sign-in by IP
   * (code 1031), so once one is told to stop, all of them stop. Used when `session` is not given.
   */
  readonly signInPause?: SignInPause;
  /** Seals the sign-in handle 2026-07-28 clients echo; one per process. Default: a new one. */
  readonly signInState?: SignInStateCodec | undefined;
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

/** The server's name, title, version and icon, as `server/discover` and `initialize` report them. */
export const SERVER_INFO: Implementation = {
  name: "plex-auth",
  title: "Plex authentication",
  version: VERSION,
  websiteUrl: "https://github.com/plex-auth/plex-auth/tree/main/packages/mcp-server#readme",
  icons: SERVER_ICONS,
};

// The tool list and discovery answer change only with a new version of the server: a client may keep them
// for an hour, and share them (they say nothing about the caller).
const CACHE_HINTS: ServerOptions["cacheHints"] = {
  "tools/list": { ttlMs: 3_600_000, cacheScope: "public" },
  "server/discover": { ttlMs: 3_600_000, cacheScope: "public" },
};

/** The tools one configuration lists: "Sign in with Plex"'s two (unless read-only), then the table's. */
export function listedTools(config: PlexMcpConfig, catalog: ReadonlyMap<string, ToolBinding>): Tool[] {
  const flows = config.readOnly ? [] : PLEX_SIGN_IN_TOOLS;
  return [...flows, ...[...catalog.values()].map((binding) => binding.tool)];
}

function unknownTool(name: string, tools: readonly Tool[]): ProtocolError {
  return new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `Unknown tool "${name}": use one of ${tools.map((tool) => tool.name).join(", ")}.`,
  );
}

interface Parts {
  readonly server: Server;
  readonly config: PlexMcpConfig;
  readonly deps: ServerDeps;
  readonly session: PlexSession;
  readonly logger: Logger;
  readonly secrets: SecretRegistry;
  readonly signInState: SignInStateCodec;
}

// How this call's client can be asked to show Plex's page, if at all: a 2026-07-28 client through an
// input-required result, a 2025-era one through a server-to-client request.
function elicitationOf(parts: Parts, ctx: ServerContext): Pick<PlexSignInContext, "elicitUrl" | "inputRequired"> {
  if (parts.deps.signInLinkOnly || !parts.server.getClientCapabilities()?.elicitation?.url) return {};
  const revision = parts.server.getNegotiatedProtocolVersion() ?? "";
  if (revision >= STATELESS_REVISION) {
    return {
      inputRequired: {
        state: ctx.mcpReq.requestState<SignInState>(),
        responses: ctx.mcpReq.inputResponses,
        mint: (state) => parts.signInState.mint(state, ctx),
      },
    };
  }
  // Related to this call, so over HTTP it travels on the call's own stream; answered within a client's
  // usual 60 s, or the model is given the link instead.
  return { elicitUrl: (params) => ctx.mcpReq.elicitInput(params, { signal: ctx.mcpReq.signal, timeout: 50_000 }) };
}

// How this call's client can ask the person for a Home profile's PIN, if it can: a form elicitation (a
// bare `elicitation: {}` is form support, its meaning before modes).
function pinPromptOf(parts: Parts, ctx: ServerContext): PinPrompt | undefined {
  const elicitation = parts.server.getClientCapabilities()?.elicitation;
  if (!elicitation || (elicitation.url !== undefined && elicitation.form === undefined)) return undefined;
  if ((parts.server.getNegotiatedProtocolVersion() ?? "") >= STATELESS_REVISION) {
    return {
      kind: "input-required",
      homeUser: ctx.mcpReq.requestState<SignInState>()?.homeUser,
      responses: ctx.mcpReq.inputResponses,
      mint: (homeUser) => parts.signInState.mint({ homeUser }, ctx),
    };
  }
  return {
    kind: "push",
    elicit: (params) => ctx.mcpReq.elicitInput(params, { signal: ctx.mcpReq.signal, timeout: 120_000 }),
  };
}

function signInContext(parts: Parts, ctx: ServerContext): PlexSignInContext {
  const progressToken = ctx.mcpReq._meta?.progressToken;
  return {
    session: parts.session,
    logger: parts.logger,
    secrets: parts.secrets,
    exposeTokens: parts.config.exposeTokens,
    signal: ctx.mcpReq.signal,
    openBrowser: parts.deps.signInLinkOnly ? undefined : parts.deps.openBrowser,
    authAppBaseUrl: parts.deps.authAppBaseUrl,
    ...elicitationOf(parts, ctx),
    progress:
      progressToken === undefined
        ? undefined
        : (progress, message) =>
            ctx.mcpReq.notify({ method: "notifications/progress", params: { progressToken, progress, message } }),
  };
}

/**
 * Creates one MCP server instance with one tool per operation of core's table, and "Sign in with Plex".
 * It serves either protocol era: hand it to the SDK's `serveStdio` or `createMcpHandler` as the factory's
 * result. Its Plex state (token, pending sign-ins) is `deps.session`: give every instance that serves the
 * same person the same session.
 *
 * @example
 * ```ts
 * import { serveStdio } from "@modelcontextprotocol/server/stdio";
 * import { createPlexAuthMcpServer, PlexSession } from "@plex-auth/mcp-server";
 *
 * const config = { clientIdentifier: "3f1c…", token: process.env.PLEX_TOKEN, exposeTokens: false };
 * serveStdio(() => createPlexAuthMcpServer(config));
 * ```
 */
export function createPlexAuthMcpServer(config: PlexMcpConfig, deps: ServerDeps = {}): Server {
  const logger = deps.logger ?? createLogger();
  const secrets = deps.secrets ?? new SecretRegistry();
  secrets.addConfigured(config.token);
  secrets.addHidden(config.credentials?.password);
  const catalog = deps.catalog ?? buildToolCatalog(config);
  const session =
    deps.session ??
    new PlexSession(config, {
      logger,
      secrets,
      signInPause: deps.signInPause ?? new SignInPause(Date.now, config.signInLimit),
    });
  const signInState = deps.signInState ?? createSignInStateCodec();
  const tools = listedTools(config, catalog);

  const server = new Server(SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions: INSTRUCTIONS,
    cacheHints: CACHE_HINTS,
    requestState: { verify: signInState.verify },
  });
  const parts: Parts = { server, config, deps, session, logger, secrets, signInState };
  server.setRequestHandler("tools/list", () => ({ tools }));
  server.setRequestHandler("tools/call", (request, ctx) => {
    const { name } = request.params;
    const flow = config.readOnly ? undefined : SIGN_IN_FLOWS.get(name);
    if (flow) return flow(request.params.arguments, signInContext(parts, ctx));
    const binding = catalog.get(name);
    if (!binding) throw unknownTool(name, tools);
    const context = { session, logger, secrets, exposeTokens: config.exposeTokens, signal: ctx.mcpReq.signal };
    const pinPrompt = isPinGuess(binding.operation) ? pinPromptOf(parts, ctx) : undefined;
    if (pinPrompt) return callWithPinPrompt(binding, request.params.arguments, context, pinPrompt);
    return callTool(binding, request.params.arguments, context);
  });
  return server;
}
