import * as v from "valibot";
import type { PlexAuthCore } from "../client-core.ts";
import { PinExpiredError } from "../errors/api.ts";
import { PlexAuthError } from "../errors/base.ts";
import { InvalidInputError } from "../errors/local.ts";
import type { PlexAccount } from "../models/account.ts";
import { createOAuthPin } from "../operations/create-oauth-pin.ts";
import { getOAuthPin } from "../operations/get-oauth-pin.ts";
import { getTokenDetails } from "../operations/get-token-details.ts";
import { integerBetween, isWebOrigin } from "../option-schemas.ts";
import { readBodyCapped } from "../transport/body.ts";
import { check } from "../validation.ts";
import { authAppUrl, authAppUrlFields } from "./auth-app-url.ts";
import { type ServerSignIn, ServerSignIns } from "./server-sign-ins.ts";
import { browserSecretOf, json, noStore, signInCookie } from "./sign-in-answers.ts";

/** Options of {@link createPlexSignInHandler}. */
export interface PlexSignInHandlerOptions {
  /** The client whose identity the PINs carry (its `clientIdentifier` is the device Plex signs in). */
  core: PlexAuthCore;
  /**
   * Receives the new token and its account on the server once the person approves. Keep the token there
   * (a session of yours); it never goes to the browser. Return a `Response` to answer the browser's last
   * status request yourself (to set your session cookie, say); otherwise it gets
   * `{ status: "done", account: { uuid, username, title, thumb } }`. A throw answers 500 and drops the token.
   */
  onSignedIn: (
    token: string,
    account: PlexAccount,
    request: Request,
    // `unknown`: a callback with no return statement (void) must fit; only a Response is used.
  ) => unknown;
  /**
   * The origins whose pages may start a sign-in (their `Origin` header, which the PIN is created with).
   * Default: the origin of the request's own URL. List yours when a proxy changes the URL the server sees.
   */
  allowedOrigins?: readonly string[] | undefined;
  /** Plex's auth app. Default `https://app.plex.tv/auth`; a test points it at the mock's `/auth` page. */
  authAppBaseUrl?: string | undefined;
  /** Sign-ins in progress at most; past it `start` answers 503. Default 1000. */
  maxPending?: number | undefined;
  /** plex.tv is asked about one sign-in at most once per this many ms, however often the browser asks. Default 1000. */
  pollIntervalMs?: number | undefined;
  /** The cookie that binds a sign-in to its browser. Default `plex_auth_sign_in`. */
  cookieName?: string | undefined;
}

/** What the browser is told about a sign-in it polls (`GET …/status?id=`). */
export type SignInStatusBody =
  | { readonly status: "pending"; readonly expiresAt: string }
  | { readonly status: "done"; readonly account: Readonly<Pick<PlexAccount, "uuid" | "username" | "title" | "thumb">> }
  | { readonly status: "expired" };

