import { CliError } from "../errors.ts";
import type { CommandDefinition } from "./command.ts";

/** `plex-auth token`: the token itself, for `export PLEX_TOKEN=$(plex-auth token)`. */
export const tokenCommand: CommandDefinition = {
  name: "token",
  summary: "Print the token (for scripts: export PLEX_TOKEN=$(plex-auth token))",
  details: "Refuses to print to a terminal, where it would stay in the scrollback, unless --reveal.",
  options: [{ flags: "--reveal", description: "print it to a terminal too" }],
  async run(context, { flags }) {
    if (context.io.stdout.isTTY && !flags.reveal) {
      throw new CliError(
        "refused_on_terminal",
        "The token is a password to your Plex account, so it is not printed to a terminal: capture it " +
          "(`export PLEX_TOKEN=$(plex-auth token)`), or pass --reveal to show it.",
      );
    }
    const session = await context.signedIn();
    return {
      json: { token: session.token, source: session.source, profile: context.options.profile },
      lines: [session.token],
    };
  },
};
