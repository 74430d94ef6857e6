import { isServer, type PlexAuth, type PlexResource } from "@plex-auth/core";
import { CliError } from "../../errors.ts";
import { terminalSafe } from "../../ui/safe-text.ts";
import { findByName, listNames } from "../resolve-name.ts";

/** The account's Plex Media Servers (not its players or other devices). */
export async function listServers(plex: PlexAuth, signal: AbortSignal): Promise<PlexResource[]> {
  const resources = await plex.authentication.getServerResources({}, { signal });
  return resources.filter(isServer);
}

/**
 * The server `name` picks (its name or machine identifier, any case); without a name, the only one the
 * account owns, or the only one there is. Else `no_such_server`, naming the choices.
 */
export function pickServer(servers: readonly PlexResource[], name: string | undefined): PlexResource {
  const names = listNames(servers.map((server) => terminalSafe(server.name)));
  if (name !== undefined) {
    const found = findByName(servers, name, (server) => [server.name, server.clientIdentifier]);
    if (found) return found;
    throw new CliError(
      "no_such_server",
      `No server named "${terminalSafe(name)}" on this account. Its servers: ${names || "none"}.`,
    );
  }
  const owned = servers.filter((server) => server.owned);
  const only = owned.length === 1 ? owned[0] : servers.length === 1 ? servers[0] : undefined;
  if (only) return only;
  if (servers.length === 0) throw new CliError("no_such_server", "This account has no Plex Media Server.");
  throw new CliError("no_such_server", `Choose a server with --server NAME: ${names}.`);
}
