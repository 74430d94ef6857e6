import * as v from "valibot";
import type { PlexAuthCore } from "../client-core.ts";
import { InvalidInputError } from "../errors/local.ts";
import type { PlexAccount } from "../models/account.ts";
import { signOut } from "../operations/sign-out.ts";
import { integerBetween, isWebOrigin } from "../option-schemas.ts";
import { check } from "../validation.ts";
import { authAppUrlFields } from "./auth-app-url.ts";
import { ServerSignIns } from "./server-sign-ins.ts";
import { json } from "./sign-in-answers.ts";
import { cancel, type SignInRouteContext, start, status } from "./sign-in-routes.ts";

/** Options of {@link createPlexSignInHandler}. */
export interface PlexSignInHandlerOptions {
  /** The client whose identity the PINs carry (its `clientIdentifier` is the device Plex signs in). */
  core: PlexAuthCore;
  /**
   * Receives the new token and its account on the server once the person approves. Keep the token there
   * (a session of yours); it never goes to the browser. Return a `Response` to answer the browser's last
   * status request yourself (to set your session cookie, say); otherwise it gets
   * `{ status: "done", account: { uuid, username, title, thumb } }`. A throw answers 500, goes to
   * `onError`, and the token is signed out of plex.tv (nobody holds it).
   */
  onSignedIn: (
    token: string,
    account: PlexAccount,
    request: Request,
    // `unknown`: a callback with no return statement (void) must fit; only a Response is used.
  ) => unknown;
  /** Told what `onSignedIn` threw (your database being down, say), which the browser only sees as a 500. */
  onError?: ((error: unknown) => void) | undefined;
  /**
   * The origins your pages are served from (`https://my.app`): only they may start or cancel a sign-in, and
   * a `forwardUrl` must be on one of them. Default for starting: the origin of the request's own URL; a
   * `forwardUrl` then is refused, since that URL comes from a `Host` header any script can set.
   */
  allowedOrigins?: readonly string[] | undefined;
  /** Plex's auth app. Default `https://app.plex.tv/auth`; a test points it at the mock's `/auth` page. */
  authAppBaseUrl?: string | undefined;
  /** Sign-ins in progress at most; past it `start` answers 503. Default 1000. */
  maxPending?: number | undefined;
  /** plex.tv is asked about one sign-in at most once per this many ms, however often the browser asks. Default 1000. */
  pollIntervalMs?: number | undefined;
  /** The cookie that binds a sign-in to its browser (`__Host-` prefixed over https). Default `plex_auth_sign_in`. */
  cookieName?: string | undefined;
}

/** What the browser is told about a sign-in (`GET …/status`); `unknown` and `failed` come with a 404 or 5xx. */
export type SignInStatusBody =
  | { readonly status: "pending"; readonly expiresIn: number; readonly expiresAt: string }
  | { readonly status: "done"; readonly account: Readonly<Pick<PlexAccount, "uuid" | "username" | "title" | "thumb">> }
  | { readonly status: "expired" }
  | { readonly status: "unknown"; readonly message: string }
  | { readonly status: "failed"; readonly error: string; readonly message: string };

const optionsSchema = v.strictObject({
  core: v.custom<PlexAuthCore>((value) => typeof value === "object" && value !== null, "is required: a PlexAuthCore"),
  onSignedIn: v.function("is required: a function receiving (token, account, request)"),
  onError: v.optional(v.function("must be a function")),
  allowedOrigins: v.optional(
    v.array(v.pipe(v.string(), v.check(isWebOrigin, "must be web origins, like https://my.app"))),
  ),
  authAppBaseUrl: authAppUrlFields.baseUrl,
  maxPending: v.optional(integerBetween(1, 1_000_000), 1000),
  pollIntervalMs: v.optional(integerBetween(0, 60_000), 1000),
  cookieName: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, "must be letters, digits, _ or -")),
    "plex_auth_sign_in",
  ),
});

type Route = { method: string; run: (context: SignInRouteContext, request: Request) => Response | Promise<Response> };

