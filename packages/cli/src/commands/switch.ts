import {
  HomeUserPinRequiredError,
  NotFoundError,
  type PlexAuth,
  type PlexHome,
  type PlexHomeUser,
  type PlexSwitchedUser,
} from "@plex-auth/core";
import { type CommandContext, profileLabel } from "../context.ts";
import { CliError } from "../errors.ts";
import { validateProfileName } from "../store/choose-store.ts";
import { askChoice, askSecret } from "../ui/prompts.ts";
import { terminalSafe } from "../ui/safe-text.ts";
import type { CommandDefinition } from "./command.ts";
import { storeLogin } from "./login/store-login.ts";
import { findByName, listNames } from "./resolve-name.ts";

const PIN_ATTEMPTS = 3;

// plex.tv answers 404 for the Home of an account that has none.
async function homeOf(plex: PlexAuth, signal: AbortSignal): Promise<PlexHome> {
  try {
    return await plex.authentication.getHomeUsers(undefined, { signal });
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    throw new CliError("no_plex_home", "This account is in no Plex Home: there are no profiles to switch to.");
  }
}
const fourDigits = (value: string) => (/^\d{4}$/.test(value) ? undefined : "Enter the profile's 4-digit PIN.");

async function chooseUser(
  context: CommandContext,
  users: readonly PlexHomeUser[],
  name: string | undefined,
): Promise<PlexHomeUser> {
  const names = listNames(users.map((user) => terminalSafe(user.title)));
  if (name !== undefined) {
    const found = findByName(users, name, (user) => [user.title, user.username, user.uuid]);
    if (found) return found;
    throw new CliError(
      "no_such_home_user",
      `No Plex Home profile named "${terminalSafe(name)}". The profiles: ${names || "none"}.`,
    );
  }
  if (!context.interactive)
    throw new CliError("bad_input", `Name the profile: plex-auth switch NAME (one of ${names}).`);
  const uuid = await askChoice(
    context,
    "Switch to which Plex Home profile?",
    users.map((user) => ({
      value: user.uuid,
      label: `${terminalSafe(user.title)}${user.protected ? " (PIN)" : ""}${user.admin ? " (admin)" : ""}`,
    })),
  );
  return users.find((user) => user.uuid === uuid) as PlexHomeUser;
}

async function askPin(context: CommandContext, user: PlexHomeUser, attempt: number): Promise<string> {
  const fromEnvironment = context.io.env.PLEX_HOME_PIN?.trim();
  if (fromEnvironment && attempt === 0) return fromEnvironment;
  if (!context.interactive) {
    throw new CliError(
      "not_a_terminal",
      `"${terminalSafe(user.title)}" is protected by a PIN: run this in a terminal to enter it, or set PLEX_HOME_PIN.`,
    );
  }
  const message = attempt === 0 ? `PIN of "${terminalSafe(user.title)}"` : "That PIN was refused: enter it again";
  return askSecret(context, message, fourDigits);
}

async function switchTo(context: CommandContext, user: PlexHomeUser): Promise<PlexSwitchedUser> {
  const { plex } = await context.signedIn();
  const switchUser = (pin?: string) =>
    plex.authentication.switchHomeUser({ uuid: user.uuid, pin }, { signal: context.signal });
  if (!user.protected) return switchUser();
  for (let attempt = 0; ; attempt++) {
    const pin = await askPin(context, user, attempt);
    context.secrets.push(pin);
    try {
      return await switchUser(pin);
    } catch (error) {
      const again = error instanceof HomeUserPinRequiredError && context.interactive && attempt + 1 < PIN_ATTEMPTS;
      if (!again) throw error;
    }
  }
}

/** `plex-auth switch [PROFILE]`: becomes a Plex Home profile, storing its token. */
export const switchCommand: CommandDefinition = {
  name: "switch",
  summary: "Switch to a Plex Home profile (asks for its PIN when protected)",
  details: "Stores the profile's token in place of the current one, or under --save-as PROFILE.",
  argument: { name: "[home-profile]", description: "the Plex Home profile's name (asked for when left out)" },
  options: [{ flags: "--save-as <profile>", description: "store the new token under this plex-auth profile instead" }],
  async run(context, { argument, flags }) {
    const saveAs = flags.saveAs === undefined ? undefined : validateProfileName(String(flags.saveAs), "--save-as");
    const { plex } = await context.signedIn();
    const home = await homeOf(plex, context.signal);
    const user = await chooseUser(context, home.users, argument);
    const switched = await switchTo(context, user);
    context.secrets.push(switched.authToken);
    const stored = await storeLogin(context, switched.authToken, { method: "home-user", profile: saveAs });
    const profile = saveAs ?? context.options.profile;
    const where = (stored.json as { location: string }).location;
    return {
      json: { ...(stored.json as object), homeUser: switched.title },
      lines: [
        `${context.style.green("✓")} Switched to the Plex Home profile ${context.style.bold(terminalSafe(switched.title))}${profileLabel(profile)}. Its token is in ${where}.`,
      ],
    };
  },
};
