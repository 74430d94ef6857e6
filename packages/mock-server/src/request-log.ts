import { isSecretKey, redactText, redactValue } from "@plex-auth/core";
import type { MockFault, MockOperationName } from "./faults/types.ts";
import { RingBuffer } from "./ring-buffer.ts";

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
 * A bounded log of redacted requests. Core's rules redact secret-named headers, parameters and URL fields;
 * on top of that, the values this request sent under a secret name (its token, password, code, cookie…)
 * and `knownSecrets` (the accounts' passwords, fixed at creation) are removed wherever else they appear in
 * it. Only the request's own values are searched for, so a request costs the same however many tokens the
 * mock has issued.
 */
export class RequestLog {
  readonly #entries: RingBuffer<PendingLogEntry>;
  #nextId = 1;
  readonly #knownSecrets: readonly string[];

  constructor(limit: number, knownSecrets: readonly string[]) {
    this.#entries = new RingBuffer(limit);
    this.#knownSecrets = knownSecrets;
  }

  record(request: LoggedRequest): PendingLogEntry {
    const carried = new Set(this.#knownSecrets);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
      if (isSecretKey(name)) carried.add(value);
    });
    for (const [key, value] of request.url.searchParams) if (isSecretKey(key)) carried.add(value);
    for (const [key, value] of Object.entries(request.params)) if (isSecretKey(key)) carried.add(value);
    // Longest first, so a secret that contains another is not left half redacted.
    const secrets = [...carried].sort((a, b) => b.length - a.length);
    const entry: PendingLogEntry = {
      id: this.#nextId++,
      at: request.at,
      method: request.method,
      url: redactText(request.url.href, secrets),
      path: redactText(request.url.pathname, secrets),
      operation: request.operation,
      headers: redactValue(headers, secrets) as Record<string, string>,
      params: redactValue(request.params, secrets) as Record<string, string>,
      clientIdentifier: request.clientIdentifier,
      hadToken: request.hadToken,
      status: undefined,
      fault: undefined,
    };
    this.#entries.push(entry);
    return entry;
  }

  entries(): readonly MockRequestLogEntry[] {
    return Object.freeze(this.#entries.toArray().map((entry) => Object.freeze({ ...entry })));
  }

  clear(): void {
    this.#entries.clear();
  }
}