const ROUTES: Readonly<Record<string, Route>> = {
  start: { method: "POST", run: start },
  status: { method: "GET", run: status },
  cancel: { method: "POST", run: cancel },
};

function routeContext(options: PlexSignInHandlerOptions): SignInRouteContext {
  const parsed = check(optionsSchema, options);
  if (!parsed.success) {
    const where = "options of createPlexSignInHandler";
    throw new InvalidInputError({ where, issues: parsed.issues, operation: "createPlexSignInHandler" });
  }
  const settings = parsed.output as Required<PlexSignInHandlerOptions>;
  const drop = (token: string) => void signOut(settings.core, undefined, { token }).catch(() => {});
  return {
    core: settings.core,
    onSignedIn: settings.onSignedIn,
    onError: settings.onError,
    allowedOrigins: settings.allowedOrigins,
    authAppBaseUrl: settings.authAppBaseUrl,
    pollIntervalMs: settings.pollIntervalMs,
    cookieName: settings.cookieName,
    signIns: new ServerSignIns(settings.maxPending, drop),
    drop,
  };
}

/**
 * "Sign in with Plex" for web apps, run on the server: a fetch handler (`(Request) => Promise<Response>`)
 * to mount under a path of yours (`/api/plex/*`), on any runtime with `Request` and `Response` (Node through
 * `toNodeListener` of `@plex-auth/node`, Deno, Bun, Workers). Routes, by the path's last segment:
 * - `POST …/start` (body `{}` or `{ "forwardUrl": "…" }`): creates a strong PIN on plex.tv with the page's
 *   `Origin` (Plex checks the auth app's `forwardUrl` against it), and answers 201
 *   `{ id, authUrl, code, expiresIn, expiresAt }`: open `authUrl` in a popup, or go there.
 * - `GET …/status` (the id in an `X-Plex-Sign-In-Id` header, or `?id=`): `{ status: "pending" | "done" |
 *   "expired" }`, asking plex.tv at most once per `pollIntervalMs`. On approval the token goes to
 *   `onSignedIn` on the server, never to the browser; the final answer carries `X-Plex-Sign-In: done`.
 * - `POST …/cancel` (the id likewise): forgets the sign-in (204).
 * The id is opaque, single-use, expires with the PIN, and is bound to the browser that started it by an
 * HttpOnly, SameSite=Strict cookie: another browser's request for it is answered as an unknown id. The
 * `Origin` check keeps other sites' pages from starting sign-ins in your users' browsers; it does not stop
 * a script, which can send any `Origin`: rate-limit `…/start` per client as you do your other endpoints.
 * plex.tv sees no browser, so its CORS does not matter.
 *
 * @example
 * ```ts
 * const plexSignIn = createPlexSignInHandler({
 *   core: createPlexAuthCore({ clientIdentifier: "my-web-app-3f1c…", product: "My Web App" }),
 *   allowedOrigins: ["https://my.app"],
 *   onSignedIn: async (token, account, request) => {
 *     const session = await sessions.create({ plexToken: token, user: account.uuid });
 *     return Response.json({ status: "done" }, { headers: { "Set-Cookie": session.cookie } });
 *   },
 * });
 * // In any fetch-handler server (a Worker's `fetch`, Deno's or Bun's `serve`, Node via toNodeListener):
 * const answer = (request: Request) =>
 *   new URL(request.url).pathname.startsWith("/api/plex/") ? plexSignIn(request) : app(request);
 * ```
 */
export function createPlexSignInHandler(options: PlexSignInHandlerOptions): (request: Request) => Promise<Response> {
  const context = routeContext(options);
  return async (request) => {
    const segment = new URL(request.url).pathname.replace(/\/+$/, "").split("/").pop() ?? "";
    const route = Object.hasOwn(ROUTES, segment) ? ROUTES[segment] : undefined;
    if (!route) {
      return json(404, { error: "not_found", message: "Not a sign-in route: use …/start, …/status or …/cancel." });
    }
    if (request.method !== route.method) {
      return json(405, { error: "method_not_allowed", message: `Use ${route.method}.` }, { Allow: route.method });
    }
    return route.run(context, request);
  };
}
