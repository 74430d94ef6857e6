import type { PlexResource, PlexResourceConnection } from "../models/resource.ts";

/** A connection worth probing, with why it comes where it does. */
export interface ConnectionCandidate {
  readonly uri: string;
  readonly local: boolean;
  readonly relay: boolean;
  /** 0 local, 1 remote, 2 relay: the candidates of a tier are probed together. */
  readonly tier: number;
}

function tierOf(connection: PlexResourceConnection): number {
  return connection.relay ? 2 : connection.local ? 0 : 1;
}

// Local before remote before relay (Plex: relay "only as a last resort"), then https before http, then
// IPv4 before IPv6: the order in which a person would want them tried.
function rank(connection: PlexResourceConnection): number {
  const scheme = (connection.protocol ?? new URL(connection.uri).protocol.replace(":", "")) === "https" ? 0 : 1;
  return tierOf(connection) * 4 + scheme * 2 + (connection.IPv6 ? 1 : 0);
}

function parses(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/**
 * The connections of a resource in the order to try them. A server you do not own gets no local
 * candidates: its "local" addresses are on its owner's network, not yours, and probing them only
 * reaches whatever happens to answer at that address here. Duplicates and malformed URIs are dropped.
 */
export function connectionCandidates(resource: Pick<PlexResource, "owned" | "connections">): ConnectionCandidate[] {
  const seen = new Set<string>();
  return resource.connections
    .filter((connection) => parses(connection.uri) && (resource.owned === true || connection.local !== true))
    .map((connection, index) => ({ connection, index, rank: rank(connection) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .flatMap(({ connection }) => {
      const uri = connection.uri.replace(/\/+$/, "");
      if (seen.has(uri)) return [];
      seen.add(uri);
      return [{ uri, local: connection.local === true, relay: connection.relay === true, tier: tierOf(connection) }];
    });
}
