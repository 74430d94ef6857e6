import { signInPresenter } from "./sign-in.ts";
import { sourceConnectionInformationPresenter } from "./source-connection-information.ts";
import { tokenDetailsPresenter } from "./token-details.ts";
import { transientTokenPresenter } from "./transient-token.ts";
import type { Presenters } from "./types.ts";

/**
 * How each operation of core's table shows its result to a model, keyed like the table. The tools are
 * generated from the table; this is the one per-operation decision the MCP layer adds: which fields a
 * model may see.
 *
 * @example
 * ```ts
 * import { operations } from "@plex-auth/core";
 * for (const [name, operation] of Object.entries(operations)) console.log(operation.toolName, presenters[name].tokenNote);
 * ```
 */
export const presenters: Presenters = Object.freeze({
  getTransientToken: transientTokenPresenter,
  getSourceConnectionInformation: sourceConnectionInformationPresenter,
  getTokenDetails: tokenDetailsPresenter,
  postUsersSignInData: signInPresenter,
});
