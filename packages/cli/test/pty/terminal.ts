import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type IPty, spawn } from "@lydell/node-pty";

const BIN = fileURLToPath(new URL("../../bin/plex-auth.js", import.meta.url));
const FAKE_BROWSER = fileURLToPath(new URL("./fake-browser.mjs", import.meta.url));
// biome-ignore lint/suspicious/noControlCharactersInRegex: reading a terminal's screen means dropping its escape codes.
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007|\u001b[()][A-Z0-9]|\u001b[=>78]/g;

/**
 * The environment of a person's terminal for these tests: a home of its own (`home`), tokens in files
 * there, plex.tv at the mock, and a fake browser that logs what it was asked to open to `home/browser.log`.
 */
export function terminalEnvironment(
  home: string,
  plexTvUrl: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    HOME: home,
    XDG_CONFIG_HOME: join(home, "config"),
    PLEX_AUTH_TOKEN_STORE: "file",
    PLEX_TV_URL: plexTvUrl,
    BROWSER: FAKE_BROWSER,
    FAKE_BROWSER_LOG: join(home, "browser.log"),
    ...extra,
  };
}

/** `plex-auth` running in a real pseudo-terminal: what a person sees, and their keyboard. */
export interface Terminal {
  /** Everything written to the terminal so far, escape codes included. */
  raw(): string;
  /** The same without escape codes and carriage returns: the text a person reads. */
  screen(): string;
  /** Types `text` (`"\r"` is Enter, `"\u0003"` Ctrl-C). */
  type(text: string): void;
  /** Resolves to the first match of `pattern` on the screen; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** The exit code, once the process ended. */
  readonly exited: Promise<{ exitCode: number; signal?: number | undefined }>;
  kill(): void;
}

/** Starts the built `plex-auth` bin with `args` in an 100x40 pseudo-terminal. */
export function startTerminal(args: readonly string[], env: Record<string, string>): Terminal {
  const pty: IPty = spawn(process.execPath, [BIN, ...args], {
    name: "xterm-256color",
    cols: 100,
    rows: 40,
    cwd: process.cwd(),
    env: { PATH: process.env.PATH ?? "", TERM: "xterm-256color", ...env },
  });
  let output = "";
  pty.onData((data) => {
    output += data;
  });
  const exited = new Promise<{ exitCode: number; signal?: number | undefined }>((resolve) => pty.onExit(resolve));
  const screen = () => output.replace(ESCAPES, "").replace(/\r/g, "");
  return {
    raw: () => output,
    screen,
    type: (text) => pty.write(text),
    async waitFor(pattern, timeoutMs = 8_000) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
        const match = screen().match(pattern);
        if (match) return match;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      throw new Error(`the screen never showed ${pattern}; it shows:\n${screen()}`);
    },
    exited,
    kill: () => {
      try {
        pty.kill();
      } catch {
        // already gone
      }
    },
  };
}

/** Resolves to the exit, or rejects when the process is still running after `timeoutMs` (a timer left behind). */
export async function exitWithin(terminal: Terminal, timeoutMs: number): Promise<{ exitCode: number }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`still running ${timeoutMs} ms later:\n${terminal.screen()}`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([terminal.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}
