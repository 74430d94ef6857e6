import type { CommandContext } from "../context.ts";

/** A flag of a command, as commander spells it (`"--server <name>"`). */
export interface CommandOption {
  readonly flags: string;
  readonly description: string;
  /** Left out of `--help`: for tests and demos (`--mock`). */
  readonly hidden?: boolean | undefined;
  /** Options it cannot be combined with, by their camel-cased names (`"password"`). */
  readonly conflicts?: readonly string[] | undefined;
}

/** What a command was given on the command line. */
export interface CommandInput {
  /** The positional argument, when the command takes one. */
  readonly argument: string | undefined;
  /** The command's own flags, by commander's camel-cased names (`--save-as` is `saveAs`). */
  readonly flags: Readonly<Record<string, unknown>>;
}

/** What a command printed: `json` with `--json`, else `lines` on stdout. */
export interface CommandResult {
  readonly json: unknown;
  readonly lines: readonly string[];
}

/** One command of `plex-auth`: its help, and what it does. Each lives in its own file. */
export interface CommandDefinition {
  readonly name: string;
  readonly summary: string;
  /** Shown under the summary in the command's own `--help`. */
  readonly details?: string | undefined;
  /** The positional argument, `"[profile]"` style. */
  readonly argument?: { readonly name: string; readonly description: string } | undefined;
  readonly options?: readonly CommandOption[] | undefined;
  run(context: CommandContext, input: CommandInput): Promise<CommandResult>;
}
