import * as v from "valibot";
import { ApiError, PinExpiredError } from "../errors/api.ts";
import { InvalidInputError, PopupBlockedError, RequestAbortedError } from "../errors/local.ts";
import { integerBetween } from "../option-schemas.ts";
import type { FetchLike } from "../options.ts";
import { sleep } from "../transport/timeout.ts";
import { check } from "../validation.ts";
import { authAppUrlFields } from "./auth-app-url.ts";
import type { BrowserStorage } from "./pending-sign-in.ts";
import { browserOf, closeQuietly, openSignInPopup, type SignInBrowser, type SignInPopup } from "./popup-window.ts";
import { isHandle } from "./server-sign-ins.ts";

/** Options of {@link signInWithPlexServer} and {@link resumePlexSignInWithServer}. */
export interface ServerSignInOptions {
  /**
   * A page of yours Plex sends the browser back to when the popup is blocked and the sign-in goes on as a
   * redirect; that page calls {@link resumePlexSignInWithServer}. Without it a blocked popup is a
   * `PopupBlockedError`.
   */
  forwardUrl?: string | undefined;
  /** Stops the sign-in, closes the popup and cancels it on the server, with `RequestAbortedError`. */
  signal?: AbortSignal | undefined;
  /** Time between status requests. Default 1000 ms. */
  intervalMs?: number | undefined;
  /** The browser. Default `globalThis` (the page's `window`). */
  browser?: SignInBrowser | undefined;
  /** The fetch the page uses. Default the global one. */
  fetch?: FetchLike | undefined;
}

/** How {@link signInWithPlexServer} ended: signed in on the server (`body`: its last answer), or gone to Plex. */
export type ServerSignInResult =
  | { readonly status: "signed-in"; readonly body: unknown }
  | { readonly status: "redirecting" };

interface Started {
  readonly id: string;
  readonly authUrl: string;
  readonly expiresAt: string;
}

/** The `sessionStorage` key of a sign-in on the server waiting for the redirect back: its id, never a token. */
export const PENDING_SERVER_SIGN_IN_KEY = "plex-auth:pending-server-sign-in";

const OPERATION = "signInWithPlexServer";
// Past the PIN's expiry the server answers "expired"; a little slack for its clock.
const DEADLINE_SLACK_MS = 60_000;
const MAX_BACKOFF_MS = 15_000;

const optionsSchema = v.strictObject({
  forwardUrl: authAppUrlFields.forwardUrl,
  signal: v.optional(
    v.custom<AbortSignal>((value) => value instanceof Object && "aborted" in value, "must be an AbortSignal"),
  ),
  intervalMs: v.optional(integerBetween(100, 60_000)),
  browser: v.optional(
    v.custom<SignInBrowser>((value) => typeof value === "object" && value !== null, "must be a window"),
  ),
  fetch: v.optional(v.function("must be a fetch function")),
});

const endpointSchema = v.pipe(
  v.string("is required: the path the sign-in handler is mounted at, like /api/plex"),
  v.regex(/^(https?:\/\/[^\s]+|\/[^\s]*)$/i, "must be a path like /api/plex, or an http(s) URL"),
  v.transform((value) => value.replace(/\/+$/, "")),
);