const optionsSchema = v.strictObject({
  core: v.custom<PlexAuthCore>((value) => typeof value === "object" && value !== null, "is required: a PlexAuthCore"),
  onSignedIn: v.function("is required: a function receiving (token, account, request)"),
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

const startBodySchema = v.strictObject({ forwardUrl: authAppUrlFields.forwardUrl });
const MAX_START_BODY_BYTES = 4096;

type Settings = Required<Omit<PlexSignInHandlerOptions, "allowedOrigins" | "authAppBaseUrl">> &
  Pick<PlexSignInHandlerOptions, "allowedOrigins" | "authAppBaseUrl">;

interface Handler {
  readonly settings: Settings;
  readonly signIns: ServerSignIns;
}

// A sign-in poll's outcome, shared by the status requests that arrive while it is in flight.
type PollOutcome =
  | { kind: "pending" }
  | { kind: "approved"; token: string }
  | { kind: "expired" }
  | { kind: "failed"; error: unknown };

/** The page's origin, if it is one this handler serves: else nothing may start or cancel a sign-in. */
function allowedOrigin(handler: Handler, request: Request): string | undefined {
  const origin = request.headers.get("origin");
  if (origin === null) return undefined;
  const allowed = handler.settings.allowedOrigins ?? [new URL(request.url).origin];
  return allowed.includes(origin) ? origin : undefined;
}

function refusedOrigin(): Response {
  return json(403, {
    error: "origin_not_allowed",
    message: "This page's origin may not start a Plex sign-in here: add it to allowedOrigins.",
  });
}

function unknownSignIn(): Response {
  return json(404, {
    status: "unknown",
    message: "No such sign-in for this browser: it was finished, cancelled or never started here. Start again.",
  });
}

function plexFailed(error: unknown): Response {
  const code = error instanceof PlexAuthError ? error.code : "plex_auth_error";
  // Core's messages are redacted and say what to do; anything else is not ours to show.
  const message = error instanceof PlexAuthError ? error.message : "The sign-in failed on the server.";
  return json(502, { status: "failed", error: code, message });
}

async function readStartBody(request: Request): Promise<{ forwardUrl?: string | undefined } | Response> {
  const tooLarge = new Error("too large");
  let text: string;
  try {
    // A Request's body reads as a Response's: never more than the cap is held, however much is sent.
    text = await readBodyCapped(request as unknown as Response, MAX_START_BODY_BYTES, request.signal, () => tooLarge);
  } catch (error) {
    if (error === tooLarge) return json(413, { error: "too_large", message: "The body is too large." });
    throw error;
  }
  let raw: unknown = {};
  try {
    raw = text.trim() === "" ? {} : JSON.parse(text);
  } catch {
    return json(400, { error: "invalid_input", message: 'The body must be JSON: {} or { "forwardUrl": "…" }.' });
  }
  // valibot's object schemas take an array (`[]` has no unknown keys): the body must be a JSON object.
  const parsed = check(startBodySchema, Array.isArray(raw) ? null : raw);
  if (!parsed.success) {
    const detail = parsed.issues
      .map((issue) => (issue.path ? `${issue.path} ${issue.message}` : issue.message))
      .join("; ");
    return json(400, { error: "invalid_input", message: `The body is invalid: ${detail}.` });
  }
  return parsed.output;
}

async function start(handler: Handler, request: Request): Promise<Response> {
  const origin = allowedOrigin(handler, request);
  if (origin === undefined) return refusedOrigin();
  const body = await readStartBody(request);
  if (body instanceof Response) return body;
  const forwardUrl = body.forwardUrl;
  // An open redirect otherwise: Plex would send the person, signed in, wherever the body said.
  if (forwardUrl !== undefined && !(handler.settings.allowedOrigins ?? [origin]).includes(new URL(forwardUrl).origin)) {
    return json(400, { error: "invalid_input", message: "forwardUrl must be on an allowed origin." });
  }
  const now = Date.now();
  if (!handler.signIns.hasRoom(now)) {
    return json(
      503,
      { error: "busy", message: "Too many sign-ins are in progress: try again in a minute." },
      { "Retry-After": "60" },
    );
  }
  let pin: Awaited<ReturnType<typeof createOAuthPin>>;
  try {
    // Plex checks the auth app's forwardUrl against the origin the PIN came from: the browser's.
    pin = await createOAuthPin(handler.settings.core, { strong: true, origin }, { signal: request.signal });
  } catch (error) {
    return plexFailed(error);
  }
  const cookie = signInCookie(request, handler.settings.cookieName);
  const signIn = handler.signIns.add(cookie.secret, pin, now);
  const authUrl = authAppUrl(handler.settings.core, pin, { forwardUrl, baseUrl: handler.settings.authAppBaseUrl });
  return json(
    201,
    { id: signIn.id, authUrl, code: pin.code, expiresAt: new Date(signIn.expiresAt).toISOString() },
    cookie.header === undefined ? {} : { "Set-Cookie": cookie.header },
  );
}

async function pollOnce(handler: Handler, signIn: ServerSignIn): Promise<PollOutcome> {
  signIn.lastPolledAt = Date.now();
  try {
    const pin = await getOAuthPin(handler.settings.core, { pinId: signIn.pin.id }, { retry: false });
    if (typeof pin.authToken === "string" && pin.authToken !== "") return { kind: "approved", token: pin.authToken };
    return { kind: "pending" };
  } catch (error) {
    if (error instanceof PinExpiredError) return { kind: "expired" };
    // plex.tv busy or unreachable: the browser asks again, and the PIN's expiry bounds it all.
    if (error instanceof PlexAuthError && error.retryable) return { kind: "pending" };
    return { kind: "failed", error };
  }
}

function sharedPoll(handler: Handler, signIn: ServerSignIn): Promise<PollOutcome> {
  if (signIn.inFlight) return signIn.inFlight as Promise<PollOutcome>;
  if (Date.now() - signIn.lastPolledAt < handler.settings.pollIntervalMs) return Promise.resolve({ kind: "pending" });
  const poll = pollOnce(handler, signIn).finally(() => {
    signIn.inFlight = undefined;
  });
  signIn.inFlight = poll;
  return poll;
}

async function finish(handler: Handler, token: string, request: Request): Promise<Response> {
  let account: PlexAccount;
  try {
    account = await getTokenDetails(handler.settings.core, undefined, { token, signal: request.signal });
  } catch (error) {
    return plexFailed(error);
  }
  let answer: unknown;
  try {
    answer = await handler.settings.onSignedIn(token, account, request);
  } catch {
    return json(500, {
      status: "failed",
      error: "sign_in_not_kept",
      message: "The server could not keep the sign-in.",
    });
  }
  if (answer instanceof Response) return noStore(answer);
  const { uuid, username, title, thumb } = account;
  return json(200, { status: "done", account: { uuid, username, title, thumb } } satisfies SignInStatusBody);
}

async function status(handler: Handler, request: Request): Promise<Response> {
  const signIn = handler.signIns.find(
    new URL(request.url).searchParams.get("id"),
    browserSecretOf(request, handler.settings.cookieName),
  );
  if (!signIn) return unknownSignIn();
  const expired = () =>
    handler.signIns.take(signIn) ? json(200, { status: "expired" } satisfies SignInStatusBody) : unknownSignIn();
  if (Date.now() >= signIn.expiresAt) return expired();
  const outcome = await sharedPoll(handler, signIn);
  if (outcome.kind === "expired") return expired();
  if (outcome.kind === "failed") return handler.signIns.take(signIn) ? plexFailed(outcome.error) : unknownSignIn();
  if (outcome.kind === "pending") {
    return json(200, {
      status: "pending",
      expiresAt: new Date(signIn.expiresAt).toISOString(),
    } satisfies SignInStatusBody);
  }
  // Requests that shared the poll all see the approval; only the first takes it, so the token is used once.
  if (!handler.signIns.take(signIn)) return unknownSignIn();
  return finish(handler, outcome.token, request);
}

function cancel(handler: Handler, request: Request): Response {
  if (allowedOrigin(handler, request) === undefined) return refusedOrigin();
  const signIn = handler.signIns.find(
    new URL(request.url).searchParams.get("id"),
    browserSecretOf(request, handler.settings.cookieName),
  );
  if (!signIn || !handler.signIns.take(signIn)) return unknownSignIn();
  return noStore(new Response(null, { status: 204 }));
}

const ROUTES: Readonly<
  Record<string, { method: string; run: (handler: Handler, request: Request) => Response | Promise<Response> }>
> = {
  start: { method: "POST", run: start },
  status: { method: "GET", run: status },
  cancel: { method: "POST", run: cancel },
};

function checkedSettings(options: PlexSignInHandlerOptions): Settings {
  const parsed = check(optionsSchema, options);
  if (parsed.success) return parsed.output as Settings;
  throw new InvalidInputError({
    where: "options of createPlexSignInHandler",
    issues: parsed.issues,
    operation: "createPlexSignInHandler",
  });
}

/**
 * "Sign in with Plex" for web apps, run on the server: a fetch handler (`(Request) => Promise<Response>`)
 * to mount under a path of yours (`/api/plex/*`), on any runtime with `Request` and `Response` (Node through
 * an adapter, Deno, Bun, Workers). Routes, by the path's last segment:
 * - `POST …/start` (body `{}` or `{ "forwardUrl": "…" }`): creates a strong PIN on plex.tv with the page's
 *   `Origin` (Plex checks the auth app's `forwardUrl` against it), and answers 201
 *   `{ id, authUrl, code, expiresAt }`: open `authUrl` in a popup, or go there when `forwardUrl` is set.
 * - `GET …/status?id=`: `{ status: "pending" | "done" | "expired" }`, asking plex.tv at most once per
 *   `pollIntervalMs`. On approval the token goes to `onSignedIn` on the server, never to the browser.
 * - `POST …/cancel?id=`: forgets the sign-in (204).
 * The id is opaque, single-use, expires with the PIN, and is bound to the browser that started it by an
 * HttpOnly, SameSite=Strict cookie: another browser's request for it is answered as an unknown id. Only
 * pages on `allowedOrigins` may start or cancel one. plex.tv sees no browser, so its CORS does not matter.
 *
 * @example
 * ```ts
 * const plexSignIn = createPlexSignInHandler({
 *   core: createPlexAuthCore({ clientIdentifier: "my-web-app-3f1c…", product: "My Web App" }),
 *   onSignedIn: async (token, account, request) => {
 *     const session = await sessions.create({ plexToken: token, user: account.uuid });
 *     return Response.json({ status: "done" }, { headers: { "Set-Cookie": session.cookie } });
 *   },
 * });
 * Deno.serve((request) => new URL(request.url).pathname.startsWith("/api/plex/") ? plexSignIn(request) : app(request));
 * ```
 */
export function createPlexSignInHandler(options: PlexSignInHandlerOptions): (request: Request) => Promise<Response> {
  const settings = checkedSettings(options);
  const handler: Handler = { settings, signIns: new ServerSignIns(settings.maxPending) };
  return async (request) => {
    const segment = new URL(request.url).pathname.replace(/\/+$/, "").split("/").pop() ?? "";
    const route = Object.hasOwn(ROUTES, segment) ? ROUTES[segment] : undefined;
    if (!route)
      return json(404, { error: "not_found", message: "Not a sign-in route: use …/start, …/status or …/cancel." });
    if (request.method !== route.method) {
      return json(405, { error: "method_not_allowed", message: `Use ${route.method}.` }, { Allow: route.method });
    }
    return route.run(handler, request);
  };
}
