import { type OperationFunction, operationFunction } from "../client-core.ts";
import { type PlexAccount, plexAccountSchema } from "../models/account.ts";
import { defineOperation, NO_INPUT, type NoInput, type OperationDefinition } from "../operation.ts";

/** Input of {@link getTokenDetails}: nothing; the token is the client's (or the call's `token` option). */
export type GetTokenDetailsInput = NoInput;

/**
 * `GET {plexTvUrl}/user`: the plex.tv account behind the token. Also the cheapest way to check that a
 * token is still valid.
 *
 * @example
 * ```ts
 * import { getTokenDetailsOperation as operation } from "@plex-auth/core";
 * console.log(operation.host, operation.path); // plexTv /user
 * ```
 */
export const getTokenDetailsOperation: OperationDefinition<GetTokenDetailsInput, PlexAccount, PlexAccount> =
  /* @__PURE__ */ defineOperation({
    name: "getTokenDetails",
    title: "Get token details",
    description:
      "Returns the plex.tv account behind the configured token: id, username, email, two-factor status, " +
      "subscription and profile. Use it to check that a token is valid and whose it is.",
    host: "plexTv",
    path: "/user",
    input: NO_INPUT,
    response: plexAccountSchema,
    tool: {
      name: "get_token_details",
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      presenter: "tokenDetails",
    },
    toResult: (account) => account,
  });

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