const startedSchema = v.object({
  id: v.custom<string>((value) => typeof value === "string" && isHandle(value)),
  authUrl: v.pipe(v.string(), v.regex(/^https?:\/\//i)),
  expiresAt: v.string(),
});

const storedSchema = v.object({ endpoint: v.string(), id: v.string(), expiresAt: v.string() });

function checked(endpoint: unknown, options: ServerSignInOptions, operation: string) {
  const parsedEndpoint = check(endpointSchema, endpoint);
  const parsedOptions = check(optionsSchema, options);
  if (parsedEndpoint.success && parsedOptions.success) {
    const fetch = options.fetch ?? (globalThis.fetch?.bind(globalThis) as FetchLike | undefined);
    if (fetch) return { endpoint: parsedEndpoint.output, fetch, browser: browserOf(options, operation) };
  }
  const issues = [
    ...(parsedEndpoint.success ? [] : parsedEndpoint.issues.map((issue) => ({ ...issue, path: "endpoint" }))),
    ...(parsedOptions.success ? [] : parsedOptions.issues),
    ...(parsedEndpoint.success && parsedOptions.success
      ? [{ path: "fetch", message: "is required: this runtime has none" }]
      : []),
  ];
  throw new InvalidInputError({ where: `input of ${operation}`, issues, operation });
}

async function answerOf(
  response: Response,
): Promise<{ status?: unknown; message?: unknown } & Record<string, unknown>> {
  const body: unknown = await response.json().catch(() => undefined);
  return typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
}

function serverError(status: number, body: { message?: unknown }): ApiError {
  const message =
    typeof body.message === "string" ? body.message.slice(0, 300) : `The sign-in server answered ${status}.`;
  return new ApiError({ status, message: `${OPERATION}: ${message}`, operation: OPERATION });
}

async function startOnServer(
  fetch: FetchLike,
  endpoint: string,
  forwardUrl: string | undefined,
  signal?: AbortSignal,
): Promise<Started> {
  const response = await fetch(`${endpoint}/start`, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(forwardUrl === undefined ? {} : { forwardUrl }),
    credentials: "same-origin",
    signal,
  } as RequestInit);
  const body = await answerOf(response);
  const started = v.safeParse(startedSchema, body);
  if (response.status !== 201 || !started.success) throw serverError(response.status, body);
  return started.output;
}

function expired(): PinExpiredError {
  return new PinExpiredError({
    status: 404,
    operation: OPERATION,
    message: `${OPERATION}: the sign-in expired before anyone approved it: start again.`,
  });
}

/** Asks the server about the sign-in until it is done, expired, or the signal or the PIN's expiry stops it. */
async function waitOnServer(
  fetch: FetchLike,
  endpoint: string,
  started: Started,
  options: ServerSignInOptions,
): Promise<unknown> {
  const { signal } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const deadline = (Date.parse(started.expiresAt) || Date.now() + 30 * 60_000) + DEADLINE_SLACK_MS;
  const aborted = () => new RequestAbortedError({ operation: OPERATION });
  const url = `${endpoint}/status?id=${encodeURIComponent(started.id)}`;
  for (let failures = 0; ; ) {
    if (signal?.aborted) throw aborted();
    if (Date.now() >= deadline) throw expired();
    let waitMs = intervalMs;
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        cache: "no-store",
        signal,
      } as RequestInit);
      const body = await answerOf(response);
      if (response.ok && body.status === "expired") throw expired();
      if (response.ok && body.status !== "pending") return body;
      if (!response.ok && response.status < 500) throw serverError(response.status, body);
      failures = response.ok ? 0 : failures + 1;
    } catch (error) {
      if (error instanceof ApiError || signal?.aborted) throw signal?.aborted ? aborted() : error;
      failures++;
    }
    // The server (or the network) failing: back off, never past the deadline.
    if (failures > 0) waitMs = Math.min(intervalMs * 2 ** failures, MAX_BACKOFF_MS);
    await sleep(Math.min(waitMs, Math.max(0, deadline - Date.now())), signal, aborted);
  }
}

function cancelOnServer(fetch: FetchLike, endpoint: string, id: string): void {
  void Promise.resolve()
    .then(() =>
      fetch(`${endpoint}/cancel?id=${encodeURIComponent(id)}`, {
        method: "POST",
        credentials: "same-origin",
      } as RequestInit),
    )
    .catch(() => {});
}

async function inPopup(
  fetch: FetchLike,
  endpoint: string,
  popup: SignInPopup,
  options: ServerSignInOptions,
): Promise<ServerSignInResult> {
  let started: Started | undefined;
  try {
    started = await startOnServer(fetch, endpoint, undefined, options.signal);
    popup.location.href = started.authUrl;
    return { status: "signed-in", body: await waitOnServer(fetch, endpoint, started, options) };
  } catch (error) {
    if (started && error instanceof RequestAbortedError) cancelOnServer(fetch, endpoint, started.id);
    throw error;
  } finally {
    closeQuietly(popup);
  }
}

