import { isHandle, randomHandle } from "./server-sign-ins.ts";

// Sign-in answers are about one person's sign-in: never cached by a browser or a proxy.
const NO_STORE = "no-store";
// A little past a strong PIN's 30 minutes: the cookie outlives every sign-in it binds.
const COOKIE_MAX_AGE_S = 31 * 60;

/** A JSON answer that no cache keeps. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": NO_STORE, ...headers },
  });
}

/** The app's own answer from `onSignedIn`, made uncacheable too. */
export function noStore(response: Response): Response {
  try {
    response.headers.set("Cache-Control", NO_STORE);
    return response;
  } catch {
    // Immutable headers (a Response.redirect, or one fetched elsewhere): copy it.
    const headers = new Headers(response.headers);
    headers.set("Cache-Control", NO_STORE);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

/** The browser secret in the request's cookie, if it carries a well-formed one. */
export function browserSecretOf(request: Request, cookieName: string): string | undefined {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const separator = part.indexOf("=");
    if (separator > 0 && part.slice(0, separator).trim() === cookieName) {
      const value = part.slice(separator + 1).trim();
      if (isHandle(value)) return value;
    }
  }
  return undefined;
}

/**
 * The browser's secret for a new sign-in: the one its cookie carries (so its tabs share it), or a new one
 * with the `Set-Cookie` that gives it. HttpOnly (no script reads it), SameSite=Strict (no other site's
 * request carries it), scoped to the handler's path, Secure over https.
 */
export function signInCookie(request: Request, cookieName: string): { secret: string; header: string | undefined } {
  const known = browserSecretOf(request, cookieName);
  if (known !== undefined) return { secret: known, header: undefined };
  const url = new URL(request.url);
  // The route is the last segment, a trailing slash ignored (as the handler routes): `…/start/` too.
  const pathname = url.pathname.replace(/\/+$/, "");
  const path = pathname.slice(0, pathname.lastIndexOf("/")) || "/";
  const secure = url.protocol === "https:" ? "; Secure" : "";
  const secret = randomHandle();
  return {
    secret,
    header: `${cookieName}=${secret}; Path=${path}; Max-Age=${COOKIE_MAX_AGE_S}; HttpOnly; SameSite=Strict${secure}`,
  };
}
