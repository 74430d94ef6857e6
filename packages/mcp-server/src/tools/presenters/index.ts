import { pingPresenter } from "./ping.ts";
import { signInPresenter } from "./sign-in.ts";
import { sourceConnectionInformationPresenter } from "./source-connection-information.ts";
import { tokenDetailsPresenter } from "./token-details.ts";
import { transientTokenPresenter } from "./transient-token.ts";
import type { Presenters } from "./types.ts";

/**
 * How results are shown to a model, by the presenter name each operation's `tool.presenter` gives in core's
 * table: which fields a model may see, and how tokens become fingerprints.
 *
 * @example
 * ```ts
 * import { operations } from "@plex-auth/core";
 * const presenter = presenters[operations.getTokenDetails.tool.presenter];
 * ```
 */
export const presenters: Presenters = Object.freeze({
  ping: pingPresenter,
  signIn: signInPresenter,
  sourceConnectionInformation: sourceConnectionInformationPresenter,
  tokenDetails: tokenDetailsPresenter,
  transientToken: transientTokenPresenter,
});
