import { runCli } from "./run-cli.ts";

// The bin: the process's own streams, and Ctrl-C as a cancellation the command unwinds from (timers
// cleared, nothing half-stored), not an abrupt exit. A second Ctrl-C exits at once.
const controller = new AbortController();
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
});
