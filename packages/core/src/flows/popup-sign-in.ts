import * as v from "valibot";
import { configOf, type PlexAuthCore } from "../client-core.ts";
import { InvalidInputError, PopupBlockedError } from "../errors/local.ts";
import type { ApprovedPlexPin } from "../models/pin.ts";
import { createOAuthPin } from "../operations/create-oauth-pin.ts";
import { integerBetween } from "../option-schemas.ts";
import { check } from "../validation.ts";
import { authAppUrl, authAppUrlFields } from "./auth-app-url.ts";
import { forgetPendingSignIn, readPendingSignIn, rememberPendingSignIn } from "./pending-sign-in.ts";
import { browserOf, closeQuietly, openSignInPopup, type SignInBrowser, type SignInPopup } from "./popup-window.ts";
import { type PinPoll, waitForOAuthPin } from "./wait-for-pin.ts";

/** Options of {@link signInWithPlexPopup}. */
export interface PopupSignInOptions {
  /**
   * Where Plex sends the browser back to when the popup is blocked and the sign-in goes on as a redirect
   * (a page of yours that calls {@link resumePlexSignIn}). Without it a blocked popup is a `PopupBlockedError`.
   */
  forwardUrl?: string | undefined;
  /** Stops the sign-in (and closes the popup) with `RequestAbortedError`. */
  signal?: AbortSignal | undefined;
  /** Plex's auth app. Default `https://app.plex.tv/auth`; a test points it at the mock's `/auth` page. */
  authAppBaseUrl?: string | undefined;
  /** Time between polls. Default 1000 ms, as Plex asks. */
  intervalMs?: number | undefined;
  /** Called after every poll (a progress display). */
  onPoll?: ((poll: PinPoll) => void) | undefined;
  /** The browser. Default `globalThis` (the page's `window`). */
  browser?: SignInBrowser | undefined;
}

/** Options of {@link resumePlexSignIn}. */
export type ResumeSignInOptions = Pick<PopupSignInOptions, "signal" | "intervalMs" | "onPoll" | "browser">;

/** How {@link signInWithPlexPopup} ended: signed in (the token is `pin.authToken`), or gone to Plex. */
export type PopupSignInResult =
  | { readonly status: "signed-in"; readonly pin: ApprovedPlexPin }
  | { readonly status: "redirecting" };

const optionsSchema = v.strictObject({
  forwardUrl: authAppUrlFields.forwardUrl,
  signal: v.optional(
    v.custom<AbortSignal>((value) => value instanceof Object && "aborted" in value, "must be an AbortSignal"),
  ),
  authAppBaseUrl: authAppUrlFields.baseUrl,
  intervalMs: v.optional(integerBetween(100, 60_000)),
  onPoll: v.optional(v.function("must be a function")),
  browser: v.optional(
    v.custom<SignInBrowser>(
      (value) => typeof (value as { open?: unknown } | null)?.open === "function",
      "must be a browser window (with open, location and sessionStorage)",
    ),
  ),
});

function checkedOptions<T extends object>(options: T, operation: string): T {
  const parsed = check(optionsSchema, options);
  if (parsed.success) return options;
  throw new InvalidInputError({ where: `options of ${operation}`, issues: parsed.issues, operation });
}

async function signInInPopup(
  core: PlexAuthCore,
  popup: SignInPopup,
  options: PopupSignInOptions,
): Promise<PopupSignInResult> {
  const { signal, intervalMs, onPoll } = options;
  try {
    const pin = await createOAuthPin(core, { strong: true }, { signal });
    popup.location.href = authAppUrl(core, pin, { baseUrl: options.authAppBaseUrl });
    // Never `popup.closed`: under COOP it reads true while the person is still signing in (Seerr #2939).
    // The PIN's own expiry, or the caller's signal, ends the wait.
    const approved = await waitForOAuthPin(core, pin, { signal, intervalMs, onPoll });
    return { status: "signed-in", pin: approved };
  } finally {
    closeQuietly(popup);
  }
}

