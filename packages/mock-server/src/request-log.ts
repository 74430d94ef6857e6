import { redactText, redactValue } from "@plex-auth/core";
import type { MockFault, MockOperationName } from "./faults/types.ts";

/**
 * One request the mock received, with every secret (token, password, code) replaced by `[redacted]`.
 *
 * @example
 * ```ts
 * const last: MockRequestLogEntry | undefined = mock.requests.at(-1);
 * expect(last?.headers["x-plex-token"]).toBe("[redacted]");
 * ```
 */
export interface MockRequestLogEntry {
  /** Sequence number, from 1. */
  readonly id: number;
  /** Mock-clock milliseconds when it arrived. */
  readonly at: number;
  readonly method: string;
  /** The URL, with `X-Plex-Token`, `password` and `verificationCode` query values redacted. */
  readonly url: string;
  readonly path: string;
  /** The operation of core's table it was routed to, if any. */
  readonly operation: MockOperationName | undefined;
  /** Header names in lower case, secret values redacted. */
  readonly headers: Readonly<Record<string, string>>;
  /** The query and body parameters (a sign-in form), secret values redacted. */
  readonly params: Readonly<Record<string, string>>;
  readonly clientIdentifier: string | undefined;
  /** Whether the request carried a token (the token itself is never kept). */
  readonly hadToken: boolean;
  /** The status answered; `undefined` when the connection was reset or the caller went away first. */
  readonly status: number | undefined;
  /** The injected fault that hit this request, if any. */
  readonly fault: MockFault["kind"] | undefined;
}

/** The log's own copy of an entry: the pipeline fills in the fault and the status as it learns them. */
export type PendingLogEntry = { -readonly [Key in keyof MockRequestLogEntry]: MockRequestLogEntry[Key] };

/** What the pipeline knows about a request when it logs it. */
export interface LoggedRequest {
  readonly at: number;
  readonly method: string;
  readonly url: URL;
  readonly operation: MockOperationName | undefined;
  readonly headers: Headers;
  readonly params: Readonly<Record<string, string>>;
  readonly clientIdentifier: string | undefined;
  readonly hadToken: boolean;
}

/**
 * A bounded log of redacted requests. `secrets` are known secret values (every password and token the mock
 * knows) removed wherever they appear, on top of core's secret-field rules.
 */
export class RequestLog {
  #entries: PendingLogEntry[] = [];
  #nextId = 1;
  readonly #limit: number;
  readonly #secrets: () => readonly string[];

  constructor(limit: number, secrets: () => readonly string[]) {
    this.#limit = limit;
    this.#secrets = secrets;
  }

  record(request: LoggedRequest): PendingLogEntry {
    const secrets = this.#secrets();
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const entry: PendingLogEntry = {
      id: this.#nextId++,
      at: request.at,
      method: request.method,
      url: redactText(request.url.href, secrets),
      path: request.url.pathname,
      operation: request.operation,
      headers: redactValue(headers, secrets) as Record<string, string>,
      params: redactValue(request.params, secrets) as Record<string, string>,
      clientIdentifier: request.clientIdentifier,
      hadToken: request.hadToken,
      status: undefined,
      fault: undefined,
    };
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries = this.#entries.slice(-this.#limit);
    return entry;
  }

  entries(): readonly MockRequestLogEntry[] {
    return Object.freeze(this.#entries.map((entry) => Object.freeze({ ...entry })));
  }

  clear(): void {
    this.#entries = [];
  }
}
