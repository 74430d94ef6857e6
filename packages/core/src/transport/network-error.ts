/** What a failed `fetch` tells us, in the runtime-independent terms the retry policy needs. */
export interface NetworkFailure {
  /** The system or library code, e.g. `ECONNREFUSED`, when the runtime exposes one. */
  readonly code: string | undefined;
  /** The innermost message (undici wraps the real cause in `TypeError: fetch failed`). */
  readonly message: string;
  /** True only when the request certainly never reached the server (refused, DNS, no route). */
  readonly neverReached: boolean;
}

// Failures that happen before a connection exists, so the server cannot have seen the request.
const NEVER_REACHED_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
  "ConnectionRefused", // Bun
  "FailedToOpenSocket", // Bun
]);

// Deno and some edge runtimes give no code, only a message.
const NEVER_REACHED_MESSAGE =
  /connection refused|dns error|failed to lookup address|name or service not known|no route to host|network is unreachable/i;

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * Unwraps a `fetch` rejection to its innermost cause (undici: `TypeError("fetch failed", { cause })`) and
 * says whether the request can have reached the server.
 */
export function describeNetworkFailure(error: unknown): NetworkFailure {
  let innermost: unknown = error;
  let code = codeOf(error);
  for (let depth = 0; depth < 5; depth++) {
    const cause = (innermost as { cause?: unknown } | null)?.cause;
    if (cause === undefined || cause === null) break;
    innermost = cause;
    code = codeOf(cause) ?? code;
  }
  const message = innermost instanceof Error ? innermost.message : String(innermost);
  const neverReached = (code !== undefined && NEVER_REACHED_CODES.has(code)) || NEVER_REACHED_MESSAGE.test(message);
  return { code, message, neverReached };
}
