import { terminalSafe } from "../ui/safe-text.ts";
import type { CommandDefinition } from "./command.ts";
import { listServers, pickServer } from "./servers/pick-server.ts";

/** `plex-auth transient-token`: a short-lived token minted by one of the account's servers. */
export const transientTokenCommand: CommandDefinition = {
  name: "transient-token",
  summary: "Mint a transient token on one of your servers",
  details: "Finds the server's fastest working connection, then asks the server itself for the token.",
  options: [{ flags: "--server <name>", description: "the server (its name); default: the one you own" }],
  async run(context, { flags }) {
    const { plex } = await context.signedIn();
    const server = pickServer(await listServers(plex, context.signal), flags.server as string | undefined);
    const connection = await plex.findServerConnection(server, { signal: context.signal });
    context.secrets.push(connection.accessToken);
    const token = await plex.authentication.getTransientToken(undefined, {
      serverUrl: connection.uri,
      token: connection.accessToken,
      signal: context.signal,
    });
    context.secrets.push(token);
    context.note(context.style.dim(`Minted by "${terminalSafe(server.name)}" through ${connection.uri}.`));
    return { json: { token, server: server.name, connection: connection.uri }, lines: [token] };
  },
};
