/**
 * `plex-auth`, the command line for Plex authentication, as a function: run a command line with your own
 * streams and environment. The bin (`npx @plex-auth/cli login`) is this with the process's.
 *
 * @example
 * ```ts
 * import { runCli } from "@plex-auth/cli";
 * process.exitCode = await runCli(["whoami"], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
 * ```
 *
 * @module
 */

export { EXIT_CODES, type ExitCode } from "./exit-codes.ts";
export type { CliIo, InputStream, OutputStream } from "./io.ts";
export { runCli } from "./run-cli.ts";
