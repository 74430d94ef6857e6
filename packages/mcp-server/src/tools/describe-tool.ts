import type { AnyOperation } from "@plex-auth/core";
import { COMMON_ERROR_CODES, TOKEN_ERROR_CODES } from "./instructions.ts";
import { SIGN_IN_WITH_PLEX } from "./plex-sign-in/definitions.ts";
import type { Presenter } from "./presenters/types.ts";
import { errorCodesFor, type RecoveryCode } from "./recovery.ts";
import { countsAsSignInAttempt, isCredentialSignIn } from "./sign-in-tool.ts";

/**
 * A tool's description for a model: core's description of the operation (what it does, when to use it),
 * then, briefly, what only the MCP layer knows: that it talks to the configured Media Server, which fields the server fills in, whether it counts against the sign-in limit, and the error
 * codes it can return besides the common ones. What tokens look like in results, and what each code means
 * and what to do about it, is in the server's instructions once for all tools (and in every error
 * result's `hint`): `tools/list` is read into the model's context whole, on every conversation.
 *
 * @example
 * ```ts
 * describeTool(operations.getTokenDetails, presenters.getTokenDetails, []); // "Returns the plex.tv account … Use it to check that a token is valid and whose it is."
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
      `Prefer ${SIGN_IN_WITH_PLEX} (no password in the conversation); this is for credentials configured on the server.`,
    );
  }
  if (operation.host === "pms") notes.push("Talks to PLEX_SERVER_URL.");
  if (configuredFields.length > 0) {
    notes.push(`${configuredFields.join(" and ")} are configured on this server: omit them.`);
  }
  if (countsAsSignInAttempt(operation)) notes.push("Counts as a sign-in attempt.");
  if (presenter.tokenNote !== "") notes.push(presenter.tokenNote);
  const shared = (code: RecoveryCode) =>
    COMMON_ERROR_CODES.has(code) || (operation.requiresToken && TOKEN_ERROR_CODES.has(code));
  const codes = errorCodesFor(operation).filter((code) => !shared(code));
  if (codes.length > 0) notes.push(`Errors: ${codes.join(", ")}.`);
  return [operation.description, ...notes].join(" ");
}
