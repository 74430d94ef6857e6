import * as v from "valibot";
import { ApiError, PinExpiredError } from "../errors/api.ts";
import { ConnectionError, RequestAbortedError } from "../errors/local.ts";
import type { FetchLike } from "../options.ts";
import { startAttemptSignal } from "../transport/timeout.ts";
import { isHandle } from "./server-sign-ins.ts";
import { SIGN_IN_DONE_HEADER, SIGN_IN_ID_HEADER } from "./sign-in-answers.ts";

/** What `…/start` answered: the id to poll with, the auth app's URL, and the PIN's countdown. */
export interface StartedSignIn {
  readonly id: string;
  readonly authUrl: string;
  /** Seconds left when the server answered: a countdown, which no clock skew between the two shifts. */
  readonly expiresIn: number;
}

/** One status answer: still pending, done (the server's last answer), or a reason to back off. */
export type StatusAnswer = { kind: "pending" } | { kind: "done"; body: unknown } | { kind: "transient" };

export const SERVER_SIGN_IN = "signInWithPlexServer";
// One request to the app's own server: a hung one must not hold the wait past its deadline.
const REQUEST_TIMEOUT_MS = 30_000;
// A proxy or a rate limiter in front of the app: worth asking again, unlike the handler's own 4xx.
const TRANSIENT = new Set([408, 425, 429, 500, 502, 503, 504]);

const startedSchema = v.object({
  id: v.custom<string>((value) => typeof value === "string" && isHandle(value)),
  authUrl: v.pipe(v.string(), v.regex(/^https?:\/\//i)),
  expiresIn: v.pipe(v.number(), v.minValue(0), v.maxValue(31 * 60)),
});

type Body = { status?: unknown; message?: unknown } & Record<string, unknown>;

async function bodyOf(response: Response): Promise<Body> {
  const body: unknown = await response.json().catch(() => undefined);
  return typeof body === "object" && body !== null ? (body as Body) : {};
}

/** The server said no, for good: its message (the handler's hold no secret), cut short. */
export function serverError(status: number, body: { message?: unknown }): ApiError {
  const message =
    typeof body.message === "string" ? body.message.slice(0, 300) : `The sign-in server answered ${status}.`;
  return new ApiError({
    status,
    message: `${SERVER_SIGN_IN}: ${message}`,
    operation: SERVER_SIGN_IN,
    retryable: false,
  });
}

export function signInExpired(): PinExpiredError {
  return new PinExpiredError({
    status: 404,
    operation: SERVER_SIGN_IN,
    message: `${SERVER_SIGN_IN}: the sign-in expired before anyone approved it: start again.`,
  });
}

/** One request to the app's server, bounded by its own timeout as well as the caller's signal. */
async function send(
  fetch: FetchLike,
  url: string,
  init: RequestInit,
  signal: AbortSignal | undefined,
): Promise<Response> {
  const attempt = startAttemptSignal(signal, REQUEST_TIMEOUT_MS);
  try {
    return await fetch(url, { ...init, credentials: "same-origin", signal: attempt.signal } as RequestInit);
  } catch (error) {
    if (signal?.aborted) throw new RequestAbortedError({ operation: SERVER_SIGN_IN });
    const detail = attempt.timedOut()
      ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
      : String((error as Error)?.message ?? error);
    throw new ConnectionError({ origin: url.split("?")[0] as string, detail, operation: SERVER_SIGN_IN });
  } finally {
    attempt.dispose();
  }
}

/** `POST …/start`. */
export async function startOnServer(
  fetch: FetchLike,
  endpoint: string,
  forwardUrl: string | undefined,
  signal: AbortSignal | undefined,
): Promise<StartedSignIn> {
  const init = {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(forwardUrl === undefined ? {} : { forwardUrl }),
  };
  const response = await send(fetch, `${endpoint}/start`, init, signal);
  const body = await bodyOf(response);
  const started = v.safeParse(startedSchema, body);
  if (response.status !== 201 || !started.success) throw serverError(response.status, body);
  return started.output;
}

/**
 * `GET …/status`, the id in a header (kept out of URLs, so out of access logs). Done only when the
 * handler marked the answer so (or said `done`): a proxy's page or an app's fallback is never taken for it.
 */
export async function askServer(
  fetch: FetchLike,
  endpoint: string,
  id: string,
  signal: AbortSignal | undefined,
): Promise<StatusAnswer> {
  const init = { headers: { Accept: "application/json", [SIGN_IN_ID_HEADER]: id }, cache: "no-store" as const };
  const response = await send(fetch, `${endpoint}/status`, init, signal);
  const body = await bodyOf(response);
  if (body.status === "expired") throw signInExpired();
  if (body.status === "failed" || body.status === "unknown") throw serverError(response.status, body);
  if (response.ok && (response.headers.get(SIGN_IN_DONE_HEADER) === "done" || body.status === "done")) {
    return { kind: "done", body };
  }
  if (response.ok && body.status === "pending") return { kind: "pending" };
  if (response.ok || TRANSIENT.has(response.status)) return { kind: "transient" };
  throw serverError(response.status, body);
}

/** `POST …/cancel`, best effort: the server forgets the sign-in at its expiry anyway. */
export function cancelOnServer(fetch: FetchLike, endpoint: string, id: string): void {
  const init = { method: "POST", headers: { [SIGN_IN_ID_HEADER]: id } };
  void send(fetch, `${endpoint}/cancel`, init, undefined).catch(() => {});
}
