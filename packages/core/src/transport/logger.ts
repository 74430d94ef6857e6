import type { ResolvedConfig } from "../options.ts";
import { redactValue } from "../redact.ts";

/** Sends one event to the client's logger, redacted; a logger that throws never breaks a request. */
export type CallLogger = (level: "debug" | "warn", message: string, details: Record<string, unknown>) => void;

/** The call's logger, or `undefined` without one, so that `log?.(…)` does not build details on the hot path. */
export function callLogger(config: ResolvedConfig, secrets: readonly string[]): CallLogger | undefined {
  if (!config.logger) return undefined;
  return (level, message, details) => {
    const sink = config.logger?.[level];
    if (!sink) return;
    try {
      sink.call(config.logger, message, redactValue(details, secrets) as Record<string, unknown>);
    } catch {
      // A broken logger must never break a request.
    }
  };
}
