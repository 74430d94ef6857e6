#!/usr/bin/env node
import { runCli } from "./cli/main.ts";

// stdout is the JSON-RPC channel of the stdio transport: anything else printed there would corrupt it, so
// stray console output from any dependency is sent to stderr instead.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

const stopRequested = new Promise<void>((resolve) => {
  process.once("SIGINT", () => resolve());
  process.once("SIGTERM", () => resolve());
});

runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTerminal: process.stderr.isTTY === true,
  stopRequested,
}).then(
  (code) => {
    process.exitCode = code;
    // Open handles (keep-alive sockets, timers of a dependency) must not keep a stopped server alive; the
    // grace period lets the last writes to stdout and stderr drain first.
    setTimeout(() => process.exit(), 200).unref();
  },
  (error: unknown) => {
    process.stderr.write(
      `plex-auth-mcp: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
