import { parseArgs } from "node:util";
import { isLogLevel, type LogLevel } from "../log/logger.ts";
import { DEFAULT_HTTP_HOST, DEFAULT_HTTP_PORT } from "../transports/http/defaults.ts";

/** What the command line asked for. */
export interface CliOptions {
  readonly transport: "stdio" | "http";
  readonly host: string;
  readonly port: number;
  /** False only with `--no-auth`. */
  readonly auth: boolean;
  readonly exposeTokens: boolean;
  /** `--read-only`: only the read-only tools. */
  readonly readOnly: boolean;
  readonly mock: boolean;
  /** `--tls-cert` and `--tls-key`: PEM files to serve HTTPS with (both or neither). */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | undefined;
  readonly allowedHosts: readonly string[];
  readonly allowedOrigins: readonly string[];
  readonly logLevel: LogLevel | undefined;
  readonly help: boolean;
  readonly version: boolean;
}

/** A command line that cannot be run; the message says what to do instead. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

// Flags people reach for that would put a secret in `ps` output and shell history.
const SECRET_FLAG = /token|password|passwd|login|secret|credential|server-?url|client-?id/i;

const HTTP_ONLY = ["host", "port", "no-auth", "allowed-host", "allowed-origin", "tls-cert", "tls-key"] as const;

function parsePort(text: string | undefined): number {
  if (text === undefined) return DEFAULT_HTTP_PORT;
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) throw new UsageError(`--port must be a number from 0 to 65535, not "${text}"`);
  return port;
}

/**
 * Parses the command line. Credentials are never flags: a flag that looks like one is refused with the
 * environment variable to use instead.
 *
 * @example
 * ```ts
 * parseCliArgs(["--http", "--port", "8080"]); // { transport: "http", port: 8080, host: "127.0.0.1", auth: true, … }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const flag = /'(-{1,2}[^']+)'/.exec(message)?.[1] ?? "";
    if (SECRET_FLAG.test(flag)) {
      throw new UsageError(
        `${flag} is not accepted: credentials and server settings come from the environment only ` +
          "(PLEX_TOKEN, PLEX_SERVER_URL, PLEX_LOGIN, PLEX_PASSWORD, PLEX_CLIENT_IDENTIFIER), so they never show " +
          "up in the process list or shell history.",
      );
    }
    throw new UsageError(`${message}. Run plex-auth-mcp --help for the options.`);
  }
  const { values } = parsed;
  const http = values.http ?? false;
  const strayHttpFlag = HTTP_ONLY.find((name) => values[name] !== undefined);
  if (!http && strayHttpFlag) throw new UsageError(`--${strayHttpFlag} only applies with --http`);
  // The HTTP safety rules (--no-auth only on loopback, …) are the server's: checkHttpSettings.
  const logLevel = values["log-level"];
  if (logLevel !== undefined && !isLogLevel(logLevel)) {
    throw new UsageError("--log-level must be debug, info, warn, error or silent");
  }
  const certFile = values["tls-cert"];
  const keyFile = values["tls-key"];
  if ((certFile === undefined) !== (keyFile === undefined)) {
    throw new UsageError("--tls-cert and --tls-key go together: give the PEM certificate and its private key");
  }
  return {
    transport: http ? "http" : "stdio",
    host: values.host ?? DEFAULT_HTTP_HOST,
    port: parsePort(values.port),
    auth: !(values["no-auth"] ?? false),
    exposeTokens: values["expose-tokens"] ?? false,
    readOnly: values["read-only"] ?? false,
    mock: values.mock ?? false,
    tls: certFile !== undefined && keyFile !== undefined ? { certFile, keyFile } : undefined,
    allowedHosts: values["allowed-host"] ?? [],
    allowedOrigins: values["allowed-origin"] ?? [],
    logLevel,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      http: { type: "boolean" },
      host: { type: "string" },
      port: { type: "string" },
      "no-auth": { type: "boolean" },
      "allowed-host": { type: "string", multiple: true },
      "allowed-origin": { type: "string", multiple: true },
      "expose-tokens": { type: "boolean" },
      "read-only": { type: "boolean" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      mock: { type: "boolean" },
      "log-level": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