async function signInByRedirect(
  core: PlexAuthCore,
  browser: SignInBrowser,
  forwardUrl: string,
  options: PopupSignInOptions,
): Promise<PopupSignInResult> {
  const pin = await createOAuthPin(core, { strong: true }, { signal: options.signal });
  const url = authAppUrl(core, pin, { forwardUrl, baseUrl: options.authAppBaseUrl });
  rememberPendingSignIn(browser.sessionStorage, configOf(core).identity.clientIdentifier, pin);
  browser.location.assign(url);
  return { status: "redirecting" };
}

/**
 * "Sign in with Plex" from a web page. Call it straight from a click handler: it opens the popup before
 * anything else (so popup blockers allow it), creates a strong PIN, points the popup at Plex's auth app,
 * polls until the person approves, closes the popup and resolves `{ status: "signed-in", pin }`, the token
 * being `pin.authToken`. It never reads `popup.closed` (Cross-Origin-Opener-Policy makes it lie): a popup
 * the person closes ends the wait when the PIN expires, or when `signal` aborts. When the browser blocks
 * the popup it goes on as a redirect to `forwardUrl` (resolving `{ status: "redirecting" }` as the page
 * leaves; call {@link resumePlexSignIn} when it loads again), or rejects with `PopupBlockedError` without
 * one. Only the PIN's id and code are kept, in `sessionStorage`, and only for the redirect; the token is
 * never stored. plex.tv must answer the browser's CORS requests; where it does not, use the server-side
 * `createPlexSignInHandler` instead.
 *
 * @example
 * ```ts
 * const plex = createPlexAuthCore({ clientIdentifier: storedClientId(), product: "My Web App" });
 * button.addEventListener("click", async () => {
 *   const result = await signInWithPlexPopup(plex, { forwardUrl: location.href });
 *   if (result.status === "signed-in") keepInMemory(result.pin.authToken);
 * });
 * ```
 */
export function signInWithPlexPopup(core: PlexAuthCore, options: PopupSignInOptions = {}): Promise<PopupSignInResult> {
  const operation = "signInWithPlexPopup";
  let popup: SignInPopup | undefined;
  let browser: SignInBrowser;
  try {
    browser = browserOf(checkedOptions(options, operation), operation);
    popup = openSignInPopup(browser);
  } catch (error) {
    return Promise.reject(error);
  }
  if (popup) return signInInPopup(core, popup, options);
  if (options.forwardUrl === undefined) return Promise.reject(new PopupBlockedError({ operation }));
  return signInByRedirect(core, browser, options.forwardUrl, options);
}

/**
 * Finishes a sign-in that {@link signInWithPlexPopup} continued as a redirect: call it when the page at
 * `forwardUrl` loads. Resolves `undefined` when no sign-in is pending in this tab (for this client
 * identifier), else polls the PIN kept in `sessionStorage` and resolves the approved PIN, its `authToken`
 * the token; the kept PIN is forgotten however the wait ends (approved, expired, aborted).
 *
 * @example
 * ```ts
 * const approved = await resumePlexSignIn(plex);
 * if (approved) keepInMemory(approved.authToken);
 * ```
 */
export async function resumePlexSignIn(
  core: PlexAuthCore,
  options: ResumeSignInOptions = {},
): Promise<ApprovedPlexPin | undefined> {
  const operation = "resumePlexSignIn";
  const browser = browserOf(checkedOptions(options, operation), operation);
  const clientIdentifier = configOf(core).identity.clientIdentifier;
  const pending = readPendingSignIn(browser.sessionStorage, clientIdentifier);
  if (!pending) return undefined;
  try {
    const { signal, intervalMs, onPoll } = options;
    return await waitForOAuthPin(core, pending, { signal, intervalMs, onPoll });
  } finally {
    forgetPendingSignIn(browser.sessionStorage);
  }
}
