import { type PlexAuth, type PlexAuthOptions, RequestAbortedError } from "@plex-auth/core";
import { createPlexAuthFromEnv } from "@plex-auth/node";
import { CliError } from "./errors.ts";
import { CLI_PRODUCT, CLI_VERSION, deviceName } from "./identity.ts";
import type { CliIo } from "./io.ts";
import type { StoredLogin, TokenStore } from "./store/token-store.ts";
import { createStyle, type Style, wantsColor } from "./ui/style.ts";

const CLI_TIMEOUT_MS = 10_000;

/** The options every command takes. */
export interface GlobalOptions {
  /** Machine-readable output on stdout: one JSON document, no colours, no spinner, no prompt. */
  readonly json: boolean;
  /** Which stored login to use (several accounts side by side). */
  readonly profile: string;
  /** Show the stack of an unexpected error. */
  readonly debug: boolean;
  /** Colours, when the terminal can show them. */
  readonly color: boolean;
}

/** Where the token a command uses came from. */
export type TokenSource = "environment" | "keychain" | "file" | "memory";

/** A token to call Plex with, and where it came from. */
export interface SignedIn {
  readonly plex: PlexAuth;
  readonly token: string;
  readonly source: TokenSource;
  /** The stored login, when the token came from the store. */
  readonly stored?: StoredLogin | undefined;
}

/** What a command gets: the streams, the options, a Plex client, the token store. */
export interface CommandContext {
  readonly io: CliIo;
  readonly options: GlobalOptions;
  /** Colours for stderr (notes, prompts) and stdout (results); plain for `--json`. */
  readonly style: Style;
  /** Aborted on Ctrl-C. */
  readonly signal: AbortSignal;
  /** A person can be asked something: stdin and stderr are terminals, and the output is not `--json`. */
  readonly interactive: boolean;
  /** A line for the person (on stderr, so stdout stays the result); nothing with `--json`. */
  note(line: string): void;
  /** The store that keeps the profile's token. */
  tokenStore(): Promise<TokenStore>;
  /** A client with the CLI's identity and no token. */
  plex(): PlexAuth;
  /** The token to use: `PLEX_TOKEN`, else the profile's stored one; `not_signed_in` when neither. */
  signedIn(): Promise<SignedIn>;
  /** Throws `RequestAbortedError` once Ctrl-C was pressed. */
  throwIfCancelled(): void;
  /** Every secret this run has seen (tokens, the password): scrubbed from anything printed. */
  readonly secrets: string[];
  /** Where `signedIn` took the token from, once it has: the error advice depends on it. */
  tokenSource: "environment" | "stored" | undefined;
  /** `--mock` only: approves a shown code a moment later, as a person at plex.tv/link would. */
  readonly mock?: MockHooks | undefined;
}

/** What `--mock` adds to a run. */
export interface MockHooks {
  approveLater(code: string): void;
}

/** What {@link createContext} builds a context from. */
export interface ContextInit {
  readonly io: CliIo;
  readonly options: GlobalOptions;
  readonly signal: AbortSignal;
  /** Client options that win over the environment (the mock's `fetch` and URLs for `--mock`). */
  readonly clientOptions?: Partial<PlexAuthOptions> | undefined;
  /** The token store to use instead of choosing one (`--mock` keeps tokens in memory). */
  readonly tokenStore: () => Promise<TokenStore>;
  /** Ignore `PLEX_TOKEN` (`--mock`: a real token must never be used there). */
  readonly ignoreEnvironmentToken?: boolean | undefined;
  readonly mock?: MockHooks | undefined;
}

/** The context a command runs in. */
export function createContext(init: ContextInit): CommandContext {
  const { io, options, signal } = init;
  // One decision for both streams: `plex-auth whoami | less` gets no escape codes on either.
  const color = options.color && !options.json && wantsColor(io.stdout, io.env) && wantsColor(io.stderr, io.env);
  const interactive = !options.json && io.stdin.isTTY === true && io.stderr.isTTY === true;
  let store: Promise<TokenStore> | undefined;
  let client: PlexAuth | undefined;
  const context: CommandContext = {
    io,
    options,
    style: createStyle(color),
    signal,
    interactive,
    note(line) {
      if (!options.json) io.stderr.write(`${line}\n`);
    },
    tokenStore: () => {
      store ??= init.tokenStore();
      return store;
    },
    plex() {
      client ??= createPlexAuthFromEnv({
        env: { ...io.env, PLEX_TOKEN: undefined },
        product: CLI_PRODUCT,
        version: CLI_VERSION,
        deviceName: deviceName(),
        // A person waits for each call: 10 s per attempt, not the SDK's 30 s (PLEX_TIMEOUT_MS still wins).
        ...(io.env.PLEX_TIMEOUT_MS ? {} : { timeoutMs: CLI_TIMEOUT_MS }),
        ...(io.fetch ? { fetch: io.fetch } : {}),
        ...init.clientOptions,
      });
      return client;
    },
    async signedIn() {
      const fromEnvironment = init.ignoreEnvironmentToken ? undefined : io.env.PLEX_TOKEN?.trim();
      if (fromEnvironment) context.secrets.push(fromEnvironment);
      if (fromEnvironment) {
        context.tokenSource = "environment";
        return { plex: context.plex().withToken(fromEnvironment), token: fromEnvironment, source: "environment" };
      }
      const tokens = await context.tokenStore();
      const stored = await tokens.read(options.profile);
      if (!stored) {
        throw new CliError(
          "not_signed_in",
          `You are not signed in${profileLabel(options.profile)}: run \`plex-auth login\`, or set PLEX_TOKEN.`,
        );
      }
      context.secrets.push(stored.token);
      context.tokenSource = "stored";
      // `kind` follows the read: where this profile's token actually was (keychain or file).
      const source = tokens.kind;
      return { plex: context.plex().withToken(stored.token), token: stored.token, source, stored };
    },
    secrets: [],
    tokenSource: undefined,
    mock: init.mock,
    throwIfCancelled() {
      if (signal.aborted) throw new RequestAbortedError();
    },
  };
  return context;
}

/** ` (profile "work")`, or nothing for the default profile. */
export function profileLabel(profile: string): string {
  return profile === "default" ? "" : ` (profile "${profile}")`;
}
