import { PlexAuthError, type PlexAuthErrorOptions } from "./base.ts";

/** One problem found by validation: where (a dot path) and what is wrong. Never the offending value. */
export interface ValidationIssue {
  /** Dot path of the field, e.g. `"verificationCode"` or `"MediaContainer.Device.Connection.0.uri"`. */
  readonly path: string;
  /** What is wrong and, for input, what to do about it. */
  readonly message: string;
}

function listIssues(issues: readonly ValidationIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path} ${issue.message}` : issue.message)).join("; ");
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
  static override readonly errorCode: string = "invalid_input";

  /** Every problem found, with the field path. */
  readonly issues: readonly ValidationIssue[];

  constructor(where: string, issues: readonly ValidationIssue[], options: PlexAuthErrorOptions = {}) {
    super(`Invalid ${where}: ${listIssues(issues)}.${options.operation ? " Nothing was sent." : ""}`, options);
    this.issues = Object.freeze([...issues]);
  }
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
  static override readonly errorCode: string = "invalid_response";

  /** The HTTP status of the response that failed validation. */
  readonly status: number;
  /** What did not match, by field path. */
  readonly issues: readonly ValidationIssue[];

  constructor(status: number, issues: readonly ValidationIssue[], options: PlexAuthErrorOptions = {}) {
    const who = options.operation ? `${options.operation}: ` : "";
    super(
      `${who}Plex answered ${status} with a body this SDK cannot use (${listIssues(issues)}). ` +
        "A proxy may be rewriting responses, or the Plex API changed: please report it.",
      options,
    );
    this.status = status;
    this.issues = Object.freeze([...issues]);
  }
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
  static override readonly errorCode: string = "response_too_large";

  /** The limit that was exceeded, in bytes. */
  readonly limitBytes: number;

  constructor(limitBytes: number, options: PlexAuthErrorOptions = {}) {
    const who = options.operation ? `${options.operation}: ` : "";
    super(
      `${who}the response body exceeded ${limitBytes} bytes and was discarded. ` +
        "The server is not answering like Plex; check the URL, or raise maxResponseBytes.",
      options,
    );
    this.limitBytes = limitBytes;
  }
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
  static override readonly errorCode: string = "connection_error";

  /** The system code when the runtime gave one, e.g. `"ECONNREFUSED"`. */
  readonly networkCode: string | undefined;
  /**
   * True when the request certainly never reached the server (connection refused, DNS failure, no route),
   * so even a sign-in is safe to send again. False when it may have arrived (a reset mid-request).
   */
  readonly neverReached: boolean;

  constructor(
    message: string,
    details: { networkCode?: string | undefined; neverReached?: boolean } = {},
    options: PlexAuthErrorOptions = {},
  ) {
    super(message, options);
    this.networkCode = details.networkCode;
    this.neverReached = details.neverReached ?? false;
  }
}

/**
 * The request, body included, took longer than `timeoutMs`.
 *
 * @example
 * ```ts
 * if (error instanceof TimeoutError) console.error(`gave up after ${error.timeoutMs} ms`);
 * ```
 */
export class TimeoutError extends PlexAuthError {
  static override readonly errorName: string = "TimeoutError";
  static override readonly errorCode: string = "timeout";

  /** The timeout that expired, in milliseconds. */
  readonly timeoutMs: number;

  constructor(timeoutMs: number, options: PlexAuthErrorOptions = {}) {
    const who = options.operation ? `${options.operation} ` : "The request ";
    super(
      `${who}timed out after ${timeoutMs} ms (the whole request, body included). ` +
        "Check that the server is reachable, or raise timeoutMs.",
      options,
    );
    this.timeoutMs = timeoutMs;
  }
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
  static override readonly errorCode: string = "token_source_failed";

  /** The `name` of what the token function threw, e.g. `"TypeError"`. */
  readonly sourceErrorName: string;

  constructor(operation: string, thrown: unknown) {
    const name = thrown instanceof Error ? thrown.name : typeof thrown;
    super(
      `${operation}: the token function passed as \`token\` failed (${name}). Nothing was sent: check the ` +
        "function (and what it reads the token from), then call again.",
      { operation },
    );
    this.sourceErrorName = name;
  }
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
  static override readonly errorCode: string = "aborted";

  constructor(options: PlexAuthErrorOptions = {}) {
    const who = options.operation ? `${options.operation} ` : "The request ";
    super(`${who}was aborted by the caller's signal.`, options);
  }
}
