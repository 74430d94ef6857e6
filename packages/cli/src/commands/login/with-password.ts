import { InvalidVerificationCodeError, type PlexSignIn, TwoFactorRequiredError } from "@plex-auth/core";
import type { CommandContext } from "../../context.ts";
import { CliError } from "../../errors.ts";
import { askSecret, askText } from "../../ui/prompts.ts";
import type { CommandResult } from "../command.ts";
import { storeLogin } from "./store-login.ts";

// A code typed wrong twice is a typo; a third wrong one is a wrong authenticator entry, and plex.tv's
// lock-out (1031) is a few failures away: stop asking.
const CODE_ATTEMPTS = 3;

const required = (what: string) => (value: string) => (value.trim() === "" ? `Enter ${what}.` : undefined);
const sixDigits = (value: string) =>
  /^\d{6}$/.test(value.trim()) ? undefined : "Enter the 6 digits your authenticator app shows.";

async function credentials(context: CommandContext): Promise<{ login: string; password: string }> {
  const { env } = context.io;
  if (context.options.json && !(env.PLEX_LOGIN?.trim() && env.PLEX_PASSWORD)) {
    throw new CliError(
      "bad_input",
      "--json never prompts: set PLEX_LOGIN and PLEX_PASSWORD, or leave out --json to be asked.",
    );
  }
  if (!context.interactive) {
    // A script: PLEX_LOGIN and PLEX_PASSWORD, never a flag (a password in argv is in `ps` and the shell history).
    const login = env.PLEX_LOGIN?.trim();
    const password = env.PLEX_PASSWORD;
    if (!login || !password) {
      throw new CliError(
        "not_a_terminal",
        "Password sign-in asks for the password in a terminal: run it in one, set PLEX_LOGIN and PLEX_PASSWORD, or use `plex-auth login` (the code flow).",
      );
    }
    return { login, password };
  }
  const login =
    env.PLEX_LOGIN?.trim() || (await askText(context, "Plex email or username", required("your email or username")));
  const password = env.PLEX_PASSWORD || (await askSecret(context, `Password for ${login}`, required("the password")));
  return { login, password };
}

async function twoFactorCode(context: CommandContext, attempt: number): Promise<string> {
  const fromEnvironment = context.io.env.PLEX_VERIFICATION_CODE?.trim();
  if (fromEnvironment && attempt === 0) return fromEnvironment;
  if (!context.interactive) {
    throw new CliError(
      "not_a_terminal",
      "This account uses two-factor authentication: run the command in a terminal to enter the code, or set PLEX_VERIFICATION_CODE.",
    );
  }
  const message =
    attempt === 0 ? "Two-factor code (from your authenticator app)" : "That code was refused: enter the current code";
  return (await askText(context, message, sixDigits)).trim();
}

async function signIn(context: CommandContext, login: string, password: string): Promise<PlexSignIn> {
  const { authentication } = context.plex();
  const options = { signal: context.signal };
  try {
    return await authentication.postUsersSignInData({ login, password }, options);
  } catch (error) {
    if (!(error instanceof TwoFactorRequiredError)) throw error;
  }
  for (let attempt = 0; ; attempt++) {
    const verificationCode = await twoFactorCode(context, attempt);
    context.secrets.push(verificationCode);
    try {
      return await authentication.postUsersSignInData({ login, password, verificationCode }, options);
    } catch (error) {
      const again = error instanceof InvalidVerificationCodeError && context.interactive && attempt + 1 < CODE_ATTEMPTS;
      if (!again) throw error;
    }
  }
}

/**
 * `plex-auth login --password`: for a machine without a browser. The password is typed hidden (or read from
 * `PLEX_PASSWORD` by a script), a two-factor code is asked for when Plex wants one, and Plex's lock-out and
 * wrong-code answers are explained in words. Prefer the code flow: password sign-in is the legacy path.
 */
export async function loginWithPassword(context: CommandContext): Promise<CommandResult> {
  const { login, password } = await credentials(context);
  context.secrets.push(password);
  const account = await signIn(context, login, password);
  context.secrets.push(account.authToken);
  return storeLogin(context, account.authToken, { method: "password", account });
}
