import * as v from "valibot";

/** One way to reach a resource, as `/api/v2/resources` lists it. */
export interface PlexResourceConnection {
  /** `"http"` or `"https"`. */
  protocol?: string | null;
  address?: string | null;
  port?: number | null;
  /** The full URL: a `*.plex.direct` one for https connections, `http://ip:port` for http ones. */
  uri: string;
  /** On the same network as the server. Prefer these. */
  local?: boolean | null;
  /** Through Plex's relay: slow and capped; the last resort. */
  relay?: boolean | null;
  IPv6?: boolean | null;
}

/**
 * A server or client device on the account (`GET /api/v2/resources`). For servers, `accessToken` is the
 * token to use on that server (for a shared server it is not the account token). `connections` is always
 * an array.
 */
export interface PlexResource {
  name: string;
  clientIdentifier: string;
  /** A comma list: `"server"`, or `"client,player,pubsub-player"`. */
  provides: string;
  /** Whether the account owns it. */
  owned?: boolean | null;
  /** Whether it is online now. */
  presence?: boolean | null;
  /** The token for this resource. A secret. */
  accessToken?: string | null;
  product?: string | null;
  productVersion?: string | null;
  platform?: string | null;
  platformVersion?: string | null;
  device?: string | null;
  /** ISO 8601. */
  createdAt?: string | null;
  /** ISO 8601. */
  lastSeenAt?: string | null;
  ownerId?: number | null;
  sourceTitle?: string | null;
  publicAddress?: string | null;
  home?: boolean | null;
  synced?: boolean | null;
  relay?: boolean | null;
  httpsRequired?: boolean | null;
  publicAddressMatches?: boolean | null;
  dnsRebindingProtection?: boolean | null;
  natLoopbackSupported?: boolean | null;
  searchEnabled?: boolean | null;
  connections: PlexResourceConnection[];
}

const optStr = v.nullish(v.string());
const optBool = v.nullish(v.boolean());

const connectionSchema = v.looseObject({
  protocol: optStr,
  address: optStr,
  port: v.nullish(v.number()),
  uri: v.string(),
  local: optBool,
  relay: optBool,
  IPv6: optBool,
});

const resourceSchema = v.looseObject({
  name: v.string(),
  clientIdentifier: v.string(),
  provides: v.string(),
  owned: optBool,
  presence: optBool,
  accessToken: optStr,
  product: optStr,
  productVersion: optStr,
  platform: optStr,
  platformVersion: optStr,
  device: optStr,
  createdAt: optStr,
  lastSeenAt: optStr,
  ownerId: v.nullish(v.number()),
  sourceTitle: optStr,
  publicAddress: optStr,
  home: optBool,
  synced: optBool,
  relay: optBool,
  httpsRequired: optBool,
  publicAddressMatches: optBool,
  dnsRebindingProtection: optBool,
  natLoopbackSupported: optBool,
  searchEnabled: optBool,
  connections: v.nullish(v.array(connectionSchema)),
});

/** The `/resources` body as it arrives: a top-level array, `connections` possibly missing. */
export type PlexResourcesBody = (Omit<PlexResource, "connections"> & {
  connections?: PlexResourceConnection[] | null;
})[];

/**
 * Lenient valibot schema of the `/api/v2/resources` response: a top-level array of resources.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { plexResourcesSchema } from "@plex-auth/core";
 * const servers = v.parse(plexResourcesSchema, await response.json()).filter((r) => r.provides.includes("server"));
 * ```
 */
export const plexResourcesSchema: v.GenericSchema<unknown, PlexResourcesBody> = v.array(resourceSchema);

/** The resources with `connections` always an array. */
export function resourcesFromBody(body: PlexResourcesBody): PlexResource[] {
  return body.map((resource) => ({ ...resource, connections: resource.connections ?? [] }));
}

/**
 * Whether a resource is a Plex Media Server (its `provides` lists `server`).
 *
 * @example
 * ```ts
 * const servers = (await plex.authentication.getServerResources()).filter(isServer);
 * ```
 */
export function isServer(resource: Pick<PlexResource, "provides">): boolean {
  return resource.provides
    .split(",")
    .map((part) => part.trim())
    .includes("server");
}
