import * as v from "valibot";
import { ConnectionError, InvalidInputError, PopupBlockedError, RequestAbortedError } from "../errors/local.ts";
import { integerBetween } from "../option-schemas.ts";
import type { FetchLike } from "../options.ts";
import { sleep } from "../transport/timeout.ts";
import { check } from "../validation.ts";
import { authAppUrlFields } from "./auth-app-url.ts";
import type { BrowserStorage } from "./pending-sign-in.ts";
import { browserOf, closeQuietly, openSignInPopup, type SignInBrowser, type SignInPopup } from "./popup-window.ts";
import {
  askServer,
  cancelOnServer,
  SERVER_SIGN_IN,
  type StartedSignIn,
  signInExpired,
  startOnServer,
} from "./server-sign-in-requests.ts";
import { isHandle } from "./server-sign-ins.ts";

/** Options of {@link signInWithPlexServer} and {@link resumePlexSignInWithServer}. */
export interface ServerSignInOptions {
  /**
   * A page of yours Plex sends the browser back to when the popup is blocked and the sign-in goes on as a
   * redirect; that page calls {@link resumePlexSignInWithServer}. It must be on one of the handler's
   * `allowedOrigins`. Without it a blocked popup is a `PopupBlockedError`.
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

/** The `sessionStorage` key of a sign-in on the server waiting for the redirect back: its id, never a token. */
export const PENDING_SERVER_SIGN_IN_KEY = "plex-auth:pending-server-sign-in";

// Past the PIN's expiry the server answers "expired"; a little slack for the requests in between.
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

// Same-origin only: the handler's cookie is SameSite=Strict and sent with `credentials: "same-origin"`.
const endpointSchema = v.pipe(
  v.string("is required: the path the sign-in handler is mounted at, like /api/plex"),
  v.regex(/^\/(?!\/)[^\s?#]*$/, "must be a path on this site, like /api/plex (no host, query or fragment)"),
  v.transform((value) => value.replace(/\/+$/, "")),
);

const storedSchema = v.object({ endpoint: v.string(), id: v.string(), expiresAt: v.number() });

function checked(endpoint: unknown, options: ServerSignInOptions, operation: string) {
  const parsedEndpoint = check(endpointSchema, endpoint);
  const parsedOptions = check(optionsSchema, options);
  const fetch = options.fetch ?? (globalThis.fetch?.bind(globalThis) as FetchLike | undefined);
  if (parsedEndpoint.success && parsedOptions.success && fetch) {
    return { endpoint: parsedEndpoint.output, fetch, browser: browserOf(options, operation) };
  }
  const issues = [
    ...(parsedEndpoint.success ? [] : parsedEndpoint.issues.map((issue) => ({ ...issue, path: "endpoint" }))),
    ...(parsedOptions.success ? [] : parsedOptions.issues),
    ...(fetch ? [] : [{ path: "fetch", message: "is required: this runtime has none" }]),
  ];
  throw new InvalidInputError({ where: `input of ${operation}`, issues, operation });
}

/** Asks the server about the sign-in until it is done or expired, or the signal or the deadline stops it. */
async function waitOnServer(
  fetch: FetchLike,
  endpoint: string,
  id: string,
  deadline: number,
  options: ServerSignInOptions,
): Promise<unknown> {
  const { signal } = options;
  const intervalMs = options.intervalMs ?? 1000;
  const aborted = () => new RequestAbortedError({ operation: SERVER_SIGN_IN });
  // Bounded by the deadline: every turn waits at least intervalMs (100 ms or more).
  for (let failures = 0; ; ) {
    if (signal?.aborted) throw aborted();
    if (Date.now() >= deadline) throw signInExpired();
    let answer: Awaited<ReturnType<typeof askServer>>;
    try {
      answer = await askServer(fetch, endpoint, id, signal);
    } catch (error) {
      if (signal?.aborted) throw aborted();
      // The network, or no answer in time: ask again; a refusal from the server is final.
      if (!(error instanceof ConnectionError)) throw error;
      answer = { kind: "transient" };
    }
    if (answer.kind === "done") return answer.body;
    failures = answer.kind === "pending" ? 0 : failures + 1;
    const waitMs = failures > 0 ? Math.min(intervalMs * 2 ** failures, MAX_BACKOFF_MS) : intervalMs;
    await sleep(Math.min(waitMs, Math.max(0, deadline - Date.now())), signal, aborted);
  }
}

const deadlineOf = (started: StartedSignIn) => Date.now() + started.expiresIn * 1000 + DEADLINE_SLACK_MS;

async function inPopup(
  fetch: FetchLike,
  endpoint: string,
  popup: SignInPopup,
  options: ServerSignInOptions,
): Promise<ServerSignInResult> {
  let started: StartedSignIn | undefined;
  try {
    // Not the caller's signal: a sign-in started while it aborts must still be cancelled on the server.
    started = await startOnServer(fetch, endpoint, undefined, undefined);
    if (options.signal?.aborted) throw new RequestAbortedError({ operation: SERVER_SIGN_IN });
    popup.location.href = started.authUrl;
    const body = await waitOnServer(fetch, endpoint, started.id, deadlineOf(started), options);
    return { status: "signed-in", body };
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
  const kept = { endpoint, id: started.id, expiresAt: deadlineOf(started) };
  browser.sessionStorage.setItem(PENDING_SERVER_SIGN_IN_KEY, JSON.stringify(kept));
  browser.location.assign(started.authUrl);
  return { status: "redirecting" };
}

/**
 * The browser half of `createPlexSignInHandler`: call it straight from a click handler with the path the
 * handler is mounted at (same site). It opens the popup first (so blockers allow it), asks the server to
 * start a sign-in, shows Plex's auth app in the popup, asks the server about it until the person approves,
 * closes the popup (where Cross-Origin-Opener-Policy has not taken it from the page), and resolves
 * `{ status: "signed-in", body }` with the server's last answer (the account by default, or what your
 * `onSignedIn` returned). The token stays on the server. A popup the person closes is never taken for a
 * cancel (COOP makes `popup.closed` lie): the PIN's expiry or `signal` ends the wait. A blocked popup
 * becomes a redirect to Plex and back to `forwardUrl`, whose page calls {@link resumePlexSignInWithServer};
 * without `forwardUrl` it is a `PopupBlockedError`. Every request has its own 30 s timeout; the network
 * failing or the server answering 5xx/429 is retried with backoff until the PIN expires.
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
    resolved = checked(endpoint, options, SERVER_SIGN_IN);
    popup = openSignInPopup(resolved.browser);
  } catch (error) {
    return Promise.reject(error);
  }
  const { fetch, browser } = resolved;
  if (popup) return inPopup(fetch, resolved.endpoint, popup, options);
  if (options.forwardUrl === undefined) return Promise.reject(new PopupBlockedError({ operation: SERVER_SIGN_IN }));
  return byRedirect(fetch, resolved.endpoint, browser, options.forwardUrl, options.signal);
}

function takePending(storage: BrowserStorage, endpoint: string): { id: string; expiresAt: number } | undefined {
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
  return kept.success && isHandle(kept.output.id) ? kept.output : undefined;
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
    return await waitOnServer(resolved.fetch, resolved.endpoint, pending.id, pending.expiresAt, options);
  } catch (error) {
    if (error instanceof RequestAbortedError) cancelOnServer(resolved.fetch, resolved.endpoint, pending.id);
    throw error;
  }
}
