import { type OperationFunction, operationFunction } from "./client-core.ts";
import type { PlexAccount, PlexSignIn } from "./models/account.ts";
import type { PlexDevice } from "./models/device.ts";
import {
  type GetSourceConnectionInformationInput,
  getSourceConnectionInformationOperation,
} from "./operations/get-source-connection-information.ts";
import { type GetTokenDetailsInput, getTokenDetailsOperation } from "./operations/get-token-details.ts";
import { type GetTransientTokenInput, getTransientTokenOperation } from "./operations/get-transient-token.ts";
import { type PostUsersSignInDataInput, postUsersSignInDataOperation } from "./operations/post-users-sign-in-data.ts";

/**
 * Mints a transient token on the Plex Media Server (`GET /security/token`): same access as the client's
 * token, valid up to 48 hours, gone when the server restarts. Resolves to the token string.
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, getTransientToken } from "@plex-auth/core";
 * const core = createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", token: "…", serverUrl: "http://192.168.1.10:32400" });
 * const transient = await getTransientToken(core, { type: "delegation", scope: "all" });
 * ```
 */
export const getTransientToken: OperationFunction<GetTransientTokenInput, string> =
  /* @__PURE__ */ operationFunction(getTransientTokenOperation);

/**
 * Connection details and a token for a server or provider the media server knows
 * (`GET /security/resources`). Needs an admin token or a transient token made from one.
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, getSourceConnectionInformation } from "@plex-auth/core";
 * const core = createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", token: "…", serverUrl: "http://192.168.1.10:32400" });
 * const device = await getSourceConnectionInformation(core, { source: "server://0123456789abcdef" });
 * console.log(device.Connection.map((connection) => connection.uri));
 * ```
 */
export const getSourceConnectionInformation: OperationFunction<GetSourceConnectionInformationInput, PlexDevice> =
  /* @__PURE__ */ operationFunction(getSourceConnectionInformationOperation);

/**
 * The plex.tv account behind the token (`GET https://plex.tv/api/v2/user`).
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, getTokenDetails } from "@plex-auth/core";
 * const core = createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", token: "…" });
 * const { username, twoFactorEnabled } = await getTokenDetails(core);
 * ```
 */
export const getTokenDetails: OperationFunction<GetTokenDetailsInput, PlexAccount> =
  /* @__PURE__ */ operationFunction(getTokenDetailsOperation);

/**
 * Signs in to plex.tv with login, password and, for 2FA accounts, the current code
 * (`POST https://plex.tv/api/v2/users/signin`). Resolves to the account with its new `authToken`.
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, postUsersSignInData, TwoFactorRequiredError } from "@plex-auth/core";
 * const core = createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", product: "My App" });
 * try {
 *   const { authToken } = await postUsersSignInData(core, { login: "me@example.com", password: "…" });
 * } catch (error) {
 *   if (error instanceof TwoFactorRequiredError) {
 *     // ask for the code, then call again with { login, password, verificationCode: "012345" }
 *   }
 * }
 * ```
 */
export const postUsersSignInData: OperationFunction<PostUsersSignInDataInput, PlexSignIn> =
  /* @__PURE__ */ operationFunction(postUsersSignInDataOperation);
