import { runCli } from "./run-cli.ts";

// Secrets the CLI reads from the environment. They are handed to runCli, then removed from this process's
// own environment, so nothing it starts (the browser, a keychain helper) inherits them.
const SECRET_VARIABLES = ["PLEX_TOKEN", "PLEX_PASSWORD", "PLEX_VERIFICATION_CODE", "PLEX_HOME_PIN"];
// A keychain call that hangs (an unlock prompt nobody answers) would keep the process alive after its
// result was printed; past this, it exits anyway.
const EXIT_GRACE_MS = 5_000;

const env = { ...process.env };
for (const name of SECRET_VARIABLES) delete process.env[name];

// `plex-auth token | head -c 4` closes the pipe early: that is the reader's choice, not an error to report.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

// Ctrl-C is a cancellation the command unwinds from (timers cleared, nothing half-stored), not an abrupt
// exit. A second Ctrl-C exits at once.
const controller = new AbortController();
process.once("SIGINT", () => {
  controller.abort();
  process.once("SIGINT", () => process.exit(130));
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env,
  signal: controller.signal,
});
setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
