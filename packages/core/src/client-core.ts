import { InvalidInputError } from "./errors/local.ts";
import type { OperationDefinition } from "./operation.ts";
import {
  type PlexAuthOptions,
  type RequestOptions,
  type ResolvedConfig,
  resolveClientOptions,
  type TokenSource,
  withTokenSource,
} from "./options.ts";
import { executeOperation } from "./transport/execute.ts";

// Symbol-keyed and non-enumerable: the resolved options hold the token, and must not show up in
// `console.log(client)`, `JSON.stringify(client)` or a spread. Held behind a function, because
// `util.inspect(client, { showHidden: true })` prints hidden properties but never a closure's contents.
const CONFIG: unique symbol = Symbol.for("@plex-auth/core/config");

// Options objects that carry an already resolved configuration (from `withToken`), so the constructor
// takes it as is instead of validating options again. A WeakMap, so nothing about it is visible.
const PRESET = new WeakMap<object, ResolvedConfig>();

/**
 * A configured connection to Plex with no operations attached: pass it to the standalone functions
 * (`getTokenDetails(core)`, …) so a bundle only contains the operations it imports.
 *
 * @example
 * ```ts
 * import { PlexAuthCore, getTokenDetails } from "@plex-auth/core";
 * const core = new PlexAuthCore({ clientIdentifier: "my-app-3f1c…", token: myStoredToken });
 * const account = await getTokenDetails(core);
 * ```
 */
export class PlexAuthCore {
  /** Validates the options at once: a missing `clientIdentifier` or a bad URL throws `InvalidInputError`. */
  constructor(options: PlexAuthOptions) {
    const config = PRESET.get(options) ?? resolveClientOptions(options);
    Object.defineProperty(this, CONFIG, { value: (): ResolvedConfig => config });
  }

  /**
   * A client like this one (same identity, URLs, timeouts, retries, fetch and logger) that uses `token`:
   * the step after a sign-in. This client is unchanged.
   *
   * @example
   * ```ts
   * const account = await plex.authentication.postUsersSignInData({ login, password });
   * const signedIn = plex.withToken(account.authToken);
   * await signedIn.authentication.getTokenDetails();
   * ```
   */
  withToken(token: TokenSource): this {
    const carrier = {} as PlexAuthOptions;
    PRESET.set(carrier, withTokenSource(configOf(this), token));
    const Client = this.constructor as new (options: PlexAuthOptions) => this;
    return new Client(carrier);
  }
}

/**
 * Creates a {@link PlexAuthCore}, the tree-shakable client for the standalone functions.
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, postUsersSignInData } from "@plex-auth/core";
 * const core = createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", product: "My App" });
 * const account = await postUsersSignInData(core, { login: "me@example.com", password: "…" });
 * ```
 */
export function createPlexAuthCore(options: PlexAuthOptions): PlexAuthCore {
  return new PlexAuthCore(options);
}

/** The resolved options of a client, for the functions that run operations. */
export function configOf(client: PlexAuthCore): ResolvedConfig {
  const read = (client as { [CONFIG]?: unknown } | null | undefined)?.[CONFIG];
  const config = typeof read === "function" ? (read() as ResolvedConfig | undefined) : undefined;
  if (!config) {
    throw new InvalidInputError({
      where: "client",
      issues: [{ path: "client", message: "must be created by createPlexAuth or createPlexAuthCore" }],
    });
  }
  return config;
}

/** A client method: input first (optional when the operation needs none), then per-call options. */
// "An empty object is valid input", not `Partial<Input> extends Input`: the Partial of getTokenDetails'
// `Record<string, never>` is not assignable back to it, which made `getTokenDetails()` a type error.
export type OperationMethod<Input, Result> =
  Record<never, never> extends Input
    ? (input?: Input | undefined, options?: RequestOptions | undefined) => Promise<Result>
    : (input: Input, options?: RequestOptions | undefined) => Promise<Result>;

/** A standalone function: the client first, then what the method takes. */
export type OperationFunction<Input, Result> =
  Record<never, never> extends Input
    ? (client: PlexAuthCore, input?: Input | undefined, options?: RequestOptions | undefined) => Promise<Result>
    : (client: PlexAuthCore, input: Input, options?: RequestOptions | undefined) => Promise<Result>;

/**
 * Derives the standalone function of an operation from its declaration: how the exported functions are
 * made, and how you would make one for an operation you declare yourself.
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, getTokenDetailsOperation, operationFunction } from "@plex-auth/core";
 * const whoAmI = operationFunction(getTokenDetailsOperation);
 * const account = await whoAmI(createPlexAuthCore({ clientIdentifier: "my-app-3f1c…", token: "…" }));
 * ```
 */
export function operationFunction<Input extends object, Body, Result>(
  operation: OperationDefinition<Input, Body, Result>,
): OperationFunction<Input, Result> {
  // Async, so that a bad client rejects the returned promise like every other error instead of throwing
  // before there is a promise to catch.
  const run = async (client: PlexAuthCore, input?: unknown, options?: unknown) =>
    executeOperation(configOf(client), operation, input, options);
  return run as OperationFunction<Input, Result>;
}

/** Derives the client method of an operation, bound to one client's options. */
export function operationMethod<Input extends object, Body, Result>(
  config: ResolvedConfig,
  operation: OperationDefinition<Input, Body, Result>,
): OperationMethod<Input, Result> {
  const run = (input?: unknown, options?: unknown) => executeOperation(config, operation, input, options);
  return run as OperationMethod<Input, Result>;
}
