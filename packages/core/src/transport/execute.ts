import { PlexAuthError } from "../errors/base.ts";
import { errorFromResponse } from "../errors/from-response.ts";
import {
  ConnectionError,
  InvalidInputError,
  RequestAbortedError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
  TokenSourceError,
} from "../errors/local.ts";
import type { OperationDefinition } from "../operations/types.ts";
import {
  checkToken,
  type FetchLike,
  mergeRetry,
  type RequestOptions,
  type ResolvedConfig,
  resolveRequestOptions,
} from "../options.ts";
import { redactValue } from "../redact.ts";
import { check } from "../validation.ts";
import { cancelBody, readBodyCapped } from "./body.ts";
import { prepareRequest } from "./request.ts";
import { type AttemptFailure, decideRetry, type EffectiveRetryClass, parseRetryAfterMs } from "./retry.ts";
import { type AttemptContext, fetchWithoutLeaks, toTransportError } from "./send.ts";
import { sleep, startAttemptSignal, untilAborted } from "./timeout.ts";

const MAX_ERROR_BODY_BYTES = 64 * 1024;

function resolveFetch(config: ResolvedConfig): FetchLike {
  const found = config.fetch ?? (globalThis.fetch as FetchLike | undefined);
  if (typeof found !== "function") {
    throw new InvalidInputError("client options", [
      { path: "fetch", message: "is required: this runtime has no global fetch, so pass { fetch } to createPlexAuth" },
    ]);
  }
  return found;
}

function resolveBaseUrl(
  config: ResolvedConfig,
  operation: OperationDefinition<object, unknown, unknown>,
  options: RequestOptions,
): string {
  if (options.serverUrl !== undefined) return options.serverUrl;
  if (operation.host === "plexTv") return config.plexTvUrl;
  if (config.serverUrl !== undefined) return config.serverUrl;
  throw new InvalidInputError(
    `call to ${operation.name}`,
    [
      {
        path: "serverUrl",
        message: "is required: set serverUrl to your Plex Media Server, e.g. http://192.168.1.10:32400",
      },
    ],
    { operation: operation.name },
  );
}

async function resolveToken(
  config: ResolvedConfig,
  options: RequestOptions,
  operation: string,
  timeoutMs: number,
): Promise<string> {
  if (options.token !== undefined) return options.token;
  const source = config.token;
  if (source === undefined) {
    throw new InvalidInputError(
      `call to ${operation}`,
      [
        {
          path: "token",
          message: "is required: pass { token } to createPlexAuth or to this call (sign in first to get one)",
        },
      ],
      { operation },
    );
  }
  if (typeof source === "string") return source;
  // The token function is the caller's code (a vault, a refresh): it is held to the same timeout and
  // signal as the request, and what it throws is reported without its message, which may hold the very
  // secret it failed to produce.
  const bound = startAttemptSignal(options.signal, timeoutMs);
  try {
    return checkToken(await untilAborted(Promise.resolve().then(source), bound.signal), operation);
  } catch (error) {
    if (error instanceof PlexAuthError) throw error;
    if (bound.timedOut()) throw new TimeoutError(timeoutMs, { operation });
    if (options.signal?.aborted) throw new RequestAbortedError({ operation });
    throw new TokenSourceError(operation, error);
  } finally {
    bound.dispose();
  }
}

function failureOf(error: PlexAuthError): AttemptFailure | undefined {
  if (error instanceof TimeoutError) return { kind: "timeout" };
  if (error instanceof ConnectionError) return { kind: "network", neverReached: error.neverReached };
  return undefined;
}

function parseBody<Body>(operation: OperationDefinition<object, Body, unknown>, status: number, text: string): Body {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    const what = !text.trim()
      ? "is empty"
      : text.trimStart().startsWith("<")
        ? "is XML or HTML, not JSON (did something drop the Accept header?)"
        : "is not valid JSON";
    throw new ResponseValidationError(status, [{ path: "body", message: what }], { operation: operation.name });
  }
  const result = check(operation.response, data);
  if (!result.success) throw new ResponseValidationError(status, result.issues, { operation: operation.name });
  return result.output;
}

type Logger = (level: "debug" | "warn", message: string, details: Record<string, unknown>) => void;

