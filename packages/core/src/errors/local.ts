import { PlexAuthError } from "./base.ts";
import type { LocalErrorCode } from "./codes.ts";

/** One problem found by validation: where (a dot path) and what is wrong. Never the offending value. */
export interface ValidationIssue {
  /** Dot path of the field, e.g. `"verificationCode"` or `"MediaContainer.Device.Connection.0.uri"`. */
  readonly path: string;
  /** What is wrong and, for input, what to do about it. */
  readonly message: string;
}

/** How many attempts a failed call made, and over how long: part of every timeout and connection error. */
export interface AttemptsInit {
  /** Attempts made, the first included. Default 1. */
  attempts?: number | undefined;
  /** Milliseconds from the first attempt to the failure of the last. */
  elapsedMs?: number | undefined;
}

function listIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path} ${issue.message}` : issue.message)).join("; ");
}

function whoFailed(operation: string | undefined, fallback: string): string {
  return operation ? `${operation} ` : fallback;
}

/** "3 attempts over 91.2 s", or "1 attempt" when there was no retry. */
export function describeAttempts(attempts: number, elapsedMs: number | undefined): string {
  if (attempts <= 1) return "1 attempt";
  const over = elapsedMs === undefined ? "" : ` over ${(elapsedMs / 1000).toFixed(1)} s`;
  return `${attempts} attempts${over}`;
}

/** What {@link InvalidInputError} is built from. */
export interface InvalidInputErrorInit {
  /** What was invalid, e.g. `"input of getTokenDetails"` or `"client options"`. */
  where: string;
  /** Every problem found, with the field path. */
  issues: readonly ValidationIssue[];
  /** The operation whose call was refused; nothing was sent for it. */
  operation?: string | undefined;
  /** What made the input unusable, when that was an error (a missing optional dependency, say). */
  cause?: unknown;
}

/**
 * The input (client options, operation input or per-call options) is invalid. Nothing was sent.
 *
 * @example
 * ```ts
 * try {
 *   await plex.authentication.postUsersSignInData({ login: "", password: "x" });
 * } catch (error) {
 *   if (error instanceof InvalidInputError) console.error(error.issues); // [{ path: "login", message: "..." }]
 * }
 * ```
 */
export class InvalidInputError extends PlexAuthError {
  static override readonly errorName: string = "InvalidInputError";
  static override readonly errorCode: LocalErrorCode = "invalid_input";
  declare readonly code: "invalid_input";

  /** Every problem found, with the field path. */
  readonly issues: readonly ValidationIssue[];

  constructor(init: InvalidInputErrorInit) {
    const sent = init.operation ? " Nothing was sent." : "";
    super({
      message: `Invalid ${init.where}: ${listIssues(init.issues)}.${sent}`,
      operation: init.operation,
      cause: init.cause,
    });
    this.issues = Object.freeze([...init.issues]);
  }
}

/** What {@link ResponseValidationError} is built from. */
export interface ResponseValidationErrorInit {
  /** The HTTP status of the response that failed validation. */
  status: number;
  /** What did not match, by field path. */
  issues: readonly ValidationIssue[];
  operation?: string | undefined;
  /** What to do. Default: a proxy may be rewriting responses, or the API changed. */
  advice?: string | undefined;
}

/**
 * Plex answered with a body that is not what the operation returns (not JSON, `null`, or missing a field
 * this SDK relies on). The issues name the fields, never their values.
 *
 * @example
 * ```ts
 * if (error instanceof ResponseValidationError) console.error(error.status, error.issues);
 * ```
 */
export class ResponseValidationError extends PlexAuthError {
  static override readonly errorName: string = "ResponseValidationError";
  static override readonly errorCode: LocalErrorCode = "invalid_response";
  declare readonly code: "invalid_response";

  /** The HTTP status of the response that failed validation. */
  readonly status: number;
  /** What did not match, by field path. */
  readonly issues: readonly ValidationIssue[];

  constructor(init: ResponseValidationErrorInit) {
    const who = init.operation ? `${init.operation}: ` : "";
    const advice = init.advice ?? "A proxy may be rewriting responses, or the Plex API changed: please report it.";
    super({
      message: `${who}the server answered ${init.status} with a body this SDK cannot use (${listIssues(init.issues)}). ${advice}`,
      operation: init.operation,
    });
    this.status = init.status;
    this.issues = Object.freeze([...init.issues]);
  }
}

/** What {@link ResponseTooLargeError} is built from. */
export interface ResponseTooLargeErrorInit {
  /** The limit that was exceeded, in bytes. */
  limitBytes: number;
  operation?: string | undefined;
}

/**
 * The response body was larger than `maxResponseBytes`; it was cut off and discarded.
 *
 * @example
 * ```ts
 * if (error instanceof ResponseTooLargeError) console.error(`over ${error.limitBytes} bytes`);
 * ```
 */
export class ResponseTooLargeError extends PlexAuthError {
  static override readonly errorName: string = "ResponseTooLargeError";
  static override readonly errorCode: LocalErrorCode = "response_too_large";
  declare readonly code: "response_too_large";

  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;

  constructor(init: ResponseTooLargeErrorInit) {
    const who = init.operation ? `${init.operation}: ` : "";
    super({
      message:
        `${who}the response body exceeded ${init.limitBytes} bytes and was discarded. ` +
        "The server is not answering like Plex: check serverUrl and plexTvUrl, or raise maxResponseBytes.",
      operation: init.operation,
    });
    this.limitBytes = init.limitBytes;
  }
}

/** What {@link ConnectionError} is built from. */
export interface ConnectionErrorInit extends AttemptsInit {
  /** The origin the request went to, e.g. `http://192.168.1.10:32400`. */
  origin: string;
  /** What the runtime said, already redacted, e.g. `"ECONNREFUSED: connect ECONNREFUSED …"`. */
  detail: string;
  /** The system code when the runtime gave one, e.g. `"ECONNREFUSED"`. */
  networkCode?: string | undefined;
  /** True only when the request certainly never reached the server. Default false. */
  neverReached?: boolean | undefined;
  operation?: string | undefined;
  /** A sanitized copy of what the runtime threw. */
  cause?: unknown;
}

