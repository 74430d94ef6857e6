import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createPlexAuthCore, InvalidInputError } from "@plex-auth/core";
import { configDirectory, writePrivateFile } from "@plex-auth/node";
import type { PlexMcpConfig } from "../config/config.ts";
import { configFromEnv, type Environment } from "../config/env.ts";
import { createLogger, isLogLevel, type Logger, type LogLevel } from "../log/logger.ts";
import { SecretRegistry } from "../log/secrets.ts";
import { clientOptionsOf } from "../session/session.ts";
import { checkHttpSettings, UnsafeHttpSettingsError } from "../transports/http/settings.ts";
import { startStdioServer } from "../transports/stdio.ts";
import { VERSION } from "../version.ts";
import { type CliOptions, parseCliArgs, UsageError } from "./args.ts";
import { desktopBrowser } from "./browser.ts";
import { helpText } from "./help.ts";
import { mockConfig } from "./mock.ts";

/** Where the CLI reads and writes; the process's own streams unless a test says otherwise. */
export interface CliIo {
  readonly env: Environment;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /**
   * Whether stderr is a terminal a person reads. A generated bearer token is printed only there; otherwise
   * (a log file, a supervisor's journal) it goes to a 0600 file and only the file's path is printed.
   */
  readonly stderrIsTerminal?: boolean | undefined;
  /** Resolves when the process is asked to stop (SIGINT, SIGTERM). */
  readonly stopRequested: Promise<void>;
}

/** A started server, and how to stop it. */
interface Started {
  readonly done: Promise<void>;
  close(): Promise<void>;
}

function logLevelOf(options: CliOptions, env: Environment): LogLevel {
  const fromEnv = env.PLEX_MCP_LOG_LEVEL?.trim().toLowerCase();
  if (options.logLevel) return options.logLevel;
  if (fromEnv && !isLogLevel(fromEnv))
    throw new UsageError("PLEX_MCP_LOG_LEVEL must be debug, info, warn, error or silent");
  return fromEnv && isLogLevel(fromEnv) ? fromEnv : "info";
}

async function loadConfig(options: CliOptions, env: Environment, logger: Logger): Promise<PlexMcpConfig> {
  const config = options.mock
    ? await mockConfig(env, { exposeTokens: options.exposeTokens, readOnly: options.readOnly, logger })
    : configFromEnv(env, { exposeTokens: options.exposeTokens, readOnly: options.readOnly });
  // Core validates client options when a client is made: do it once now, so a bad PLEX_SERVER_URL stops the
  // server at start rather than failing every tool call.
  createPlexAuthCore(clientOptionsOf(config));
  return config;
}

function describeConfig(config: PlexMcpConfig, logger: Logger): void {
  if (!config.token) {
    logger.info("no PLEX_TOKEN: token tools answer not_signed_in until the sign-in tool succeeds in the session");
  }
  if (!config.serverUrl)
    logger.info("no PLEX_SERVER_URL: the two Plex Media Server tools answer server_not_configured");
  if (config.credentials) logger.info("sign-in uses PLEX_LOGIN / PLEX_PASSWORD when the model gives no credentials");
  if (config.exposeTokens) logger.warn("token exposure is ON: tool results contain full Plex tokens");
  if (config.readOnly) logger.info("read-only: only the tools that change nothing are listed");
}

