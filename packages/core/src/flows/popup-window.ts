import { InvalidInputError } from "../errors/local.ts";
import type { BrowserStorage } from "./pending-sign-in.ts";

/** The part of a popup window the sign-in uses. Any `Window` is one. */
export interface SignInPopup {
  readonly location: { href: string };
  readonly closed?: boolean | undefined;
  readonly document?: { title: string; body: { textContent: string | null } | null } | undefined;
  close(): void;
}

/**
 * The part of the browser the sign-in uses: `window` in a page. Tests (and unusual hosts such as an
 * extension's background page) pass their own.
 */
export interface SignInBrowser {
  open(url: string, target: string, features: string): SignInPopup | null;
  readonly location: { assign(url: string): void };
  readonly sessionStorage: BrowserStorage;
  readonly screenX?: number | undefined;
  readonly screenY?: number | undefined;
  readonly outerWidth?: number | undefined;
  readonly outerHeight?: number | undefined;
}

const POPUP_NAME = "plex-auth-sign-in";
const POPUP_WIDTH = 600;
const POPUP_HEIGHT = 700;

export function browserOf(options: { browser?: SignInBrowser | undefined }, operation: string): SignInBrowser {
  const browser = options.browser ?? (globalThis as unknown as Partial<SignInBrowser>);
  if (typeof browser.open === "function" && browser.sessionStorage && browser.location) return browser as SignInBrowser;
  throw new InvalidInputError({
    where: `options of ${operation}`,
    issues: [{ path: "browser", message: "is required outside a browser page: pass a window" }],
    operation,
  });
}

/** Centred over the page, sized for Plex's sign-in form. */
function popupFeatures(browser: SignInBrowser): string {
  const left = (browser.screenX ?? 0) + Math.max(0, ((browser.outerWidth ?? POPUP_WIDTH) - POPUP_WIDTH) / 2);
  const top = (browser.screenY ?? 0) + Math.max(0, ((browser.outerHeight ?? POPUP_HEIGHT) - POPUP_HEIGHT) / 2);
  return `popup=yes,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${Math.round(left)},top=${Math.round(top)}`;
}

// The popup is blank while the PIN is made: say so. A window already on another origin refuses; no matter.
export function showConnecting(popup: SignInPopup): void {
  try {
    if (!popup.document) return;
    popup.document.title = "Sign in with Plex";
    if (popup.document.body) popup.document.body.textContent = "Connecting to Plex…";
  } catch {
    // Cross-origin: nothing to show.
  }
}

export function closeQuietly(popup: SignInPopup): void {
  try {
    popup.close();
  } catch {
    // Under Cross-Origin-Opener-Policy the opener may have lost the window; it closes itself or the user does.
  }
}

/**
 * Opens the sign-in popup, blank until the PIN exists; `undefined` when the browser blocked it. Call it
 * synchronously inside the click: an await before it would lose the person's gesture, and the blocker wins.
 */
export function openSignInPopup(browser: SignInBrowser): SignInPopup | undefined {
  const popup = browser.open("about:blank", POPUP_NAME, popupFeatures(browser));
  // Some blockers hand back a window that is closed at once. Only now is `closed` true to its word: no
  // Cross-Origin-Opener-Policy page has been loaded into it yet.
  if (!popup || popup.closed === true) return undefined;
  showConnecting(popup);
  return popup;
}
