import { NoServerConnectionError, type PlexResource, type ServerConnection } from "@plex-auth/core";
import { terminalSafe } from "../ui/safe-text.ts";
import type { CommandDefinition } from "./command.ts";
import { listServers } from "./servers/pick-server.ts";

interface ServerRow {
  readonly server: PlexResource;
  readonly connection: ServerConnection | undefined;
}

function kindOf(connection: ServerConnection): string {
  return connection.relay ? "relay" : connection.local ? "local" : "remote";
}

function line(row: ServerRow): string {
  const { server, connection } = row;
  const owner = server.owned ? "owned" : `shared by ${terminalSafe(server.sourceTitle) || "another account"}`;
  const online = server.presence === false ? "offline" : "online";
  const reach = connection
    ? `${connection.uri} (${kindOf(connection)}, ${connection.latencyMs} ms)`
    : `no connection answered from here${server.presence === false ? "" : " (plex.tv sees it online)"}`;
  return `${terminalSafe(server.name)}  ${owner}, ${connection ? `${online}: ` : ""}${reach}`;
}

/** `plex-auth servers`: the account's servers, and the connection to each that answered first. */
export const serversCommand: CommandDefinition = {
  name: "servers",
  summary: "List your servers and the fastest working connection to each",
  async run(context) {
    const { plex } = await context.signedIn();
    const servers = await listServers(plex, context.signal);
    // Every server at once: a dead one costs its probes' timeout, not everyone's.
    const rows: ServerRow[] = await Promise.all(
      servers.map(async (server) => {
        try {
          return { server, connection: await plex.findServerConnection(server, { signal: context.signal }) };
        } catch (error) {
          if (error instanceof NoServerConnectionError) return { server, connection: undefined };
          throw error;
        }
      }),
    );
    context.throwIfCancelled();
    return {
      json: rows.map(({ server, connection }) => ({
        name: server.name,
        clientIdentifier: server.clientIdentifier,
        owned: server.owned === true,
        online: server.presence !== false,
        productVersion: server.productVersion ?? undefined,
        connection: connection
          ? { uri: connection.uri, local: connection.local, relay: connection.relay, latencyMs: connection.latencyMs }
          : null,
      })),
      lines: rows.length === 0 ? ["This account has no Plex Media Server."] : rows.map(line),
    };
  },
};
