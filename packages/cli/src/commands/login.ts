import type { CommandDefinition } from "./command.ts";
import { loginWithCode } from "./login/with-code.ts";
import { loginWithPassword } from "./login/with-password.ts";
import { loginWithToken } from "./login/with-token.ts";

/** `plex-auth login`: the code flow by default; `--password` and `--with-token` for the other cases. */
export const loginCommand: CommandDefinition = {
  name: "login",
  summary: "Sign in to Plex and store the token",
  details:
    "Shows a 4-character code to enter at plex.tv/link (a QR code of it on a terminal), offers to open the " +
    "browser, and waits until you approve or the code expires (15 minutes). No password reaches this machine.",
  options: [
    {
      flags: "--password",
      description: "sign in with email and password instead (hidden prompt; asks for a two-factor code)",
    },
    {
      flags: "--with-token",
      description: "store a token read from stdin, after checking it with Plex",
      conflicts: ["password"],
    },
    { flags: "--no-browser", description: "do not offer to open a browser" },
    { flags: "--no-qr", description: "do not show a QR code" },
  ],
  run(context, { flags }) {
    if (flags.withToken) return loginWithToken(context);
    if (flags.password) return loginWithPassword(context);
    return loginWithCode(context, { browser: flags.browser !== false, qr: flags.qr !== false });
  },
};