async function byRedirect(
  fetch: FetchLike,
  endpoint: string,
  browser: SignInBrowser,
  forwardUrl: string,
  signal?: AbortSignal,
): Promise<ServerSignInResult> {
  const started = await startOnServer(fetch, endpoint, forwardUrl, signal);
  const kept = { endpoint, id: started.id, expiresAt: started.expiresAt };
  browser.sessionStorage.setItem(PENDING_SERVER_SIGN_IN_KEY, JSON.stringify(kept));
  browser.location.assign(started.authUrl);
  return { status: "redirecting" };
}

/**
 * The browser half of `createPlexSignInHandler`: call it straight from a click handler with the path the
 * handler is mounted at. It opens the popup first (so blockers allow it), asks the server to start a
 * sign-in, shows Plex's auth app in the popup, asks the server about it until the person approves, closes
 * the popup, and resolves `{ status: "signed-in", body }` with the server's last answer (the account by
 * default, or what your `onSignedIn` returned). The token stays on the server. A popup the person closes
 * is never taken for a cancel (COOP makes `popup.closed` lie): the PIN's expiry or `signal` ends the wait.
 * A blocked popup becomes a redirect to Plex and back to `forwardUrl`, whose page calls
 * {@link resumePlexSignInWithServer}; without `forwardUrl` it is a `PopupBlockedError`.
 *
 * @example
 * ```ts
 * button.addEventListener("click", async () => {
 *   const result = await signInWithPlexServer("/api/plex", { forwardUrl: location.href });
 *   if (result.status === "signed-in") location.reload(); // your session cookie is set
 * });
 * ```
 */
export function signInWithPlexServer(endpoint: string, options: ServerSignInOptions = {}): Promise<ServerSignInResult> {
  let popup: SignInPopup | undefined;
  let resolved: ReturnType<typeof checked>;
  try {
    resolved = checked(endpoint, options, OPERATION);
    popup = openSignInPopup(resolved.browser);
  } catch (error) {
    return Promise.reject(error);
  }
  const { fetch, browser } = resolved;
  if (popup) return inPopup(fetch, resolved.endpoint, popup, options);
  if (options.forwardUrl === undefined) return Promise.reject(new PopupBlockedError({ operation: OPERATION }));
  return byRedirect(fetch, resolved.endpoint, browser, options.forwardUrl, options.signal);
}

function takePending(storage: BrowserStorage, endpoint: string): Started | undefined {
  const raw = storage.getItem(PENDING_SERVER_SIGN_IN_KEY);
  if (raw === null) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const kept = v.safeParse(storedSchema, parsed);
  if (kept.success && kept.output.endpoint !== endpoint) return undefined;
  storage.removeItem(PENDING_SERVER_SIGN_IN_KEY);
  return kept.success && isHandle(kept.output.id) ? { ...kept.output, authUrl: "" } : undefined;
}

/**
 * Finishes a sign-in that {@link signInWithPlexServer} continued as a redirect: call it when the page at
 * `forwardUrl` loads. Resolves `undefined` when none is pending in this tab for this endpoint, else asks
 * the server until it is done and resolves the server's last answer. The kept id is forgotten at once.
 *
 * @example
 * ```ts
 * const body = await resumePlexSignInWithServer("/api/plex");
 * if (body) showSignedIn(body);
 * ```
 */
export async function resumePlexSignInWithServer(
  endpoint: string,
  options: ServerSignInOptions = {},
): Promise<unknown> {
  const operation = "resumePlexSignInWithServer";
  const resolved = checked(endpoint, options, operation);
  const pending = takePending(resolved.browser.sessionStorage, resolved.endpoint);
  if (!pending) return undefined;
  try {
    return await waitOnServer(resolved.fetch, resolved.endpoint, pending, options);
  } catch (error) {
    if (error instanceof RequestAbortedError) cancelOnServer(resolved.fetch, resolved.endpoint, pending.id);
    throw error;
  }
}
