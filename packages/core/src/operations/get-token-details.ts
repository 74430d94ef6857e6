import * as v from "valibot";
import { type PlexAccount, plexAccountSchema } from "../models/account.ts";
import type { OperationDefinition } from "./types.ts";

/** Input of {@link getTokenDetails}: nothing; the token is the client's (or the call's `token` option). */
export type GetTokenDetailsInput = Record<string, never>;

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
export const getTokenDetailsOperation: OperationDefinition<GetTokenDetailsInput, PlexAccount, PlexAccount> = {
  name: "getTokenDetails",
  toolName: "get_token_details",
  title: "Get token details",
  description:
    "Returns the plex.tv account behind the configured token: id, username, email, two-factor status, " +
    "subscription and profile. Use it to check that a token is valid and whose it is.",
  host: "plexTv",
  method: "GET",
  path: "/user",
  input: v.strictObject({}) as v.GenericSchema<unknown, GetTokenDetailsInput>,
  response: plexAccountSchema,
  successStatus: 200,
  requiresToken: true,
  retry: "idempotent",
  secretFields: [],
  singleUseFields: [],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  encode: () => ({}),
  toResult: (account) => account,
};
