import type { AnyOperation } from "@plex-auth/core";
import { SIGN_IN_WITH_PLEX } from "./plex-sign-in/definitions.ts";
import type { Presenter } from "./presenters/types.ts";
import { isCredentialSignIn } from "./sign-in-tool.ts";

/**
 * A tool's description for a model: core's description of the operation (what it does, when to use it),
 * then, briefly, what only the MCP layer knows and matters when choosing the tool: that a password sign-in
 * is the second choice, which fields the server fills in, and what the tool's result leaves out. Everything
 * shared (what tokens look like in results, which tools talk to the Media Server or count as sign-in
 * attempts, which error codes each tool returns and what to do about each) is in the server's instructions
 * once (and every error result carries its `hint`): `tools/list` is read into the model's context whole,
 * on every conversation.
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
  if (configuredFields.length > 0) {
    notes.push(`${configuredFields.join(" and ")} are configured on this server: omit them.`);
  }
  if (presenter.tokenNote !== "") notes.push(presenter.tokenNote);
  return [operation.description, ...notes].join(" ");
}
