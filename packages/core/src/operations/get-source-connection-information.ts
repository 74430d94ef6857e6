import * as v from "valibot";
import {
  deviceFromBody,
  type PlexDevice,
  type SourceConnectionInformationBody,
  sourceConnectionInformationSchema,
} from "../models/device.ts";
import type { OperationDefinition } from "./types.ts";

/** Input of {@link getSourceConnectionInformation}. */
export interface GetSourceConnectionInformationInput {
  /** The source, with its prefix: `server://<client identifier>` or `provider://<provider identifier>`. */
  source: string;
  /** Ask the server to refresh what it knows about the source first. */
  refresh?: boolean;
}

/**
 * What a `source` must look like: `server://0123abcd…` or `provider://tv.plex.provider.vod`.
 *
 * @example
 * ```ts
 * SOURCE_PATTERN.test("server://0123456789abcdef"); // true
 * ```
 */
export const SOURCE_PATTERN: RegExp = /^(server|provider):\/\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * `GET {serverUrl}/security/resources?source=…`: connection details and a token for a server or provider the
 * media server knows. Needs an admin token, or a transient token made from one (PMS >= 1.15.4).
 *
 * @example
 * ```ts
 * import { getSourceConnectionInformationOperation as operation } from "@plex-auth/core";
 * console.log(operation.method, operation.path); // GET /security/resources
 * ```
 */
export const getSourceConnectionInformationOperation: OperationDefinition<
  GetSourceConnectionInformationInput,
  SourceConnectionInformationBody,
  PlexDevice
> = {
  name: "getSourceConnectionInformation",
  toolName: "get_source_connection_information",
  title: "Get source connection information",
  description:
    "Asks the Plex Media Server how to reach a source it knows (a shared server or a cloud provider) and " +
    "returns the source's name, its connections (URIs, local or relay) and an access token for it. Needs an " +
    "admin token or a transient token made from one.",
  host: "pms",
  method: "GET",
  path: "/security/resources",
  input: v.strictObject({
    source: v.pipe(
      v.string("is required: pass server://<client identifier> or provider://<provider identifier>"),
      v.regex(SOURCE_PATTERN, "must look like server://<client identifier> or provider://<provider identifier>"),
    ),
    refresh: v.optional(v.boolean("must be true or false")),
  }),
  response: sourceConnectionInformationSchema,
  successStatus: 200,
  requiresToken: true,
  retry: "idempotent",
  secretFields: [],
  singleUseFields: [],
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  encode: (input) => {
    const query: Record<string, string> = { source: input.source };
    if (input.refresh !== undefined) query.refresh = input.refresh ? "1" : "0";
    return { query };
  },
  toResult: deviceFromBody,
};