// Undefined without a logger, so that `log?.(…)` does not even build the details on the hot path.
function makeLogger(config: ResolvedConfig, secrets: readonly string[]): Logger | undefined {
  if (!config.logger) return undefined;
  return (level, message, details) => {
    const sink = config.logger?.[level];
    if (!sink) return;
    try {
      sink.call(config.logger, message, redactValue(details, secrets) as Record<string, unknown>);
    } catch {
      // A broken logger must never break a request.
    }
  };
}

/**
 * Runs one operation call end to end: validates options and input (nothing is sent if either is wrong),
 * builds the request, sends it with a whole-request timeout per attempt, retries what the policy allows,
 * and returns the validated result or throws the matching {@link PlexAuthError}.
 */
export async function executeOperation<Input extends object, Body, Result>(
  config: ResolvedConfig,
  operation: OperationDefinition<Input, Body, Result>,
  rawInput: unknown,
  rawOptions: unknown,
): Promise<Result> {
  const name = operation.name;
  const options = resolveRequestOptions(rawOptions, name);
  const parsedInput = check(operation.input, rawInput ?? {});
  if (!parsedInput.success) throw new InvalidInputError(`input of ${name}`, parsedInput.issues, { operation: name });
  const input = parsedInput.output;
  const fetch = resolveFetch(config);
  const baseUrl = resolveBaseUrl(config, operation, options);
  const timeoutMs = options.timeoutMs ?? config.timeoutMs;
  const token = operation.requiresToken ? await resolveToken(config, options, name, timeoutMs) : undefined;

  const fields = input as Record<string, unknown>;
  const secrets = [token, ...operation.secretFields.map((field) => fields[field])].filter(
    (value): value is string => typeof value === "string",
  );
  const request = prepareRequest(config, operation, operation.encode(input), baseUrl, token);
  const policy = mergeRetry(config.retry, options.retry);
  const retryClass: EffectiveRetryClass = operation.singleUseFields.some((field) => fields[field] !== undefined)
    ? "never"
    : operation.retry;
  const log = makeLogger(config, secrets);
  const abortedError = () => new RequestAbortedError({ operation: name });

  for (let retriesDone = 0; ; retriesDone++) {
    if (options.signal?.aborted) throw abortedError();
    const attempt = startAttemptSignal(options.signal, timeoutMs);
    const context: AttemptContext = {
      operation: name,
      fetch,
      attempt,
      callerSignal: options.signal,
      timeoutMs,
      secrets,
    };
    const startedAt = Date.now();
    let retryDelayMs: number;
    let reason: string;
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
      log?.("debug", "plex-auth response", { operation: name, status, durationMs: Date.now() - startedAt });
      if (status >= 200 && status < 300) {
        const tooLarge = () => new ResponseTooLargeError(config.maxResponseBytes, { operation: name });
        const text = await readBodyCapped(response, config.maxResponseBytes, attempt.signal, tooLarge);
        return operation.toResult(parseBody(operation, status, text));
      }

      const decision = decideRetry(
        { kind: "status", status, retryAfterMs: parseRetryAfterMs(headers) },
        retryClass,
        retriesDone,
        policy,
      );
      if (!decision.retry) {
        // Only the start of an error body is needed (Plex's errors[] or an excerpt): a huge 502 page from a
        // proxy must still surface as the ServerError its status says, not as a size error.
        const limit = Math.min(MAX_ERROR_BODY_BYTES, config.maxResponseBytes);
        const text = await readBodyCapped(response, limit, attempt.signal, "truncate");
        throw errorFromResponse(status, text, headers, operation, secrets);
      }
      // The body of a response we retry is never read; releasing it frees the connection.
      cancelBody(response);
      retryDelayMs = decision.delayMs;
      reason = `HTTP ${status}`;
    } catch (error) {
      const thrown = toTransportError(error, context, request.url);
      const failure = failureOf(thrown);
      const decision = failure ? decideRetry(failure, retryClass, retriesDone, policy) : undefined;
      if (!decision?.retry) throw thrown;
      retryDelayMs = decision.delayMs;
      reason = thrown.code;
    } finally {
      attempt.dispose();
    }
    log?.("warn", "plex-auth retrying", { operation: name, attempt: retriesDone + 1, reason, delayMs: retryDelayMs });
    await sleep(retryDelayMs, options.signal, abortedError);
  }
}
