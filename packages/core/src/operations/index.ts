import { getSourceConnectionInformationOperation } from "./get-source-connection-information.ts";
import { getTokenDetailsOperation } from "./get-token-details.ts";
import { getTransientTokenOperation } from "./get-transient-token.ts";
import { postUsersSignInDataOperation } from "./post-users-sign-in-data.ts";

/** The type of {@link operations}: one entry per Plex authentication operation. */
export interface Operations {
  readonly getTransientToken: typeof getTransientTokenOperation;
  readonly getSourceConnectionInformation: typeof getSourceConnectionInformationOperation;
  readonly getTokenDetails: typeof getTokenDetailsOperation;
  readonly postUsersSignInData: typeof postUsersSignInDataOperation;
}

/**
 * The one table of operations. Client methods, standalone functions, MCP tools and mock-server routes are
 * all generated from it. Adding an operation means adding its file and a line here (and in the type above).
 *
 * @example
 * ```ts
 * import { operations } from "@plex-auth/core";
 * for (const operation of Object.values(operations)) console.log(operation.toolName, operation.method, operation.path);
 * ```
 */
// Pure: bundlers may then drop the table, and the operations it holds, from apps that never import it.
export const operations: Operations = /* @__PURE__ */ Object.freeze({
  getTransientToken: getTransientTokenOperation,
  getSourceConnectionInformation: getSourceConnectionInformationOperation,
  getTokenDetails: getTokenDetailsOperation,
  postUsersSignInData: postUsersSignInDataOperation,
});
