import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { type PlexHome, plexHomeSchema } from "../models/home.ts";
import type { OperationDefinition } from "../operation.ts";

/** Input of {@link getHomeUsers}: nothing. */
export type GetHomeUsersInput = Record<string, never>;

/**
 * `plex.authentication.getHomeUsers()`: `GET {plexTvUrl}/home/users` with the token. The Plex Home and its
 * profiles; a `protected` one needs its PIN to switch to.
 *
 * @example
 * ```ts
 * const { users } = await plex.authentication.getHomeUsers();
 * ```
 */
export const getHomeUsersOperation: OperationDefinition<GetHomeUsersInput, PlexHome, PlexHome> = {
  name: "getHomeUsers",
  title: "List Plex Home users",
  description:
    "Lists the profiles of the account's Plex Home: who they are, which are managed (restricted) and which " +
    "are protected by a 4-digit PIN.",
  host: "plexTv",
  method: "GET",
  path: "/home/users",
  input: v.strictObject({}) as v.GenericSchema<unknown, GetHomeUsersInput>,
  response: plexHomeSchema,
  successStatus: 200,
  requiresToken: true,
  retry: "idempotent",
  secretFields: [],
  singleUseFields: [],
  tool: {
    name: "get_home_users",
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    presenter: "homeUsers",
  },
  encode: () => ({}),
  toResult: (home) => home,
};

/**
 * The account's Plex Home and its profiles (`GET /api/v2/home/users`).
 *
 * @example
 * ```ts
 * import { getHomeUsers } from "@plex-auth/core";
 * const { users } = await getHomeUsers(core);
 * ```
 */
export const getHomeUsers: OperationFunction<GetHomeUsersInput, PlexHome> =
  /* @__PURE__ */ operationFunction(getHomeUsersOperation);
