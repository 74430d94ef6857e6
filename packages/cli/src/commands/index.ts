import { claimTokenCommand } from "./claim-token.ts";
import type { CommandDefinition } from "./command.ts";
import { loginCommand } from "./login.ts";
import { logoutCommand } from "./logout.ts";
import { serversCommand } from "./servers.ts";
import { switchCommand } from "./switch.ts";
import { tokenCommand } from "./token.ts";
import { transientTokenCommand } from "./transient-token.ts";
import { whoamiCommand } from "./whoami.ts";

/** Every command, in the order `--help` lists them. Adding one: its file, and a line here. */
export const COMMANDS: readonly CommandDefinition[] = [
  loginCommand,
  whoamiCommand,
  tokenCommand,
  serversCommand,
  transientTokenCommand,
  claimTokenCommand,
  switchCommand,
  logoutCommand,
];
