import { redactText } from "@plex-auth/core";
import { CommanderError } from "commander";
import type { CommandResult } from "./commands/command.ts";
import { type CommandContext, createContext } from "./context.ts";
import { describeError } from "./describe-error.ts";
import { EXIT_CODES } from "./exit-codes.ts";
import type { CliIo } from "./io.ts";
import { mockSetup } from "./mock.ts";
import { type ParsedCommandLine, parseCommandLine } from "./program.ts";
import { chooseTokenStore, validateProfileName } from "./store/choose-store.ts";

function print(context: CommandContext, result: CommandResult): void {
  const { stdout } = context.io;
  if (context.options.json) stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
  else if (result.lines.length > 0) stdout.write(`${result.lines.join("\n")}\n`);
}

interface ReportOptions {
  readonly json: boolean;
  readonly debug: boolean;
  readonly secrets: readonly string[];
  readonly mock: boolean;
  /** The token that failed was PLEX_TOKEN's. */
  readonly tokenFromEnvironment: boolean;
}

function writeJsonError(io: CliIo, error: { code: string; message: string; exitCode: number }): void {
  io.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
}

function report(io: CliIo, error: unknown, options: ReportOptions): number {
  const described = describeError(error, options.secrets, { tokenFromEnvironment: options.tokenFromEnvironment });
  if (options.json) writeJsonError(io, described);
  else io.stderr.write(`plex-auth: ${described.message}\n`);
  if (options.debug && error instanceof Error && error.stack)
    io.stderr.write(`${redactText(error.stack, options.secrets)}\n`);
  return described.exitCode;
}

// A usage mistake commander caught: its message is out already, unless --json held it back for JSON.
function usageFailure(io: CliIo, error: CommanderError, json: boolean, usage: string): number {
  // `plex-auth` alone: commander printed the help (to stderr, or into `usage` with --json).
  const bare = error.code === "commander.help";
  const message = bare
    ? "name a command (plex-auth --help lists them)"
    : (usage || error.message).trim().replace(/^error: /, "");
  if (json) writeJsonError(io, { code: "usage", message, exitCode: EXIT_CODES.usage });
  else if (error.code === "plex-auth.noCommand") io.stderr.write(`plex-auth: ${message}\n`);
  return EXIT_CODES.usage;
}

/** The name to blame for a bad profile name: the flag when it was given, else the variable it came from. */
function profileSource(argv: readonly string[]): string {
  return argv.some((arg) => arg === "--profile" || arg.startsWith("--profile=")) ? "--profile" : "PLEX_AUTH_PROFILE";
}

async function execute(io: CliIo, argv: readonly string[], parsed: ParsedCommandLine): Promise<number> {
  const { command, input, options } = parsed;
  const signal = io.signal ?? new AbortController().signal;
  let context: CommandContext | undefined;
  try {
    validateProfileName(options.profile, profileSource(argv));
    const mock = options.mock ? await mockSetup() : undefined;
    context = createContext({
      io,
      options,
      signal,
      clientOptions: mock?.clientOptions,
      tokenStore: mock ? async () => mock.tokenStore : () => chooseTokenStore({ env: io.env }),
      ignoreEnvironmentToken: mock !== undefined,
      mock: mock?.hooks,
    });
    if (mock) context.note(context.style.yellow("MOCK MODE: a built-in fake plex.tv, not Plex; nothing is stored."));
    print(context, await command.run(context, input));
    return EXIT_CODES.ok;
  } catch (error) {
    const cancelled = signal.aborted;
    const code = report(io, error, {
      ...options,
      secrets: context?.secrets ?? [],
      tokenFromEnvironment: context?.tokenSource === "environment",
    });
    return cancelled ? EXIT_CODES.cancelled : code;
  }
}

/**
 * Runs one `plex-auth` command line (`argv` without `node` and the script) and resolves to its exit code;
 * never throws, never exits the process. The bin calls it with the process's streams; a test or a program
 * embedding the CLI passes its own (and a `fetch`, say).
 *
 * @example
 * ```ts
 * import { runCli } from "@plex-auth/cli";
 * const code = await runCli(["whoami", "--json"], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // With --json even a usage error is JSON: commander's words are kept, not printed.
  const json = argv.includes("--json");
  let usage = "";
  const collect = (text: string) => {
    usage += text;
  };
  let parsed: ParsedCommandLine | undefined;
  try {
    parsed = await parseCommandLine(argv, io, json ? collect : undefined);
  } catch (error) {
    if (error instanceof CommanderError) return usageFailure(io, error, json, usage);
    return report(io, error, { json, debug: false, secrets: [], mock: false, tokenFromEnvironment: false });
  }
  return parsed ? execute(io, argv, parsed) : EXIT_CODES.ok;
}
