import type { PlexAuthError } from "../errors/base.ts";
import { errorFromResponse, wrongAddressAdvice } from "../errors/from-response.ts";
import { ConnectionError, ResponseTooLargeError, ResponseValidationError, TimeoutError } from "../errors/local.ts";
import { parseRetryAfterMs } from "../errors/retry-after.ts";
import { EMPTY_BODY, type OperationDefinition } from "../operation.ts";
import { checkParsed } from "../validation.ts";
import { cancelBody, readBodyCapped } from "./body.ts";
import type { PreparedCall } from "./prepare.ts";
import { type AttemptFailure, decideRetry } from "./retry.ts";
import { type AttemptContext, fetchWithoutLeaks, toTransportError } from "./send.ts";
import { startAttemptSignal } from "./timeout.ts";

// Only the start of an error body is needed (Plex's errors[] or an excerpt): a huge 502 page from a proxy
// must still surface as the ServerError its status says, not as a size error.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** How one attempt ended, when it did not throw: the result, or a retry after a delay. */
export type AttemptOutcome<Result> =
  | { readonly done: true; readonly result: Result }
  | { readonly done: false; readonly delayMs: number; readonly reason: string };

function parseBody<Body>(operation: OperationDefinition<object, Body, unknown>, status: number, text: string): Body {
  const name = operation.name;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const markup = text.trimStart().startsWith("<");
    const what = !text.trim() ? "is empty" : markup ? "is XML or HTML, not JSON" : "is not valid JSON";
    // A web page where JSON was due is almost always a wrong address, not a change of Plex's API.
    const advice = markup ? `This is not a Plex API answer: ${wrongAddressAdvice(operation.host)}.` : undefined;
    throw new ResponseValidationError({ status, issues: [{ path: "body", message: what }], operation: name, advice });
  }
  const result = checkParsed(operation.response as Exclude<typeof operation.response, typeof EMPTY_BODY>, data);
  if (!result.success) throw new ResponseValidationError({ status, issues: result.issues, operation: name });
  return result.output;
}

async function successOf<Body, Result>(call: PreparedCall<Body, Result>, response: Response, context: AttemptContext) {
  const { operation } = call;
  if (operation.response === EMPTY_BODY) {
    cancelBody(response);
    return operation.toResult(undefined as Body);
  }
  const tooLarge = () => new ResponseTooLargeError({ limitBytes: call.maxResponseBytes, operation: operation.name });
  const text = await readBodyCapped(response, call.maxResponseBytes, context.attempt, tooLarge);
  return operation.toResult(parseBody(operation, response.status, text));
}

function failureOf(error: PlexAuthError): AttemptFailure | undefined {
  if (error instanceof TimeoutError) return { kind: "timeout" };
  if (error instanceof ConnectionError) return { kind: "network", neverReached: error.neverReached };
  return undefined;
}

/**
 * One attempt: send, then read the answer. Resolves with the result or with a retry the policy allows;
 * throws the error the call ends with. `retriesDone` counts the attempts before this one.
 */
export async function runAttempt<Body, Result>(
  call: PreparedCall<Body, Result>,
  retriesDone: number,
  startedAt: number,
): Promise<AttemptOutcome<Result>> {
  const { operation, request, log } = call;
  const name = operation.name;
  const attempt = startAttemptSignal(call.options.signal, call.timeoutMs);
  const context: AttemptContext = {
    operation: name,
    fetch: call.fetch,
    attempt,
    callerSignal: call.options.signal,
    timeoutMs: call.timeoutMs,
    secrets: call.secrets,
    attemptNumber: retriesDone + 1,
    startedAt,
  };
  const sentAt = Date.now();
  try {
    log?.("debug", "plex-auth request", {
      operation: name,
      attempt: retriesDone + 1,
      method: request.method,
      url: request.url,
      headers: request.headers,
    });
    const response = await fetchWithoutLeaks(request, context);
    const { status, headers } = response;
    log?.("debug", "plex-auth response", { operation: name, status, durationMs: Date.now() - sentAt });
    if (status >= 200 && status < 300) return { done: true, result: await successOf(call, response, context) };

    const retryAfterMs = parseRetryAfterMs(headers);
    const decision = decideRetry({ kind: "status", status, retryAfterMs }, call.retryClass, retriesDone, call.policy);
    if (decision.retry) {
      // The body of a response we retry is never read; releasing it frees the connection.
      cancelBody(response);
      return { done: false, delayMs: decision.delayMs, reason: `HTTP ${status}` };
    }
    const limit = Math.min(MAX_ERROR_BODY_BYTES, call.maxResponseBytes);
    const body = await readBodyCapped(response, limit, attempt, "truncate");
    throw errorFromResponse({ status, body, operation, secrets: call.secrets, retryAfterMs });
  } catch (error) {
    const thrown = toTransportError(error, context, request.url);
    const failure = failureOf(thrown);
    const decision = failure ? decideRetry(failure, call.retryClass, retriesDone, call.policy) : undefined;
    if (!decision?.retry) throw thrown;
    return { done: false, delayMs: decision.delayMs, reason: thrown.code };
  } finally {
    attempt.dispose();
  }
}
