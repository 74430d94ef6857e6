import { type OperationFunction, operationFunction } from "../client-core.ts";
import { type PlexHome, plexHomeSchema } from "../models/home.ts";
import { defineOperation, NO_INPUT, type NoInput, type OperationDefinition } from "../operation.ts";

/** Input of {@link getHomeUsers}: nothing. */
export type GetHomeUsersInput = NoInput;

/**
 * `plex.authentication.getHomeUsers()`: `GET {plexTvUrl}/home/users` with the token. The Plex Home and its
 * profiles; a `protected` one needs its PIN to switch to.
 *
 * @example
 * ```ts
 * const { users } = await plex.authentication.getHomeUsers();
 * ```
 */
export const getHomeUsersOperation: OperationDefinition<GetHomeUsersInput, PlexHome, PlexHome> =
  /* @__PURE__ */ defineOperation({
    name: "getHomeUsers",
    title: "List Plex Home users",
    description:
      "Lists the profiles of the account's Plex Home: who they are, which are managed (restricted) and which " +
      "are protected by a 4-digit PIN.",
    host: "plexTv",
    path: "/home/users",
    input: NO_INPUT,
    response: plexHomeSchema,
    tool: {
      name: "get_home_users",
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      presenter: "homeUsers",
    },
    toResult: (home) => home,
  });

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
