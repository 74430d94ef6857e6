import { claimTokenPresenter } from "./claim-token.ts";
import { homeUsersPresenter } from "./home-users.ts";
import { pingPresenter } from "./ping.ts";
import { serverResourcesPresenter } from "./server-resources.ts";
import { signInPresenter } from "./sign-in.ts";
import { signedOutPresenter } from "./signed-out.ts";
import { sourceConnectionInformationPresenter } from "./source-connection-information.ts";
import { switchedUserPresenter } from "./switched-user.ts";
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
  claimToken: claimTokenPresenter,
  homeUsers: homeUsersPresenter,
  ping: pingPresenter,
  serverResources: serverResourcesPresenter,
  signIn: signInPresenter,
  signedOut: signedOutPresenter,
  sourceConnectionInformation: sourceConnectionInformationPresenter,
  switchedUser: switchedUserPresenter,
  tokenDetails: tokenDetailsPresenter,
  transientToken: transientTokenPresenter,
});
