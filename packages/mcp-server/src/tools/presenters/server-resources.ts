import { isServer, type PlexResource, type PlexResourceConnection } from "@plex-auth/core";
import * as v from "valibot";
import { nullableBoolean, nullableString, tokenViewSchema } from "../result-schemas.ts";
import { type BestConnection, bestConnectionOf, bestConnectionSchema } from "./best-connection.ts";
import { viewToken } from "./token-view.ts";
import type { PresentContext, Presenter } from "./types.ts";

const connectionSchema = v.object({
  uri: v.string(),
  local: v.pipe(nullableBoolean, v.description("On the server's own network.")),
  relay: v.pipe(nullableBoolean, v.description("Through Plex's relay: slow and capped, the last resort.")),
  protocol: nullableString,
  IPv6: nullableBoolean,
});

const serverSchema = v.object({
  name: v.string(),
  clientIdentifier: v.string(),
  owned: v.pipe(nullableBoolean, v.description("The account's own server; false for one shared with it.")),
  presence: v.pipe(nullableBoolean, v.description("Online now, as plex.tv last saw it.")),
  product: nullableString,
  productVersion: nullableString,
  platform: nullableString,
  accessToken: v.pipe(
    v.nullable(tokenViewSchema),
    v.description("The token to use on this server (for a shared one, not the account token), as a fingerprint."),
  ),
  connections: v.pipe(v.array(connectionSchema), v.description("Every address plex.tv lists for the server.")),
  bestConnection: bestConnectionSchema,
});

const outputSchema = v.object({
  servers: v.pipe(v.array(serverSchema), v.description("The account's Plex Media Servers, owned and shared.")),
  clientDevices: v.pipe(v.number(), v.description("How many other resources (players, apps) the account has.")),
});

type ServerView = v.InferOutput<typeof serverSchema>;

function viewConnection(connection: PlexResourceConnection): v.InferOutput<typeof connectionSchema> {
  return {
    uri: connection.uri,
    local: connection.local ?? null,
    relay: connection.relay ?? null,
    protocol: connection.protocol ?? null,
    IPv6: connection.IPv6 ?? null,
  };
}

// Field by field: `publicAddress`, `ownerId` and any field Plex adds stay out.
function viewServer(server: PlexResource, bestConnection: BestConnection, exposeTokens: boolean): ServerView {
  return {
    name: server.name,
    clientIdentifier: server.clientIdentifier,
    owned: server.owned ?? null,
    presence: server.presence ?? null,
    product: server.product ?? null,
    productVersion: server.productVersion ?? null,
    platform: server.platform ?? null,
    accessToken: server.accessToken ? viewToken(server.accessToken, exposeTokens, null) : null,
    connections: server.connections.map(viewConnection),
    bestConnection,
  };
}

function describeBest({ connection, reason }: BestConnection): string {
  if (!connection) return `no connection: ${reason}`;
  const kind = `${connection.local ? " (local)" : ""}${connection.relay ? " (relay)" : ""}`;
  return `best connection ${connection.uri}${kind}, ${connection.latencyMs} ms`;
}

function describeServer(server: ServerView): string {
  const state = `${server.owned ? "owned" : "shared"}${server.presence === false ? ", offline" : ""}`;
  return `"${server.name}" (${state}; ${describeBest(server.bestConnection)})`;
}

function tokensNote(exposeTokens: boolean): string {
  return exposeTokens
    ? " Each server's full access token is in servers[].accessToken.value."
    : " Access tokens are shown as fingerprints; the tokens themselves are withheld from this conversation " +
        "(token exposure is off).";
}

async function viewServers(servers: readonly PlexResource[], context: PresentContext): Promise<ServerView[]> {
  // Side by side: the slowest server, not the sum of them, bounds the answer.
  const best = await Promise.all(servers.map((server) => bestConnectionOf(server, context)));
  return servers.map((server, index) => viewServer(server, best[index] as BestConnection, context.exposeTokens));
}

/**
 * Shows the account's servers with their connections, the connection each online one answers on, and
 * their access tokens as fingerprints. Client devices are only counted.
 *
 * @example
 * ```ts
 * const { structured } = await serverResourcesPresenter.present(resources, { ...context, core, signal });
 * // { servers: [{ name, accessToken: { fingerprint }, connections, bestConnection }], clientDevices: 1 }
 * ```
 */
export const serverResourcesPresenter: Presenter<PlexResource[]> = {
  outputSchema,
  // That connections are probed with each server's own token is for the README: the model needs none of it.
  tokenNote: "",
  async present(resources, context) {
    const servers = await viewServers(resources.filter(isServer), context);
    const clientDevices = resources.length - servers.length;
    const tokens = servers.some((server) => server.accessToken) ? tokensNote(context.exposeTokens) : "";
    const listed = servers.length > 0 ? `: ${servers.map(describeServer).join(", ")}` : "";
    return {
      structured: { servers, clientDevices } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        `The account has ${servers.length} server(s)${listed} and ${clientDevices} client device(s), not ` +
        `listed.${tokens}`,
    };
  },
};
