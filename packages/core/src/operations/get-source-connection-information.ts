import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import {
  deviceFromBody,
  type PlexDevice,
  type SourceConnectionInformationBody,
  sourceConnectionInformationSchema,
} from "../models/device.ts";
import { defineOperation, type OperationDefinition } from "../operation.ts";
import { stringMessage } from "../option-schemas.ts";

/** Input of {@link getSourceConnectionInformation}. */
export interface GetSourceConnectionInformationInput {
  /** The source, with its prefix: `server://<client identifier>` or `provider://<provider identifier>`. */
  source: string;
  /** Ask the server to refresh what it knows about the source first. */
  refresh?: boolean | undefined;
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
> = /* @__PURE__ */ defineOperation({
  name: "getSourceConnectionInformation",
  title: "Get source connection information",
  description:
    "Asks the Plex Media Server how to reach a source it knows (a shared server or a cloud provider): its " +
    "name, connections and access token. Needs an admin token or a transient token made from one.",
  host: "pms",
  path: "/security/resources",
  input: v.strictObject({
    source: v.pipe(
      v.string(stringMessage("pass server://<client identifier> or provider://<provider identifier>")),
      v.maxLength(512, "must be at most 512 characters"),
      v.regex(SOURCE_PATTERN, "must look like server://<client identifier> or provider://<provider identifier>"),
      v.description(
        "The source to look up, with its prefix: server://<client identifier of a Plex Media Server> or " +
          "provider://<provider identifier>, e.g. provider://tv.plex.provider.vod.",
      ),
    ),
    refresh: v.optional(
      v.pipe(
        v.boolean("must be true or false"),
        v.description("Ask the server to refresh what it knows about the source first."),
      ),
    ),
  }),
  response: sourceConnectionInformationSchema,
  tool: {
    name: "get_source_connection_information",
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    presenter: "sourceConnectionInformation",
  },
  encode: (input) => {
    const query: Record<string, string> = { source: input.source };
    if (input.refresh !== undefined) query.refresh = input.refresh ? "1" : "0";
    return { query };
  },
  toResult: deviceFromBody,
});

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
