import { PlexAuthError } from "../errors/base.ts";
import { isHandle, randomHandle } from "./server-sign-ins.ts";

// Sign-in answers are about one person's sign-in: never cached by a browser or a proxy.
const NO_STORE = "no-store";
// A little past a strong PIN's 30 minutes, from the latest start: the cookie outlives every sign-in it binds.
const COOKIE_MAX_AGE_S = 31 * 60;

/**
 * The header that marks a sign-in's final answer (the handler's own, or the `Response` of `onSignedIn`),
 * so the browser half never takes some other 200 (a proxy's page, an app's fallback) for "signed in".
 */
export const SIGN_IN_DONE_HEADER = "X-Plex-Sign-In";
/** The header the browser half sends the sign-in id in (kept out of URLs, so out of access logs). */
export const SIGN_IN_ID_HEADER = "X-Plex-Sign-In-Id";

/** A JSON answer that no cache keeps. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": NO_STORE, ...headers },
  });
}

/** Whether a value is a `Response`, from this realm or another (undici's, a framework's polyfill). */
export function isResponse(value: unknown): value is Response {
  const candidate = value as Partial<Response> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.status === "number" &&
    typeof candidate.headers?.get === "function" &&
    "body" in candidate
  );
}

/** The app's own final answer from `onSignedIn`: uncacheable, and marked as the final one. */
export function asFinalAnswer(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set("Cache-Control", NO_STORE);
  headers.set(SIGN_IN_DONE_HEADER, "done");
  // Copied: a Response.redirect's or a fetched Response's headers cannot be changed in place.
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

export function refusedOrigin(): Response {
  return json(403, {
    error: "origin_not_allowed",
    message: "This page's origin may not start a Plex sign-in here: add it to allowedOrigins.",
  });
}

export function unknownSignIn(): Response {
  return json(404, {
    status: "unknown",
    message: "No such sign-in for this browser: it was finished, cancelled or never started here. Start again.",
  });
}

/** plex.tv failed the sign-in for good: the browser is told why (core's messages hold no secret). */
export function signInFailed(error: unknown): Response {
  const code = error instanceof PlexAuthError ? error.code : "plex_auth_error";
  const message = error instanceof PlexAuthError ? error.message : "The sign-in failed on the server.";
  return json(502, { status: "failed", error: code, message });
}

/** The sign-in id of a status or cancel request: its header, else `?id=`. */
export function signInIdOf(request: Request): string | null {
  return request.headers.get(SIGN_IN_ID_HEADER) ?? new URL(request.url).searchParams.get("id");
}

function cookieValue(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === name) {
      const value = part.slice(separator + 1).trim();
      if (isHandle(value)) return value;
    }
  }
  return undefined;
}

/** The browser secret in the request's cookie, if it carries a well-formed one (`__Host-` first). */
export function browserSecretOf(request: Request, cookieName: string): string | undefined {
  return cookieValue(request, `__Host-${cookieName}`) ?? cookieValue(request, cookieName);
}

/**
 * The browser's secret for a new sign-in (the one its cookie carries, so its tabs share it, else a new
 * one), and the `Set-Cookie` that gives it a fresh lifetime. HttpOnly (no script reads it),
 * SameSite=Strict (no other site's request carries it). Over https (the page's, which a TLS-terminating
 * proxy may hide from the request's URL) it is `__Host-` and Secure, so no sibling subdomain can plant
 * one; over plain http (development) it is scoped to the handler's path.
 */
export function signInCookie(request: Request, cookieName: string): { secret: string; header: string } {
  const secret = browserSecretOf(request, cookieName) ?? randomHandle();
  const url = new URL(request.url);
  const secure = url.protocol === "https:" || (request.headers.get("origin") ?? "").startsWith("https:");
  if (secure) {
    return {
      secret,
      header: `__Host-${cookieName}=${secret}; Path=/; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict; Secure`,
    };
  }
  // The mount directory: `…/start` (or `…/start/`) is the handler's, so is everything beside it.
  const pathname = url.pathname.replace(/\/+$/, "");
  const path = pathname.slice(0, pathname.lastIndexOf("/")) || "/";
  return {
    secret,
    header: `${cookieName}=${secret}; Path=${path}; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict`,
  };
}
