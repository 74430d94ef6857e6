import * as v from "valibot";
import { type TransientTokenBody, transientTokenSchema } from "../models/transient-token.ts";
import type { OperationDefinition } from "./types.ts";

/** Input of {@link getTransientToken}. Both fields have a single legal value, which is also the default. */
export interface GetTransientTokenInput {
  /** `"delegation"`, the only type Plex supports. */
  type?: "delegation";
  /** `"all"`, the only scope Plex supports. */
  scope?: "all";
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
export const getTransientTokenOperation: OperationDefinition<GetTransientTokenInput, TransientTokenBody, string> = {
  name: "getTransientToken",
  toolName: "get_transient_token",
  title: "Get a transient token",
  description:
    "Mints a temporary token on the Plex Media Server with the same access as the configured token. It is " +
    "valid for up to 48 hours and dies when the server restarts: use it to hand limited-lifetime access to " +
    "another program instead of the account token.",
  host: "pms",
  method: "GET",
  path: "/security/token",
  input: v.strictObject({
    type: v.optional(v.literal("delegation", 'must be "delegation", the only type Plex supports'), "delegation"),
    scope: v.optional(v.literal("all", 'must be "all", the only scope Plex supports'), "all"),
  }),
  response: transientTokenSchema,
  successStatus: 200,
  requiresToken: true,
  retry: "idempotent",
  secretFields: [],
  singleUseFields: [],
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  encode: (input) => ({ query: { type: input.type ?? "delegation", scope: input.scope ?? "all" } }),
  toResult: (body) => body.MediaContainer.token,
};
