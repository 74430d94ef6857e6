import type { Operations } from "@plex-auth/core";

/**
 * The name of an operation of core's table, e.g. `"getTokenDetails"`.
 *
 * @example
 * ```ts
 * const only: MockOperationName = "getTransientToken";
 * mock.faults.failNext(1, 500, { operation: only });
 * ```
 */
export type MockOperationName = keyof Operations;

/**
 * What a malformed body looks like.
 *
 * @example
 * ```ts
 * const body: MalformedBodyKind = "truncated-json";
 * mock.faults.inject({ kind: "malformed-body", body });
 * ```
 */
export type MalformedBodyKind =
  /** JSON cut off half way. */
  | "truncated-json"
  /** Text that is not JSON at all. */
  | "not-json"
  /** An empty body. */
  | "empty"
  /** The JSON literal `null`. */
  | "null"
  /** Valid JSON of the wrong shape (`{"unexpected":true}`). */
  | "wrong-shape";

/**
 * A failure the mock can be told to produce. Faults are injected through {@link MockFaults} only, never
 * through magic URLs or headers, so nothing a real client sends can trigger one.
 *
 * @example
 * ```ts
 * const fault: MockFault = { kind: "status", status: 503, retryAfterSeconds: 2 };
 * mock.faults.inject(fault, { times: 2 });
 * ```
 */
export type MockFault =
  /**
   * Answer with this status instead of handling the request, with the body the route's host would send
   * (plex.tv: a JSON or XML `errors` body, code 1003 for 429; PMS: an HTML page), plus `Retry-After` when
   * `retryAfterSeconds` is given.
   */
  | { readonly kind: "status"; readonly status: number; readonly retryAfterSeconds?: number }
  /** Wait `ms` (real time) before handling the request; the caller's abort ends the wait. */
  | { readonly kind: "delay"; readonly ms: number }
  /** Send the real status and headers, then a body that never ends (until the caller gives up). */
  | { readonly kind: "stall-body" }
  /** Drop the connection without an answer (`mock.fetch` rejects like a reset socket). */
  | { readonly kind: "reset" }
  /** The real status with a broken body. */
  | { readonly kind: "malformed-body"; readonly body: MalformedBodyKind }
  /** The real status with the XML rendering of the body even though JSON was asked for. */
  | { readonly kind: "xml-body" }
  /** The real status with an HTML page instead of the body, as a captive portal or proxy sends. */
  | { readonly kind: "html-body" }
  /** The real status with a body of `bytes` bytes (default 5 MiB, above core's 4 MiB cap), streamed. */
  | { readonly kind: "oversized-body"; readonly bytes?: number }
  /** The real response, its body sent `chunkBytes` at a time every `intervalMs` (defaults 16 and 50). */
  | { readonly kind: "slow-drip"; readonly chunkBytes?: number; readonly intervalMs?: number };

/**
 * Which requests a fault applies to, and how often.
 *
 * @example
 * ```ts
 * const options: FaultOptions = { times: Infinity, operation: "getTokenDetails", probability: 0.25 };
 * mock.faults.inject({ kind: "status", status: 502 }, options);
 * ```
 */
export interface FaultOptions {
  /** How many matching requests it applies to. Default 1; `Infinity` for every one. */
  times?: number;
  /** Only requests for these operations. Default: every request. */
  operation?: MockOperationName | readonly MockOperationName[];
  /**
   * Chance (0 to 1) that a matching request gets it, rolled with the mock's seeded random, so a given
   * seed fails the same requests every run. Default 1.
   */
  probability?: number;
}

/**
 * Fault injection for tests. Faults queue up in order; each request takes the first one that matches.
 *
 * @example
 * ```ts
 * mock.faults.failNext(1, 503, { retryAfterSeconds: 1 });      // the next request gets 503 + Retry-After: 1
 * mock.faults.inject({ kind: "stall-body" }, { operation: "getTokenDetails" });
 * mock.faults.inject({ kind: "status", status: 500 }, { times: Infinity, probability: 0.2 }); // chaos, seeded
 * ```
 */
export interface MockFaults {
  /** Queues a fault. */
  inject(fault: MockFault, options?: FaultOptions): void;
  /** The next `times` requests answer `status` (with `Retry-After` when `retryAfterSeconds` is given). */
  failNext(times: number, status: number, options?: Omit<FaultOptions, "times"> & { retryAfterSeconds?: number }): void;
  /** The next `times` requests wait `ms` before being handled. */
  delayNext(times: number, ms: number, options?: Omit<FaultOptions, "times">): void;
  /** The next `times` responses stall after the headers. */
  stallNext(times: number, options?: Omit<FaultOptions, "times">): void;
  /** The next `times` requests have their connection reset. */
  resetNext(times: number, options?: Omit<FaultOptions, "times">): void;
  /** Removes every queued fault. */
  clear(): void;
  /** How many fault applications are still queued (`Infinity` if one repeats forever). */
  readonly pending: number;
}
