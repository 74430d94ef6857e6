import { AUTH_PAGE_CSP, authPageHtml } from "../render/auth-page.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /auth`: the mock's stand-in for Plex's auth app (`https://app.plex.tv/auth#?…`). Point a browser (or
 * a Playwright test) at `${mock.baseUrl}/auth#?clientID=…&code=…&forwardUrl=…` and click an account. With
 * `authPageOpenerPolicy` it sends that `Cross-Origin-Opener-Policy`, as Plex web once did.
 */
export const authPageRoute: RouteHandler = ({ state, successStatus }) => {
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "content-security-policy": AUTH_PAGE_CSP,
    "cache-control": "no-store",
  };
  if (state.authPageOpenerPolicy !== undefined) headers["cross-origin-opener-policy"] = state.authPageOpenerPolicy;
  return new Response(authPageHtml(state.accounts), { status: successStatus, headers });
};
