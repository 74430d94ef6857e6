import { AUTH_PAGE_CSP, authPageHtml } from "../render/auth-page.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /auth`: the mock's stand-in for Plex's auth app (`https://app.plex.tv/auth#?…`). Point a browser (or
 * a Playwright test) at `${mock.baseUrl}/auth#?clientID=…&code=…&forwardUrl=…` and click an account.
 */
export const authPageRoute: RouteHandler = ({ state, successStatus }) =>
  new Response(authPageHtml(state.accounts), {
    status: successStatus,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-security-policy": AUTH_PAGE_CSP,
      "cache-control": "no-store",
    },
  });
