import { InvalidTokenError } from "@plex-auth/core";
import type { CommandContext } from "../../context.ts";
import { CliError } from "../../errors.ts";
import type { CommandResult } from "../command.ts";
import { storeLogin } from "./store-login.ts";

// A Plex token is about 20 characters, a Plex JWT under 4 KB: anything longer is not one.
const MAX_TOKEN_BYTES = 16_384;

async function readAll(context: CommandContext): Promise<string> {
  const { stdin } = context.io;
  let text = "";
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.length > MAX_TOKEN_BYTES) break;
  }
  return text.trim();
}

/**
 * `plex-auth login --with-token`: stores a token read from stdin (`plex-auth login --with-token < token.txt`),
 * after Plex confirmed whose it is. For set-ups that already have one; never a flag, which `ps` would show.
 */
export async function loginWithToken(context: CommandContext): Promise<CommandResult> {
  if (context.io.stdin.isTTY) {
    throw new CliError(
      "not_a_terminal",
      "--with-token reads the token from stdin: pipe it in, e.g. `plex-auth login --with-token < token.txt`.",
    );
  }
  const token = await readAll(context);
  if (token === "" || token.length > MAX_TOKEN_BYTES || /\s/.test(token)) {
    throw new CliError(
      "bad_input",
      token === ""
        ? "--with-token read nothing from stdin: pipe one Plex token in."
        : "--with-token takes exactly one token on stdin, with no spaces or line breaks inside it.",
    );
  }
  context.secrets.push(token);
  try {
    return await storeLogin(context, token, { method: "token" });
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error;
    throw new CliError(
      "token_refused",
      "Plex does not accept that token: check that you copied the whole token, and that it was not signed out.",
    );
  }
}