/**
 * The request could not be completed at the network level (refused, DNS failure, reset, cut short).
 *
 * @example
 * ```ts
 * if (error instanceof ConnectionError) console.error(`network problem (${error.networkCode}): check serverUrl`);
 * ```
 */
export class ConnectionError extends PlexAuthError {
  static override readonly errorName: string = "ConnectionError";
  static override readonly errorCode: LocalErrorCode = "connection_error";
  declare readonly code: "connection_error";

  /** The system code when the runtime gave one, e.g. `"ECONNREFUSED"`. */
  readonly networkCode: string | undefined;
  /**
   * True when the request certainly never reached the server (connection refused, DNS failure, no route),
   * so even a sign-in is safe to send again. False when it may have arrived (a reset mid-request).
   */
  readonly neverReached: boolean;
  /** Attempts made, the first included. */
  readonly attempts: number;

  constructor(init: ConnectionErrorInit) {
    const attempts = init.attempts ?? 1;
    super({
      message:
        `${whoFailed(init.operation, "The request ")}could not complete the request to ${init.origin} ` +
        `(${init.detail}; ${describeAttempts(attempts, init.elapsedMs)}). ` +
        "Check the URL and that the server is up and reachable from here.",
      operation: init.operation,
      cause: init.cause,
      retryable: true,
    });
    this.networkCode = init.networkCode;
    this.neverReached = init.neverReached ?? false;
    this.attempts = attempts;
  }
}

/** What {@link TimeoutError} is built from. */
export interface TimeoutErrorInit extends AttemptsInit {
  /** The per-attempt timeout that expired, in milliseconds. */
  timeoutMs: number;
  operation?: string | undefined;
}

/**
 * The request, body included, took longer than `timeoutMs`.
 *
 * @example
 * ```ts
 * if (error instanceof TimeoutError) console.error(`gave up after ${error.attempts} × ${error.timeoutMs} ms`);
 * ```
 */
export class TimeoutError extends PlexAuthError {
  static override readonly errorName: string = "TimeoutError";
  static override readonly errorCode: LocalErrorCode = "timeout";
  declare readonly code: "timeout";

  /** The per-attempt timeout that expired, in milliseconds. */
  readonly timeoutMs: number;
  /** Attempts made, the first included. */
  readonly attempts: number;

  constructor(init: TimeoutErrorInit) {
    const attempts = init.attempts ?? 1;
    const each = attempts > 1 ? "each attempt" : "the attempt";
    super({
      message:
        `${whoFailed(init.operation, "The request ")}timed out (${describeAttempts(attempts, init.elapsedMs)}; ` +
        `${each} limited to ${init.timeoutMs} ms, body included). ` +
        "Check that the server is reachable, or raise timeoutMs.",
      operation: init.operation,
      retryable: true,
    });
    this.timeoutMs = init.timeoutMs;
    this.attempts = attempts;
  }
}

/** What {@link TokenSourceError} is built from. */
export interface TokenSourceErrorInit {
  /** The operation whose token could not be obtained. */
  operation: string;
  /** What the token function threw. Only its name is kept. */
  thrown: unknown;
}

/**
 * The function given as `token` threw or rejected. Nothing was sent. Its error is not attached and its
 * message not repeated, because both may hold the secret it was meant to return; only its name is kept.
 *
 * @example
 * ```ts
 * const plex = createPlexAuth({ clientIdentifier, token: () => vault.read("plex") });
 * await plex.authentication.getTokenDetails().catch((error) => error instanceof TokenSourceError); // vault down: true
 * ```
 */
