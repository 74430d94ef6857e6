import { redactText, redactValue } from "@plex-auth/core";
import type { SecretRegistry } from "./secrets.ts";

/** How chatty the stderr log is. */
export type LogLevel = "debug" | "info" | "warn" | "error" | "silent";

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

/** Structured context of a log line: operation names, statuses, durations. Never arguments or results. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Where the server's diagnostics go: stderr, because stdout belongs to the stdio transport. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** The lowest level written. Default `"info"`. */
  readonly level?: LogLevel;
  /** Receives each finished line. Default: `process.stderr`. */
  readonly write?: (line: string) => void;
  /** Secret values to scrub from every line. */
  readonly secrets?: SecretRegistry;
}

// Each piece is redacted once, where it is still structured: secret-named fields as a whole, every string
// value for known secrets and secret-looking text. The assembled line is not scanned again.
function formatFields(fields: LogFields | undefined, secrets: readonly string[]): string {
  if (!fields) return "";
  const safe = redactValue(fields, secrets) as Record<string, unknown>;
  return Object.entries(safe)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join("");
}

/**
 * A logger that writes one redacted line per event to stderr. Every line passes through core's redaction
 * with the process's known secrets, so even a careless message cannot print a token.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: "debug" });
 * logger.info("tool call finished", { tool: "get_token_details", ms: 42 });
 * // stderr: plex-auth-mcp info: tool call finished tool=get_token_details ms=42
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? "info"];
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: Exclude<LogLevel, "silent">, message: string, fields?: LogFields) => {
    if (RANK[level] < threshold) return;
    const secrets = options.secrets?.values() ?? [];
    write(`plex-auth-mcp ${level}: ${redactText(message, secrets)}${formatFields(fields, secrets)}\n`);
  };
  return {
    debug: (message, fields) => emit("debug", message, fields),
    info: (message, fields) => emit("info", message, fields),
    warn: (message, fields) => emit("warn", message, fields),
    error: (message, fields) => emit("error", message, fields),
  };
}

/** Whether a string names a log level. */
export function isLogLevel(value: string): value is LogLevel {
  return Object.hasOwn(RANK, value);
}
