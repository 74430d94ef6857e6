import type { AnyOperation } from "@plex-auth/core";
import type { Presenter } from "./presenters/types.ts";
import { errorCodesFor, recoveryFor } from "./recovery.ts";
import { countsAsSignInAttempt } from "./sign-in-tool.ts";

/**
 * A tool's description for a model: core's description of the operation (what it does, when to use it),
 * extended with what only the MCP layer knows: which token and server it uses, whether it counts against
 * the sign-in limit, how tokens appear in the result, which fields the server fills in, and every error
 * with what to do about it.
 *
 * @example
 * ```ts
 * describeTool(operations.getTokenDetails, presenters.getTokenDetails, []);
 * ```
 */
export function describeTool(
  operation: AnyOperation,
  presenter: Presenter<never>,
  configuredFields: readonly string[],
): string {
  const context: string[] = [];
  if (operation.requiresToken) {
    context.push("Uses this session's token: the one from a sign-in earlier in this session, else PLEX_TOKEN.");
  }
  if (operation.host === "pms") {
    context.push("Talks to the Plex Media Server configured in PLEX_SERVER_URL (no tool takes a URL).");
  }
  if (configuredFields.length > 0) {
    context.push(
      `${configuredFields.join(" and ")} are configured on this server: omit them, so the password never ` +
        "passes through this conversation.",
    );
  }
  if (countsAsSignInAttempt(operation)) {
    context.push(
      "Each call counts as a sign-in attempt: a session gets a few per 10 minutes, and none while plex.tv's " +
        "throttling of this IP pauses sign-in for the whole server.",
    );
  }
  context.push(presenter.tokenNote);
  const errors = errorCodesFor(operation).map((code) => {
    const recovery = recoveryFor(code, operation);
    return `- ${code}: ${recovery.meaning}. ${recovery.hint}`;
  });
  return [
    operation.description,
    context.join(" "),
    "Errors come back as results with isError true and structuredContent.error = " +
      "{ code, status, retryable, retryAfterMs, message, hint }:",
    errors.join("\n"),
  ].join("\n\n");
}