async function start(options: CliOptions, config: PlexMcpConfig, io: CliIo, logger: Logger, secrets: SecretRegistry) {
  if (options.transport === "stdio") {
    // With --mock nothing is reachable from a browser (the mock is in-process): the model gets a code, which
    // the mock approves by itself.
    const openBrowser = options.mock ? undefined : desktopBrowser(io.env);
    const running = await startStdioServer(config, { logger, secrets, openBrowser, signInLinkOnly: options.mock });
    logger.info("serving MCP over stdio", { version: VERSION });
    return { done: running.closed, close: running.close } satisfies Started;
  }
  // Before a bearer is generated and shown: an unreadable certificate must not cost a token.
  const tls = options.tls && readTlsFiles(options.tls);
  let authToken: string | false = false;
  if (options.auth) {
    const configured = io.env.PLEX_MCP_AUTH_TOKEN?.trim();
    authToken = configured || randomBytes(32).toString("base64url");
    if (!configured) announceGeneratedToken(authToken, io);
  }
  // Loaded only here: over stdio the HTTP stack (the SDK's Node adapter, Hono's) would only slow the start.
  const { startHttpServer } = await import("../transports/http/server.ts");
  const running = await startHttpServer(
    config,
    {
      host: options.host,
      port: options.port,
      authToken,
      allowedHosts: options.allowedHosts,
      allowedOrigins: options.allowedOrigins,
      tls,
    },
    // With --mock the mock's PINs are only typed as codes (see the stdio start above).
    { logger, secrets, signInLinkOnly: options.mock },
  );
  return { done: new Promise<void>(() => undefined), close: running.close } satisfies Started;
}

function readTlsFiles(files: NonNullable<CliOptions["tls"]>): { cert: Buffer; key: Buffer } {
  const read = (flag: string, file: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      const code = (error as { code?: unknown } | null)?.code;
      throw new UsageError(`cannot read the ${flag} file ${file} (${String(code ?? "unreadable")})`);
    }
  };
  return { cert: read("--tls-cert", files.certFile), key: read("--tls-key", files.keyFile) };
}

/**
 * Tells the person the bearer token a run generated: on a terminal, printed (written directly: the logger
 * would, rightly, redact it); anywhere else, where stderr may land in a log that others read, written to a
 * 0600 file in the user's config directory, and only the file's path printed.
 */
function announceGeneratedToken(token: string, io: CliIo): void {
  if (io.stderrIsTerminal) {
    io.stderr(`plex-auth-mcp: bearer token for this run (set PLEX_MCP_AUTH_TOKEN to choose one): ${token}\n`);
    return;
  }
  const file = join(configDirectory({ env: io.env }), "plex-auth", "mcp-bearer-token");
  writePrivateFile(file, `${token}\n`);
  io.stderr(
    `plex-auth-mcp: bearer token for this run written to ${file} (mode 0600; stderr is not a terminal, so it is ` +
      "not printed; set PLEX_MCP_AUTH_TOKEN to choose one)\n",
  );
}

/**
 * The `plex-auth-mcp` command: parses flags, reads credentials from the environment, starts the stdio or
 * HTTP server and runs until the client hangs up or the process is told to stop. Resolves to the exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), { env: process.env, stdout, stderr, stopRequested });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let options: CliOptions;
  let logLevel: LogLevel;
  try {
    options = parseCliArgs(argv);
    logLevel = logLevelOf(options, io.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`plex-auth-mcp: ${error.message}\n`);
    return 2;
  }
  if (options.help) {
    io.stdout(helpText());
    return 0;
  }
  if (options.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const secrets = new SecretRegistry();
  const logger = createLogger({ level: logLevel, write: io.stderr, secrets });
  let started: Started;
  try {
    // Before anything else: a refused command line reads no configuration and prints no bearer token.
    if (options.transport === "http") checkHttpSettings(options);
    const config = await loadConfig(options, io.env, logger);
    describeConfig(config, logger);
    started = await start(options, config, io, logger, secrets);
  } catch (error) {
    if (error instanceof InvalidInputError || error instanceof UnsafeHttpSettingsError || error instanceof UsageError) {
      logger.error(`cannot start: ${error.message}`);
      return 2;
    }
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === "string" && code.startsWith("ERR_OSSL")) {
      logger.error("cannot start: --tls-cert and --tls-key must be a PEM certificate and its matching private key");
      return 2;
    }
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      logger.error(`cannot start: cannot listen on ${options.host}:${options.port} (${code}); pick another --port`);
      return 2;
    }
    throw error;
  }
  await Promise.race([started.done, io.stopRequested]);
  await started.close();
  logger.info("stopped");
  return 0;
}
