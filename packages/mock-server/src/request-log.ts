import { isSecretKey, REDACTED, redactText, redactValue } from "@plex-auth/core";
import type { MockFault, MockOperationName } from "./faults/types.ts";
import { RingBuffer } from "./ring-buffer.ts";

/**
 * One request the mock received, with every secret (token, password, two-factor code, PIN id, PIN code, a
 * Home profile's PIN) replaced by `[redacted]`.
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
  /** The URL, with `X-Plex-Token`, `password`, `verificationCode`, `pin` and `code` values and PIN ids redacted. */
  readonly url: string;
  /** The path, a PIN id in it redacted (`/api/v2/pins/[redacted]`). */
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
  /**
   * The parameters (query, body or path) the route holds secret besides core's secret names: a PIN id in
   * the path, the `pin` of a Home switch, the `code` that approves a PIN.
   */
  readonly secretParams: readonly string[];
  /** The values of the path's placeholders, decoded. */
  readonly pathParams: Readonly<Record<string, string>>;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The path with every segment that is a secret's value replaced, however short the secret is. */
function redactSegments(pathname: string, segments: ReadonlySet<string>): string {
  if (segments.size === 0) return pathname;
  return pathname
    .split("/")
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // A malformed escape is kept as it came.
      }
      return segments.has(decoded) ? REDACTED : segment;
    })
    .join("/");
}

/** The URL's query with the values of `names` replaced, however short (a 4-digit PIN, a 4-character code). */
function redactQueryValues(href: string, names: readonly string[]): string {
  let result = href;
  for (const name of names) {
    result = result.replace(new RegExp(`([?&]${escapeRegExp(name)}=)[^&#]*`, "g"), `$1${REDACTED}`);
  }
  return result;
}

/**
 * The secret values a request carries: under a secret name (header, query or form), as one of the route's
 * secret parameters, or among `knownSecrets`; longest first, so a secret that contains another is not left
 * half redacted. `segments` are the secret path segments, replaced whole whatever their length.
 */
function secretsOf(
  request: LoggedRequest,
  knownSecrets: readonly string[],
): { secrets: string[]; segments: Set<string> } {
  const carried = new Set(knownSecrets);
  request.headers.forEach((value, name) => {
    if (isSecretKey(name)) carried.add(value);
  });
  for (const [key, value] of request.url.searchParams) if (isSecretKey(key)) carried.add(value);
  for (const [key, value] of Object.entries(request.params)) if (isSecretKey(key)) carried.add(value);
  const segments = new Set<string>();
  for (const name of request.secretParams) {
    const inParams = request.params[name];
    const inPath = request.pathParams[name];
    if (inParams !== undefined && inParams !== "") carried.add(inParams);
    if (inPath !== undefined && inPath !== "") {
      segments.add(inPath);
      carried.add(inPath);
    }
  }
  return { secrets: [...carried].sort((a, b) => b.length - a.length), segments };
}

/**
 * A bounded log of redacted requests. Core's rules redact secret-named headers, parameters and URL fields;
 * on top of that, the values this request sent under a secret name (its token, password, code, cookie…)
 * and `knownSecrets` (the accounts' passwords, fixed at creation) are removed wherever else they appear in
 * it. The route's own secret parameters (a PIN id in the path, a Home PIN, a PIN code) are removed by name
 * and by value too. Only the request's own values are searched for, so a request costs the same however
 * many tokens the mock has issued.
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
    const { secrets, segments } = secretsOf(request, this.#knownSecrets);
    const params = { ...request.params };
    for (const name of request.secretParams) if (name in params) params[name] = REDACTED;
    const path = redactSegments(request.url.pathname, segments);
    const href = `${request.url.origin}${path}${request.url.search}${request.url.hash}`;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const entry: PendingLogEntry = {
      id: this.#nextId++,
      at: request.at,
      method: request.method,
      url: redactText(redactQueryValues(href, request.secretParams), secrets),
      path: redactText(path, secrets),
      operation: request.operation,
      headers: redactValue(headers, secrets) as Record<string, string>,
      params: redactValue(params, secrets) as Record<string, string>,
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
