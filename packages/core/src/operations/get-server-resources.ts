import * as v from "valibot";
import { type OperationFunction, operationFunction } from "../client-core.ts";
import {
  type PlexResource,
  type PlexResourcesBody,
  plexResourcesSchema,
  resourcesFromBody,
} from "../models/resource.ts";
import { defineOperation, type OperationDefinition } from "../operation.ts";

/** Input of {@link getServerResources}: which connections to list. All default to `true`. */
export interface GetServerResourcesInput {
  /** List the https `*.plex.direct` connections. Default `true`. */
  includeHttps?: boolean | undefined;
  /** List relay connections. Default `true`. */
  includeRelay?: boolean | undefined;
  /** List IPv6 connections. Default `true`. */
  includeIPv6?: boolean | undefined;
}

const flag = (what: string) =>
  v.optional(v.pipe(v.boolean("must be true or false"), v.description(`List ${what}.`)), true);

/**
 * `plex.authentication.getServerResources()`: `GET {clients.plex.tv}/api/v2/resources` with the token.
 * Every server (and client device) of the account with its connections and its own `accessToken`; pick a
 * server's connection with `findServerConnection`.
 *
 * @example
 * ```ts
 * const servers = (await plex.authentication.getServerResources()).filter(isServer);
 * ```
 */
export const getServerResourcesOperation: OperationDefinition<
  GetServerResourcesInput,
  PlexResourcesBody,
  PlexResource[]
> = /* @__PURE__ */ defineOperation({
  name: "getServerResources",
  title: "List servers and devices",
  description:
    "Lists the account's Plex Media Servers (owned and shared) and devices, each with its connections " +
    "(local, remote, relay) and the token to use on it.",
  host: "clientsPlexTv",
  path: "/resources",
  input: v.strictObject({
    includeHttps: flag("the https plex.direct connections"),
    includeRelay: flag("relay connections"),
    includeIPv6: flag("IPv6 connections"),
  }),
  response: plexResourcesSchema,
  tool: {
    name: "get_server_resources",
    annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    presenter: "serverResources",
  },
  encode: (input) => ({
    query: {
      includeHttps: input.includeHttps === false ? "0" : "1",
      includeRelay: input.includeRelay === false ? "0" : "1",
      includeIPv6: input.includeIPv6 === false ? "0" : "1",
    },
  }),
  toResult: resourcesFromBody,
});

/**
 * The account's servers and devices (`GET /api/v2/resources`), each with its connections and token.
 *
 * @example
 * ```ts
 * import { getServerResources, isServer } from "@plex-auth/core";
 * const servers = (await getServerResources(core)).filter(isServer);
 * ```
 */
export const getServerResources: OperationFunction<GetServerResourcesInput, PlexResource[]> =
  /* @__PURE__ */ operationFunction(getServerResourcesOperation);
