import type { CallToolResult } from "@modelcontextprotocol/server";
import { operations, RequestAbortedError, redactText } from "@plex-auth/core";
import { errorResult, toolErrorInfo } from "../error-result.ts";
import type { PlexSignInContext } from "./context.ts";

/**
 * A "Sign in with Plex" tool's failure, as the table's tools report theirs: a structured error with its
 * recovery hint for the model, and a log line on stderr (with the unexpected error's message, redacted,
 * since an `internal_error` hint points there).
 *
 * @example
 * ```ts
 * return failedResult(error, context, [String(pin.id)]);
 * ```
 */
export function failedResult(
  error: unknown,
  context: PlexSignInContext,
  callSecrets: readonly string[],
): CallToolResult {
  const secrets = [...context.secrets.values(), ...callSecrets];
  const info = toolErrorInfo(error, operations.getOAuthPin, secrets);
  const level = error instanceof RequestAbortedError ? "info" : "warn";
  context.logger[level]("sign-in with Plex failed", { code: info.code, status: info.status ?? undefined });
  if (info.code === "internal_error") {
    const message = error instanceof Error ? error.message : String(error);
    context.logger.error("unexpected error", { error: redactText(message, secrets) });
  }
  return errorResult(info);
}
