import type { Readable, Writable } from "node:stream";

/** A stream the CLI writes to; a terminal says so with `isTTY` and its width with `columns`. */
export type OutputStream = Writable & { readonly isTTY?: boolean | undefined; readonly columns?: number | undefined };

/** The keyboard side: a terminal can be switched to raw mode (prompts do, for hidden password entry). */
export type InputStream = Readable & {
  readonly isTTY?: boolean | undefined;
  setRawMode?: ((mode: boolean) => unknown) | undefined;
};

/**
 * Everything the CLI touches outside itself, so a test (or a program embedding it) can run a command in
 * process: the three standard streams, the environment, and optionally the network and the browser.
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: InputStream;
  /** The environment (`PLEX_TOKEN`, `PLEX_TV_URL`, `NO_COLOR`, `BROWSER`, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Cancels the running command (the bin aborts it on Ctrl-C); it ends with exit code 130. */
  readonly signal?: AbortSignal | undefined;
  /** The `fetch` every Plex call goes through. Default: `@plex-auth/node`'s (proxy-aware global fetch). */
  readonly fetch?: typeof fetch | undefined;
  /** Opens a URL in the user's browser. Default: `$BROWSER` when set, else the system's opener. */
  readonly openUrl?: ((url: string) => Promise<void>) | undefined;
}
