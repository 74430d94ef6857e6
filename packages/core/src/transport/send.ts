import { ApiError } from "../errors/api.ts";
import { PlexAuthError } from "../errors/base.ts";
import { ConnectionError, RequestAbortedError, TimeoutError } from "../errors/local.ts";
import type { FetchLike } from "../options.ts";
import { redactText } from "../redact.ts";
import { cancelBody } from "./body.ts";
import { describeNetworkFailure } from "./network-error.ts";
import type { PreparedRequest } from "./request.ts";
import type { AttemptSignal } from "./timeout.ts";

const MAX_SAME_ORIGIN_REDIRECTS = 3;

/** Context of one attempt, for error messages and for deciding what a failure means. */
export interface AttemptContext {
  readonly operation: string;
  readonly fetch: FetchLike;
  readonly attempt: AttemptSignal;
  readonly callerSignal: AbortSignal | undefined;
  readonly timeoutMs: number;
  readonly secrets: readonly string[];
  /** This attempt's number, the first being 1. */
  readonly attemptNumber: number;
  /** When the call's first attempt started (epoch ms): errors say how long all attempts took. */
  readonly startedAt: number;
}

/**
 * Turns whatever a `fetch` or a body read threw into our error: a timeout, the caller's abort, or a
 * connection failure whose cause is a sanitized copy (a custom fetch may attach the request, headers and
 * all, to its errors; that object must not travel on).
 */
export function toTransportError(error: unknown, context: AttemptContext, url: string): PlexAuthError {
  if (error instanceof PlexAuthError) return error;
  const operation = context.operation;
  const attempts = { attempts: context.attemptNumber, elapsedMs: Date.now() - context.startedAt };
  if (context.attempt.timedOut()) return new TimeoutError({ timeoutMs: context.timeoutMs, operation, ...attempts });
  if (context.callerSignal?.aborted) return new RequestAbortedError({ operation });
  const failure = describeNetworkFailure(error);
  const detail = redactText(failure.code ? `${failure.code}: ${failure.message}` : failure.message, context.secrets);
  const cause = Object.assign(new Error(detail), failure.code ? { code: failure.code } : {});
  return new ConnectionError({
    origin: new URL(url).origin,
    detail,
    networkCode: failure.code,
    neverReached: failure.neverReached,
    operation,
    cause,
    ...attempts,
  });
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/**
 * Sends the request with `redirect: "manual"`, so a redirect is never followed with the token (or a
 * password) to another origin. Same-origin redirects of GET requests are followed, up to three.
 */
export async function fetchWithoutLeaks(request: PreparedRequest, context: AttemptContext): Promise<Response> {
  // Called as a plain function: a fetch invoked as a method of our context object ("Illegal invocation")
  // fails in browsers and workers, where fetch must be called unbound or on the global object.
  const { fetch } = context;
  let url = request.url;
  for (let hops = 0; ; hops++) {
    const response = await context.attempt.race(
      fetch(url, {
        method: request.method,
        headers: request.headers,
        body: request.body,
        redirect: "manual",
        signal: context.attempt.signal,
      }),
      cancelBody,
    );
    const location = response.headers.get("location");
    if (response.type !== "opaqueredirect" && !(isRedirect(response.status) && location)) return response;
    cancelBody(response);
    const from = new URL(url);
    const target = location ? new URL(location, from) : undefined;
    if (target && target.origin === from.origin && request.method === "GET" && hops < MAX_SAME_ORIGIN_REDIRECTS) {
      url = target.href;
      continue;
    }
    const where = target ? ` to ${target.origin === from.origin ? "the same origin" : target.origin}` : "";
    throw new ApiError({
      status: response.status,
      operation: context.operation,
      message:
        `${context.operation}: ${from.origin} answered with a redirect${where} that was not followed, so no ` +
        "credentials were sent there. If the server moved, point serverUrl or plexTvUrl at its new address.",
    });
  }
}
