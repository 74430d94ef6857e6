import { Command, CommanderError, Option } from "commander";
import type { CommandDefinition, CommandInput } from "./commands/command.ts";
import { COMMANDS } from "./commands/index.ts";
import type { GlobalOptions } from "./context.ts";
import { CLI_VERSION } from "./identity.ts";
import type { CliIo } from "./io.ts";

/** The command line parsed: which command, its input, and the global options. */
export interface ParsedCommandLine {
  readonly command: CommandDefinition;
  readonly input: CommandInput;
  readonly options: GlobalOptions & { readonly mock: boolean };
}

const EXIT_CODES_HELP = `
Exit codes: 0 ok, 1 unexpected failure, 2 usage (bad flag or input), 3 not signed in,
4 Plex refused the token, password, code or PIN, 5 too many attempts, 6 Plex unreachable,
7 no such server or profile, 8 sign-in code expired, 130 cancelled.

Environment: PLEX_TOKEN (use this token), PLEX_AUTH_PROFILE (default --profile),
PLEX_AUTH_TOKEN_STORE (keychain | file | auto), PLEX_TV_URL, PLEX_TIMEOUT_MS, NO_COLOR, BROWSER.`;

// Long enough to be a token or a password; short words (a mistyped command, "whoam") stay for "Did you mean".
const SECRET_LIKE_LENGTH = 8;

/**
 * A usage error without what the user typed that could be a secret: the value of every `--name=value`
 * and every long word that is not a command or flag name, which commander would otherwise quote back
 * (`unknown option '--token=…'`, `unknown command '<a pasted token>'`) into the terminal or a CI log.
 */
export function withoutTypedValues(text: string, argv: readonly string[]): string {
  let clean = text;
  for (const argument of argv) {
    const equals = argument.indexOf("=");
    if (argument.startsWith("-") && equals > 0) clean = clean.split(argument).join(`${argument.slice(0, equals)}=…`);
    else if (!argument.startsWith("-") && argument.length >= SECRET_LIKE_LENGTH && !COMMAND_NAMES.has(argument)) {
      clean = clean.split(argument).join("…");
    }
  }
  return clean;
}

const COMMAND_NAMES: ReadonlySet<string> = new Set(COMMANDS.map((command) => command.name));

function addGlobalOptions(program: Command, env: CliIo["env"]): void {
  program
    .option("--json", "machine-readable output: one JSON document on stdout, no colours, no spinner")
    .option("--profile <name>", "which stored login to use", env.PLEX_AUTH_PROFILE || "default")
    .option("--no-color", "no colours (NO_COLOR works too)")
    .option("--debug", "show details of an unexpected error")
    .addOption(new Option("--mock", "use a built-in fake plex.tv (demo and tests)").hideHelp());
}

function addCommand(
  program: Command,
  definition: CommandDefinition,
  chosen: (line: Omit<ParsedCommandLine, "options">) => void,
): void {
  const command = program
    .command(definition.name)
    .summary(definition.summary)
    .description(definition.details ? `${definition.summary}.\n\n${definition.details}` : `${definition.summary}.`);
  if (definition.argument) command.argument(definition.argument.name, definition.argument.description);
  for (const option of definition.options ?? []) {
    const flag = new Option(option.flags, option.description);
    if (option.conflicts) flag.conflicts([...option.conflicts]);
    command.addOption(option.hidden ? flag.hideHelp() : flag);
  }
  command.action((...args: unknown[]) => {
    const own = args.at(-1) as Command;
    const argument = definition.argument ? (args[0] as string | undefined) : undefined;
    chosen({ command: definition, input: { argument, flags: own.opts() } });
  });
}

/**
 * Parses `argv` (without `node` and the script). Resolves to the command to run, or `undefined` when
 * commander answered by itself (`--help`, `--version`); rejects with commander's error for a usage mistake,
 * after giving its message (option values removed) to `usageErrors` (default: stderr).
 */
export async function parseCommandLine(
  argv: readonly string[],
  io: CliIo,
  usageErrors: (text: string) => void = (text) => void io.stderr.write(text),
): Promise<ParsedCommandLine | undefined> {
  let parsed: Omit<ParsedCommandLine, "options"> | undefined;
  const program = new Command("plex-auth")
    .description("Get and manage a Plex token: sign in with a code, check it, print it, revoke it.")
    .version(CLI_VERSION, "-v, --version")
    .showHelpAfterError("(run plex-auth --help for the commands)")
    .addHelpText("after", EXIT_CODES_HELP)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void io.stdout.write(text),
      writeErr: (text) => usageErrors(withoutTypedValues(text, argv)),
    });
  addGlobalOptions(program, io.env);
  for (const definition of COMMANDS) addCommand(program, definition, (line) => (parsed = line));
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    // `--help` and `--version` end with exit code 0; `plex-auth` alone shows the help as a usage error (1).
    if (error instanceof CommanderError && error.exitCode === 0) return undefined;
    throw error;
  }
  if (!parsed)
    throw new CommanderError(2, "plex-auth.noCommand", "error: name a command (plex-auth --help lists them)");
  const globals = program.opts<{ json?: boolean; profile: string; color: boolean; debug?: boolean; mock?: boolean }>();
  return {
    ...parsed,
    options: {
      json: globals.json === true,
      profile: globals.profile,
      color: globals.color,
      debug: globals.debug === true,
      mock: globals.mock === true,
    },
  };
}
