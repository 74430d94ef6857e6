import { type OperationFunction, operationFunction } from "../client-core.ts";
import { type PlexJwks, plexJwksSchema } from "../models/jwt.ts";
import { defineOperation, NO_INPUT, type NoInput, type OperationDefinition } from "../operation.ts";

/** Input of {@link getAuthKeys}: nothing. */
export type GetAuthKeysInput = NoInput;

/**
 * `plex.authentication.getAuthKeys()`: `GET https://clients.plex.tv/api/v2/auth/keys`, no token. The
 * public keys Plex signs its JWTs with. Plex rotates them: verify against the key of the token's `kid`,
 * and fetch them again when none matches (`verifyPlexJwt` of `@plex-auth/core/jwt` does).
 *
 * @example
 * ```ts
 * const { keys } = await plex.authentication.getAuthKeys();
 * ```
 */
export const getAuthKeysOperation: OperationDefinition<GetAuthKeysInput, PlexJwks, PlexJwks> =
  /* @__PURE__ */ defineOperation({
    name: "getAuthKeys",
    title: "Get Plex's JWT keys",
    description: "Lists the public keys plex.tv signs its JWTs with (a JWKS); they rotate.",
    host: "clientsPlexTv",
    path: "/auth/keys",
    input: NO_INPUT,
    response: plexJwksSchema,
    requiresToken: false,
    tool: undefined,
    toResult: (body) => body,
  });

/**
 * Plex's JWT signing keys (`GET /api/v2/auth/keys`).
 *
 * @example
 * ```ts
 * import { getAuthKeys } from "@plex-auth/core";
 * const { keys } = await getAuthKeys(core);
 * ```
 */
export const getAuthKeys: OperationFunction<GetAuthKeysInput, PlexJwks> =
  /* @__PURE__ */ operationFunction(getAuthKeysOperation);
