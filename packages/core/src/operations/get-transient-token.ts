import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import { type TransientTokenBody, transientTokenSchema } from "../models/transient-token.ts";
import { defineOperation, type OperationDefinition } from "../operation.ts";

/** Input of {@link getTransientToken}. Both fields have a single legal value, which is also the default. */
export interface GetTransientTokenInput {
  /** `"delegation"`, the only type Plex supports. */
  type?: "delegation" | undefined;
  /** `"all"`, the only scope Plex supports. */
  scope?: "all" | undefined;
}

/**
 * `GET {serverUrl}/security/token?type=delegation&scope=all`: a temporary token with the same access as the
 * caller's, valid up to 48 hours and destroyed when the server restarts. Returns the token string.
 *
 * @example
 * ```ts
 * import { getTransientTokenOperation as operation } from "@plex-auth/core";
 * console.log(operation.method, operation.path); // GET /security/token
 * ```
 */
export const getTransientTokenOperation: OperationDefinition<GetTransientTokenInput, TransientTokenBody, string> =
  /* @__PURE__ */ defineOperation({
    name: "getTransientToken",
    title: "Get a transient token",
    description:
      "Mints a temporary token on the Plex Media Server with the configured token's access, valid up to 48 " +
      "hours or until the server restarts: hand it to another program instead of the account token.",
    host: "pms",
    path: "/security/token",
    input: v.strictObject({
      type: v.optional(
        v.pipe(
          v.literal("delegation", 'must be "delegation", the only type Plex supports'),
          v.description('The kind of transient token. "delegation" is the only one Plex supports (the default).'),
        ),
        "delegation",
      ),
      scope: v.optional(
        v.pipe(
          v.literal("all", 'must be "all", the only scope Plex supports'),
          v.description('The scope of the transient token. "all" is the only one Plex supports (the default).'),
        ),
        "all",
      ),
    }),
    response: transientTokenSchema,
    tool: {
      name: "get_transient_token",
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
      presenter: "transientToken",
    },
    encode: (input) => ({ query: { type: input.type ?? "delegation", scope: input.scope ?? "all" } }),
    toResult: (body) => body.MediaContainer.token,
  });

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
