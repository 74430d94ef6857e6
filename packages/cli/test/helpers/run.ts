import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { type CliIo, runCli } from "../../src/index.ts";

/** What one in-process run printed and how it ended. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link run}. */
export interface RunOptions {
  readonly env?: Record<string, string | undefined>;
  readonly fetch?: typeof fetch;
  /** Text piped to stdin (then it ends). */
  readonly stdin?: string;
  readonly signal?: AbortSignal;
  readonly openUrl?: (url: string) => Promise<void>;
  /** Make stdout claim to be a terminal (for `token`'s refusal). */
  readonly stdoutIsTTY?: boolean;
}

function capture(isTTY: boolean): { stream: PassThrough & { isTTY?: boolean }; text: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (isTTY) stream.isTTY = true;
  let text = "";
  stream.on("data", (chunk) => {
    text += String(chunk);
  });
  return { stream, text: () => text };
}

/** A run in progress: what it has printed so far, and its end. */
export interface RunningCli {
  readonly result: Promise<RunResult>;
  /** Resolves to the first match of `pattern` on stderr, polling every 10 ms for up to `timeoutMs`. */
  waitForStderr(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Runs `plex-auth <argv>` in this process with pipes for streams (not a terminal: no prompt, no spinner). */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return start(argv, options).result;
}

/** Starts `plex-auth <argv>` in this process; see {@link run}. */
export function start(argv: readonly string[], options: RunOptions = {}): RunningCli {
  const stdout = capture(options.stdoutIsTTY === true);
  const stderr = capture(false);
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? "");
  const io: CliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin,
    env: options.env ?? {},
    fetch: options.fetch,
    signal: options.signal,
    openUrl: options.openUrl,
  };
  const result = runCli(argv, io).then((code) => ({ code, stdout: stdout.text(), stderr: stderr.text() }));
  return {
    result,
    async waitForStderr(pattern, timeoutMs = 5_000) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
        const match = stderr.text().match(pattern);
        if (match) return match;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`stderr never matched ${pattern}: ${JSON.stringify(stderr.text())}`);
    },
  };
}

/** A config directory of its own (XDG_CONFIG_HOME) for a test, removed by the returned function. */
export function temporaryConfig(): { readonly directory: string; readonly remove: () => void } {
  const directory = mkdtempSync(join(tmpdir(), "plex-auth-cli-"));
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
