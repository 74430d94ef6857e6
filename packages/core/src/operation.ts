import * as v from "valibot";
import type { ErrorClassifier } from "./errors/from-response.ts";
import type { OperationHost } from "./hosts.ts";

export type { OperationHost } from "./hosts.ts";

/** The HTTP methods the operations use. */
export type OperationMethod = "GET" | "POST" | "PUT" | "DELETE";

/**
 * How safe an operation is to repeat.
 * - `idempotent`: a read (or a repeatable write); retried on connection failures, timeouts, 408, 429 and 5xx.
 * - `non-idempotent`: sign-in, creating a PIN, signing out: retried only when the request provably never
 *   reached the server, or when a 429/503 said when to come back (it was refused before being processed).
 *   A repeated sign-in counts toward plex.tv's IP lock-out (code 1031); a repeated PIN creation makes a
 *   second PIN; a repeated sign-out answers 401 for a token that is already gone.
 */
export type RetryClass = "idempotent" | "non-idempotent";

/** MCP tool annotations, set by hand to what is true of the operation. */
export interface OperationAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/**
 * How the MCP server exposes an operation as a tool. All of it lives in the table, so the server decides
 * nothing about an operation by its name.
 */
export interface OperationTool {
  /** The tool name: the operation's name in snake_case (`get_token_details`). */
  readonly name: string;
  readonly annotations: OperationAnnotations;
  /** Which of the MCP server's presenters shows the result (and how its tokens are fingerprinted). */
  readonly presenter: string;
  /**
   * A sign-in with credentials: counts against the server's sign-in budget, gets the sign-in wording of
   * errors, and takes these input fields from the server's configured credentials when the model omits them.
   */
  readonly credentials?: readonly ("login" | "password")[] | undefined;
  /**
   * Counts against the sign-in budget even without credentials: each failure is a guess plex.tv may punish
   * (a Home profile's PIN).
   */
  readonly limited?: boolean | undefined;
}

/** Where an operation's validated input goes on the wire. */
export interface EncodedInput {
  /** Values of the `{name}` placeholders of the path; each is percent-encoded. */
  readonly path?: Readonly<Record<string, string>> | undefined;
  readonly query?: Readonly<Record<string, string>> | undefined;
  /** An `application/x-www-form-urlencoded` body. */
  readonly form?: Readonly<Record<string, string>> | undefined;
  /** An `application/json` body. */
  readonly json?: unknown;
  /** Request headers the input sets (the `Origin` a server forwards for a browser), after the client's own. */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** The response of an operation whose success has no body worth reading (any 2xx will do). */
export const EMPTY_BODY = "empty";

/**
 * One Plex operation, declared as data. The client methods, the standalone functions, the MCP tools and
 * the mock server's routes are all generated from these declarations.
 */
export interface OperationDefinition<Input extends object, Body, Result> {
  /** The SDK name: the seed's (`get_transient_token` -> `getTransientToken`) or the spec's operationId. */
  readonly name: string;
  /** A short human title. */
  readonly title: string;
  /** What it does and when to use it, written for people and for models. */
  readonly description: string;
  readonly host: OperationHost;
  readonly method: OperationMethod;
  /** Path below the host's base URL, with `{name}` placeholders for path parameters: `/pins/{pinId}`. */
  readonly path: string;
  /** Strict schema of the input: checked before anything is sent. Field descriptions live here. */
  readonly input: v.GenericSchema<unknown, Input>;
  /** Lenient schema of the success body, or {@link EMPTY_BODY} when the body is not read. */
  readonly response: v.GenericSchema<unknown, Body> | typeof EMPTY_BODY;
  /** The status Plex answers on success (any 2xx is accepted). */
  readonly successStatus: number;
  /** Whether the operation sends `X-Plex-Token`. */
  readonly requiresToken: boolean;
  readonly retry: RetryClass;
  /** Input fields whose values are secrets: scrubbed from anything the SDK prints. */
  readonly secretFields: readonly string[];
  /** Input fields that are single-use (a two-factor code): a call carrying one is never retried. */
  readonly singleUseFields: readonly string[];
  /** The MCP tool, or `undefined` when the operation is not a tool of its own. */
  readonly tool: OperationTool | undefined;
  /** The Plex error codes only this operation answers, read before the general rules (see `errors/by-operation.ts`). */
  readonly classifyError?: ErrorClassifier | undefined;
  /** Maps the validated input onto the path, the query string and the body. */
  encode(input: Input): EncodedInput;
  /** Shapes the validated body into what the caller gets. */
  toResult(body: Body): Result;
}

/** Any operation, whatever its types. */
// biome-ignore lint/suspicious/noExplicitAny: the table holds operations of different input and result types.
export type AnyOperation = OperationDefinition<any, any, any>;

/** The input type of an operation. */
export type OperationInput<Op> = Op extends OperationDefinition<infer Input, unknown, unknown> ? Input : never;

/** The result type of an operation. */
export type OperationResult<Op> = Op extends OperationDefinition<object, unknown, infer Result> ? Result : never;

/** The input of an operation that takes none (the token is the client's or the call's). */
export type NoInput = Record<string, never>;

/**
 * The input schema of an operation that takes none: any field is refused.
 *
 * @example
 * ```ts
 * defineOperation({ name: "ping", input: NO_INPUT, … });
 * ```
 */
export const NO_INPUT: v.GenericSchema<unknown, NoInput> = /* @__PURE__ */ v.strictObject({}) as v.GenericSchema<
  unknown,
  NoInput
>;

/** The fields every operation states; {@link defineOperation} fills in the others. */
type StatedFields = "name" | "title" | "description" | "host" | "path" | "input" | "response" | "tool" | "toResult";

/**
 * What an operation declares: its name, words, address, schemas, tool and result; the rest defaults to
 * the most common operation's (a `GET` read with the token, answering 200, retried when transient, no
 * secret or single-use fields, no input on the wire).
 */
export type OperationDeclaration<Input extends object, Body, Result> = Pick<
  OperationDefinition<Input, Body, Result>,
  StatedFields
> &
  Partial<Omit<OperationDefinition<Input, Body, Result>, StatedFields>>;

/**
 * An operation from its declaration, with the defaults of {@link OperationDeclaration} filled in.
 *
 * @example
 * ```ts
 * export const pingOperation: OperationDefinition<NoInput, PingBody, boolean> = defineOperation({
 *   name: "ping", title: "Ping plex.tv", description: "…", host: "plexTv", path: "/ping",
 *   input: NO_INPUT, response: pingSchema, tool: undefined, toResult: (body) => body.pong,
 * });
 * ```
 */
export function defineOperation<Input extends object, Body, Result>(
  declaration: OperationDeclaration<Input, Body, Result>,
): OperationDefinition<Input, Body, Result> {
  return {
    method: "GET",
    successStatus: 200,
    requiresToken: true,
    retry: "idempotent",
    secretFields: [],
    singleUseFields: [],
    encode: () => ({}),
    ...declaration,
  };
}