export class TokenSourceError extends PlexAuthError {
  static override readonly errorName: string = "TokenSourceError";
  static override readonly errorCode: LocalErrorCode = "token_source_failed";
  declare readonly code: "token_source_failed";

  /** The `name` of what the token function threw, e.g. `"TypeError"`. */
  readonly sourceErrorName: string;

  constructor(init: TokenSourceErrorInit) {
    const name = init.thrown instanceof Error ? init.thrown.name : typeof init.thrown;
    super({
      message:
        `${init.operation}: the token function passed as \`token\` failed (${name}). Nothing was sent: check the ` +
        "function (and what it reads the token from), then call again.",
      operation: init.operation,
    });
    this.sourceErrorName = name;
  }
}

/** What {@link RequestAbortedError} is built from. */
export interface RequestAbortedErrorInit {
  operation?: string | undefined;
}

/**
 * The caller's `AbortSignal` fired: the request (or the wait before a retry) was cancelled.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const pending = plex.authentication.getTokenDetails(undefined, { signal: controller.signal });
 * controller.abort();
 * await pending.catch((error) => error instanceof RequestAbortedError); // true
 * ```
 */
export class RequestAbortedError extends PlexAuthError {
  static override readonly errorName: string = "RequestAbortedError";
  static override readonly errorCode: LocalErrorCode = "aborted";
  declare readonly code: "aborted";

  constructor(init: RequestAbortedErrorInit = {}) {
    super({
      message: `${whoFailed(init.operation, "The request ")}was aborted by the caller's signal.`,
      operation: init.operation,
      retryable: true,
    });
  }
}

/** What one candidate connection did when {@link NoServerConnectionError} was raised. */
export interface ConnectionAttempt {
  /** The candidate's URI (no token is ever part of it). */
  readonly uri: string;
  /** What happened, in words: `"refused"`, `"timed out"`, `"TLS failed"`, `"unauthorized (401)"`, … */
  readonly outcome: string;
}

/** What {@link NoServerConnectionError} is built from. */
export interface NoServerConnectionErrorInit {
  /** The server's name, for the message. */
  server: string;
  /** Every candidate and what it did, in the order they were tried. */
  attempts: readonly ConnectionAttempt[];
  operation?: string | undefined;
}

/**
 * None of a server's connections worked: each was refused, timed out, failed TLS, refused the server's
 * token, or turned out to be another machine. `attempts` says which did what; no token is in it.
 *
 * @example
 * ```ts
 * if (error instanceof NoServerConnectionError) for (const a of error.attempts) console.error(a.uri, a.outcome);
 * ```
 */
export class NoServerConnectionError extends PlexAuthError {
  static override readonly errorName: string = "NoServerConnectionError";
  static override readonly errorCode: LocalErrorCode = "no_server_connection";
  declare readonly code: "no_server_connection";

  /** Every candidate and what it did. */
  readonly attempts: readonly ConnectionAttempt[];

  constructor(init: NoServerConnectionErrorInit) {
    const tried = init.attempts.map((attempt) => `${attempt.uri}: ${attempt.outcome}`).join("; ");
    super({
      message:
        `No connection to "${init.server}" worked (${tried || "it lists no connection"}). Check that the server ` +
        "is online and reachable from here (remote access, or the same network for local connections).",
      operation: init.operation,
      retryable: true,
    });
    this.attempts = Object.freeze(init.attempts.map((attempt) => Object.freeze({ ...attempt })));
  }
}

/**
 * The browser blocked the sign-in popup, and no `forwardUrl` was given to continue as a redirect instead.
 * Call `signInWithPlexPopup` straight from a click handler (blockers allow popups opened there), or pass
 * `forwardUrl` so a blocked popup becomes a redirect to Plex and back.
 *
 * @example
 * ```ts
 * button.onclick = () =>
 *   signInWithPlexPopup(plex).catch((error) => {
 *     if (error instanceof PopupBlockedError) showMessage("Allow popups for this site, then try again.");
 *   });
 * ```
 */
export class PopupBlockedError extends PlexAuthError {
  static override readonly errorName: string = "PopupBlockedError";
  static override readonly errorCode: LocalErrorCode = "popup_blocked";
  declare readonly code: "popup_blocked";

  constructor(init: { operation?: string | undefined } = {}) {
    super({
      message:
        `${whoFailed(init.operation, "Sign-in ")}could not open Plex's sign-in window: the browser blocked the popup. ` +
        "Start it from a click handler, or pass forwardUrl to fall back to a redirect.",
      operation: init.operation,
      retryable: true,
    });
  }
}
