import type * as v from "valibot";

/** Which base URL an operation talks to: the user's Plex Media Server, or plex.tv. */
export type OperationHost = "pms" | "plexTv";

/**
 * How safe an operation is to repeat.
 * - `idempotent`: a read; retried on connection failures, timeouts, 408, 429 and 5xx.
 * - `sign-in`: retried only when the request provably never reached the server, or when a 429/503 says
 *   when to come back; repeated failed sign-ins lock the IP out (code 1031).
 */
export type RetryClass = "idempotent" | "sign-in";

/** MCP tool annotations, set by hand to what is true of the operation. */
export interface OperationAnnotations {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** Where an operation's input goes on the wire. */
export interface EncodedInput {
  readonly query?: Readonly<Record<string, string>>;
  readonly form?: Readonly<Record<string, string>>;
}

/**
 * One Plex operation, declared as data. The client methods, the standalone functions, the MCP tools and
 * the mock server's routes are all generated from these declarations.
 */
export interface OperationDefinition<Input extends object, Body, Result> {
  /** The SDK name, from the seed (`get_transient_token` -> `getTransientToken`). */
  readonly name: string;
  /** The MCP tool name: the seed's snake_case name. */
  readonly toolName: string;
  /** A short human title. */
  readonly title: string;
  /** What it does and when to use it, written for people and for models. */
  readonly description: string;
  readonly host: OperationHost;
  readonly method: "GET" | "POST";
  /** Path below the host's base URL, e.g. `/security/token`. */
  readonly path: string;
  /** Strict schema of the input: checked before anything is sent. */
  readonly input: v.GenericSchema<unknown, Input>;
  /** Lenient schema of the success body. */
  readonly response: v.GenericSchema<unknown, Body>;
  /** The status Plex answers on success (any 2xx is accepted). */
  readonly successStatus: number;
  /** Whether the operation sends `X-Plex-Token`. */
  readonly requiresToken: boolean;
  readonly retry: RetryClass;
  /** Input fields whose values are secrets: scrubbed from anything the SDK prints. */
  readonly secretFields: readonly string[];
  /** Input fields that are single-use (a two-factor code): a call carrying one is never retried. */
  readonly singleUseFields: readonly string[];
  readonly annotations: OperationAnnotations;
  /** Maps the validated input onto the query string or form body. */
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
