import type { PlexAccount } from "@plex-auth/core";
import { type CommandContext, profileLabel } from "../../context.ts";
import type { StoredLogin } from "../../store/token-store.ts";
import { terminalSafe } from "../../ui/safe-text.ts";
import type { CommandResult } from "../command.ts";

/** How the token was obtained, for the result. */
export type LoginMethod = "code" | "password" | "token" | "home-user";

/**
 * Stores a token for `profile` once Plex has said whose it is, and reports it: the account, and where the
 * token now lives. Never the token.
 */
export async function storeLogin(
  context: CommandContext,
  token: string,
  options: { method: LoginMethod; profile?: string | undefined; account?: PlexAccount | undefined },
): Promise<CommandResult> {
  const profile = options.profile ?? context.options.profile;
  const account =
    options.account ??
    (await context.plex().withToken(token).authentication.getTokenDetails(undefined, { signal: context.signal }));
  // A managed Home profile has no username of its own: its title is what people know it by.
  const username = account.username || account.title || undefined;
  const login: StoredLogin = { token, username, uuid: account.uuid || undefined, storedAt: new Date().toISOString() };
  const store = await context.tokenStore();
  await store.write(profile, login);
  const where = store.describe(profile);
  const name = terminalSafe(username);
  return {
    json: { profile, username, uuid: account.uuid, method: options.method, store: store.kind, location: where },
    lines: [
      `${context.style.green("✓")} Signed in to Plex as ${context.style.bold(name)}${profileLabel(profile)}. The token is in ${where}.`,
    ],
  };
}
