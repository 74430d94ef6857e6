import type { CallToolResult } from "@modelcontextprotocol/server";
import {
  type AnyOperation,
  ApiError,
  ConnectionError,
  InvalidInputError,
  PlexAuthError,
  ResponseValidationError,
  redactText,
} from "@plex-auth/core";
import { SignInRateLimitedError } from "../errors/local-errors.ts";
import { cleanPlexText } from "./plex-text.ts";
import { recoveryFor } from "./recovery.ts";

// Our own wording around Plex's: longer than a piece of Plex text, still bounded.
const MAX_ERROR_MESSAGE = 600;

import type { ToolErrorInfo } from "./result-schemas.ts";

function retryAfterOf(error: PlexAuthError): number | null {
  if (error instanceof ApiError || error instanceof SignInRateLimitedError) return error.retryAfterMs ?? null;
  return null;
}

/**
 * The structured error of a failed call: a stable code, the HTTP status, whether and when to retry, the
 * message (scrubbed of every known secret) and the recovery hint.
 *
 * @example
 * ```ts
 * toolErrorInfo(new TwoFactorRequiredError({ status: 401, message: "…" }), operations.postUsersSignInData, []).hint;
 * ```
 */
export function toolErrorInfo(error: unknown, operation: AnyOperation, secrets: readonly string[]): ToolErrorInfo {
  if (!(error instanceof PlexAuthError)) {
    const recovery = recoveryFor("internal_error", operation);
    return {
      code: "internal_error",
      status: null,
      retryable: recovery.retryable,
      retryAfterMs: null,
      message: `${operation.tool?.name ?? operation.name} failed unexpectedly inside the MCP server.`,
      hint: recovery.hint,
    };
  }
  const code = error.code;
  const recovery = recoveryFor(code, operation, error instanceof ConnectionError && error.neverReached);
  const status = error instanceof ApiError || error instanceof ResponseValidationError ? error.status : null;
  const info: ToolErrorInfo = {
    code,
    status,
    retryable: recovery.retryable,
    retryAfterMs: retryAfterOf(error),
    // The message may quote Plex (its error text): cleaned and cut like any Plex text.
    message: cleanPlexText(redactText(error.message, secrets), MAX_ERROR_MESSAGE),
    hint: recovery.hint,
  };
  if (error instanceof InvalidInputError) {
    info.issues = error.issues.slice(0, 20).map((issue) => ({
      path: cleanPlexText(issue.path),
      message: cleanPlexText(redactText(issue.message, secrets), MAX_ERROR_MESSAGE),
    }));
  }
  return info;
}

/**
 * A failed call as an MCP tool result: `isError`, the message and hint as text, and the structured error.
 *
 * @example
 * ```ts
 * return errorResult(toolErrorInfo(error, operation, secrets));
 * ```
 */
export function errorResult(info: ToolErrorInfo): CallToolResult {
  return {
    content: [{ type: "text", text: `Error (${info.code}): ${info.message}\nWhat to do: ${info.hint}` }],
    structuredContent: { error: info },
    isError: true,
  };
}
