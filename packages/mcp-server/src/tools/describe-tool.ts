import type { AnyOperation } from "@plex-auth/core";
import { COMMON_ERROR_CODES } from "./instructions.ts";
import { SIGN_IN_WITH_PLEX } from "./plex-sign-in/definitions.ts";
import type { Presenter } from "./presenters/types.ts";
import { errorCodesFor } from "./recovery.ts";
import { countsAsSignInAttempt, isCredentialSignIn } from "./sign-in-tool.ts";

/**
 * A tool's description for a model: core's description of the operation (what it does, when to use it),
 * then, briefly, what only the MCP layer knows: that it uses the session's token or the configured Media
 * Server, which fields the server fills in, whether it counts against the sign-in limit, and the error
 * codes it can return besides the common ones. What tokens look like in results, and what each code means
 * and what to do about it, is in the server's instructions once for all tools (and in every error
 * result's `hint`): `tools/list` is read into the model's context whole, on every conversation.
 *
 * @example
 * ```ts
 * describeTool(operations.getTokenDetails, presenters.getTokenDetails, []); // "Returns the plex.tv account … Uses the session's token. …"
 * ```
 */
export function describeTool(
  operation: AnyOperation,
  presenter: Presenter<never>,
  configuredFields: readonly string[],
): string {
  const notes: string[] = [];
  if (isCredentialSignIn(operation)) {
    notes.push(
      `Prefer ${SIGN_IN_WITH_PLEX}: no password passes through the conversation. This is for credentials configured on the server.`,
    );
  }
  if (operation.requiresToken) notes.push("Uses the session's token.");
  if (operation.host === "pms") notes.push("Talks to PLEX_SERVER_URL.");
  if (configuredFields.length > 0) {
    notes.push(`${configuredFields.join(" and ")} are configured on this server: omit them.`);
  }
  if (countsAsSignInAttempt(operation)) notes.push("Counts as a sign-in attempt (a few per 10 minutes).");
  if (presenter.tokenNote !== "") notes.push(presenter.tokenNote);
  const codes = errorCodesFor(operation).filter((code) => !COMMON_ERROR_CODES.has(code));
  if (codes.length > 0) notes.push(`Errors: ${codes.join(", ")} (and the common ones).`);
  return [operation.description, ...notes].join(" ");
}
