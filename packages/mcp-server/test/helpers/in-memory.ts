import {
  Client,
  type ClientCapabilities,
  InMemoryTransport,
  type LoggingMessageNotification,
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/client";
import { createMcpHandler } from "@modelcontextprotocol/server";
import { operations } from "@plex-auth/core";
import * as v from "valibot";
import type { PlexMcpConfig } from "../../src/config/config.ts";
import { createLogger } from "../../src/log/logger.ts";
import { SecretRegistry } from "../../src/log/secrets.ts";
import { createPlexAuthMcpServer, type ServerDeps } from "../../src/server.ts";
import { PlexSession } from "../../src/session/session.ts";
import { SignInPause } from "../../src/session/sign-in-limiter.ts";
import { buildToolCatalog } from "../../src/tools/catalog.ts";
import { PLEX_SIGN_IN_TOOLS } from "../../src/tools/plex-sign-in/definitions.ts";
import { createSignInStateCodec } from "../../src/tools/plex-sign-in/sign-in-state.ts";
import { presenters } from "../../src/tools/presenters/index.ts";
import type { Presenter } from "../../src/tools/presenters/types.ts";
import { toolErrorSchema } from "../../src/tools/result-schemas.ts";
import { createPlexStub, PLEX_TV_URL, type PlexStub, PMS_URL, SENTINELS } from "./plex-stub.ts";

/** A real MCP client connected to a real server over an in-memory transport, with a Plex stub behind it. */
export interface Connected {
  readonly client: Client;
  readonly stub: PlexStub;
  /** Every stderr line the server logged. */
  readonly logLines: string[];
  /** Every message the server sent the client, raw (responses and notifications). */
  readonly wire: unknown[];
  readonly notifications: LoggingMessageNotification[];
  close(): Promise<void>;
}

export function testConfig(stub: PlexStub, overrides: Partial<PlexMcpConfig> = {}): PlexMcpConfig {
  return {
    clientIdentifier: "test-client-identifier",
    token: SENTINELS.envToken,
    serverUrl: PMS_URL,
    plexTvUrl: PLEX_TV_URL,
    exposeTokens: false,
    fetch: stub.fetch,
    timeoutMs: 5_000,
    ...overrides,
  };
}

/** What {@link connect} sets up besides the defaults. */
export interface ConnectOptions {
  readonly config?: Partial<PlexMcpConfig>;
  readonly stub?: PlexStub;
  /**
   * List the tools once connected: the SDK client then checks every structuredContent it gets against the
   * tool's outputSchema, and a call whose result does not match rejects.
   */
  readonly validateOutput?: boolean;
  /** The process-wide sign-in pause, to share one between sessions. */
  readonly signInPause?: SignInPause;
  /**
   * The protocol era the client speaks: `legacy` (2025-11-25, over an in-memory pair) or `modern`
   * (2026-07-28, through the SDK's per-request HTTP handler, in process). Default `legacy`.
   */
  readonly era?: "legacy" | "modern";
  /** Capabilities the client declares (e.g. URL elicitation). */
  readonly capabilities?: ClientCapabilities;
}

/** The era a test file runs in: `MCP_TEST_ERA=modern` runs the suites against a 2026-07-28 client. */
export const TEST_ERA: "legacy" | "modern" = process.env.MCP_TEST_ERA === "modern" ? "modern" : "legacy";

// Every JSON-RPC message of a response body, JSON or SSE.
async function messagesOf(response: Response): Promise<unknown[]> {
  const text = await response.text();
  if (!text) return [];
  if (!(response.headers.get("content-type") ?? "").includes("text/event-stream")) return [JSON.parse(text)];
  return text
    .split("\n")
    .filter((line) => line.startsWith("data:"))
    .map((line) => JSON.parse(line.slice(5)));
}

/** A 2025-era client: one server instance over an in-memory pair, every message it sends kept in `wire`. */
export async function connectLegacy(
  client: Client,
  deps: ServerDeps,
  config: PlexMcpConfig,
  wire: unknown[],
): Promise<() => Promise<void>> {
  const server = createPlexAuthMcpServer(config, deps);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const send = serverTransport.send.bind(serverTransport);
  serverTransport.send = (message, options) => {
    wire.push(message);
    return send(message, options);
  };
  await server.connect(serverTransport);
  await client.connect(clientTransport);
  return async () => {
    await client.close();
    await server.close();
  };
}

/**
 * A 2026-07-28 client: the SDK's per-request handler serving a fresh instance per request, each working on
 * the same Plex session, called through its fetch in process (no socket).
 */
export async function connectModern(
  client: Client,
  deps: ServerDeps,
  config: PlexMcpConfig,
  wire: unknown[],
): Promise<() => Promise<void>> {
  const handler = createMcpHandler(() => createPlexAuthMcpServer(config, deps), { legacy: "reject" });
  const transport = new StreamableHTTPClientTransport(new URL("http://127.0.0.1/mcp"), {
    fetch: async (url, init) => {
      const response = await handler.fetch(new Request(url, init));
      void messagesOf(response.clone()).then(
        (messages) => wire.push(...messages),
        () => undefined,
      );
      return response;
    },
  });
  await client.connect(transport);
  return async () => {
    await client.close();
    await handler.close();
  };
}

export async function connect(options: ConnectOptions = {}): Promise<Connected> {
  const stub = options.stub ?? createPlexStub();
  const logLines: string[] = [];
  const wire: unknown[] = [];
  const secrets = new SecretRegistry();
  const logger = createLogger({ level: "debug", write: (line) => logLines.push(line), secrets });
  const config = testConfig(stub, options.config);
  const signInPause = options.signInPause ?? new SignInPause(Date.now, config.signInLimit);
  // What the real transports share between instances: the session above all (the modern era makes an
  // instance per request).
  const deps: ServerDeps = {
    logger,
    secrets,
    signInPause,
    session: new PlexSession(config, { logger, secrets, signInPause }),
    signInState: createSignInStateCodec(),
    catalog: buildToolCatalog(config),
  };
  const era = options.era ?? TEST_ERA;
  const client = new Client(
    { name: "test-client", version: "1.0.0" },
    {
      capabilities: options.capabilities ?? {},
      versionNegotiation: { mode: era === "modern" ? { pin: "2026-07-28" } : "legacy" },
    },
  );
  checkResultShapes(client);
  const notifications: LoggingMessageNotification[] = [];
  const close = await (era === "modern" ? connectModern : connectLegacy)(client, deps, config, wire);
  if (options.validateOutput) await client.listTools();
  return { client, stub, logLines, wire, notifications, close };
}

/** The tools generated from core's table: the operations that have a `tool` entry. */
export const TABLE_TOOL_NAMES: readonly string[] = Object.values(operations).flatMap((operation) =>
  operation.tool ? [operation.tool.name] : [],
);

/**
 * Makes every `callTool` of this client check the result's whole shape: a success against its presenter's
 * valibot schema, an error against the tool error schema. The advertised output schemas are compact (top
 * level only), so the SDK's own check no longer sees nested fields; this does, in every test.
 */
function checkResultShapes(client: Client): void {
  // By the table's presenter names, without building a catalog (the hot-path test counts those).
  const schemaOf = (name: string) => {
    const operation = Object.values(operations).find((candidate) => candidate.tool?.name === name);
    const presenter = operation?.tool
      ? (presenters as Record<string, Presenter<never>>)[operation.tool.presenter]
      : undefined;
    return presenter?.outputSchema;
  };
  const callTool = client.callTool.bind(client);
  client.callTool = (async (...args: Parameters<Client["callTool"]>) => {
    const result = await callTool(...args);
    const structured = result.structuredContent as Record<string, unknown> | undefined;
    if (result.isError && structured?.error !== undefined) v.parse(toolErrorSchema, structured.error);
    else if (structured !== undefined) {
      const schema = schemaOf(args[0].name);
      if (schema) v.parse(schema, structured);
    }
    return result;
  }) as Client["callTool"];
}

/** Every tool the server lists: "Sign in with Plex"'s two, and the table's. */
export const TOOL_NAMES: readonly string[] = [...PLEX_SIGN_IN_TOOLS.map((tool) => tool.name), ...TABLE_TOOL_NAMES];
