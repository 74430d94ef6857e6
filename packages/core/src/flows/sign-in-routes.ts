import * as v from "valibot";
import type { PlexAuthCore } from "../client-core.ts";
import { PinExpiredError } from "../errors/api.ts";
import { PlexAuthError } from "../errors/base.ts";
import type { PlexAccount } from "../models/account.ts";
import type { PlexPin } from "../models/pin.ts";
import { createOAuthPin } from "../operations/create-oauth-pin.ts";
import { getOAuthPin } from "../operations/get-oauth-pin.ts";
import { getTokenDetails } from "../operations/get-token-details.ts";
import { readBodyCapped } from "../transport/body.ts";
import { untilAborted } from "../transport/timeout.ts";
import { check } from "../validation.ts";
import { authAppUrl, authAppUrlFields } from "./auth-app-url.ts";
import type { ServerSignIn, ServerSignIns } from "./server-sign-ins.ts";
import {
  asFinalAnswer,
  browserSecretOf,
  isResponse,
  json,
  refusedOrigin,
  SIGN_IN_DONE_HEADER,
  signInCookie,
  signInFailed,
  signInIdOf,
  unknownSignIn,
} from "./sign-in-answers.ts";

/** What the routes need: the handler's settings, after validation, and its sign-ins. */
export interface SignInRouteContext {
  readonly core: PlexAuthCore;
  readonly onSignedIn: (token: string, account: PlexAccount, request: Request) => unknown;
  readonly onError: ((error: unknown) => void) | undefined;
  readonly allowedOrigins: readonly string[] | undefined;
  readonly authAppBaseUrl: string | undefined;
  readonly pollIntervalMs: number;
  readonly cookieName: string;
  readonly signIns: ServerSignIns;
  /** Signs a token out of plex.tv, best effort: for a token nobody received. */
  readonly drop: (token: string) => void;
}

// A poll's outcome, shared by the status requests that arrive while it is in flight.
type PollOutcome =
  | { kind: "pending" }
  | { kind: "approved"; token: string }
  | { kind: "expired" }
  | { kind: "failed"; error: unknown };

const startBodySchema = v.strictObject({ forwardUrl: authAppUrlFields.forwardUrl });
const MAX_START_BODY_BYTES = 4096;

/** The page's origin, if it is one this handler serves: else nothing may start or cancel a sign-in. */
function allowedOrigin(context: SignInRouteContext, request: Request): string | undefined {
  const origin = request.headers.get("origin");
  if (origin === null) return undefined;
  return (context.allowedOrigins ?? [new URL(request.url).origin]).includes(origin) ? origin : undefined;
}

async function readStartBody(request: Request): Promise<{ forwardUrl?: string | undefined } | Response> {
  if (request.bodyUsed) {
    return json(500, { error: "body_used", message: "The request's body was read before the sign-in handler got it." });
  }
  const tooLarge = new Error("too large");
  let text: string;
  try {
    // A Request's body reads as a Response's: never more than the cap is held, however much is sent.
    text = await readBodyCapped(
      request as unknown as Response,
      MAX_START_BODY_BYTES,
      { race: (promise) => untilAborted(promise, request.signal) },
      () => tooLarge,
    );
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
  if (parsed.success) return parsed.output;
  const detail = parsed.issues
    .map((issue) => (issue.path ? `${issue.path} ${issue.message}` : issue.message))
    .join("; ");
  return json(400, { error: "invalid_input", message: `The body is invalid: ${detail}.` });
}

/**
 * Where the auth app may send the browser back: only to an origin the app listed. The request's own URL
 * does not count: a script sets the Host it comes from, and would get a real "Sign in to My App" link
 * that forwards, signed in, to its own site.
 */
function forwardUrlRefused(context: SignInRouteContext, forwardUrl: string | undefined): Response | undefined {
  if (forwardUrl === undefined) return undefined;
  if (context.allowedOrigins?.includes(new URL(forwardUrl).origin)) return undefined;
  return json(400, {
    error: "invalid_input",
    message: "forwardUrl must be on one of allowedOrigins: list the origins your pages are served from.",
  });
}

/** `POST …/start`: a PIN created with the page's Origin, and an id for the browser to poll with. */
export async function start(context: SignInRouteContext, request: Request): Promise<Response> {
  const origin = allowedOrigin(context, request);
  if (origin === undefined) return refusedOrigin();
  const body = await readStartBody(request);
  if (isResponse(body)) return body;
  const refused = forwardUrlRefused(context, body.forwardUrl);
  if (refused) return refused;
  if (!context.signIns.reserve(Date.now())) {
    const busy = { error: "busy", message: "Too many sign-ins are in progress: try again in a minute." };
    return json(503, busy, { "Retry-After": "60" });
  }
  let pin: PlexPin;
  try {
    // Plex checks the auth app's forwardUrl against the origin the PIN came from: the browser's.
    pin = await createOAuthPin(context.core, { strong: true, origin }, { signal: request.signal });
  } catch (error) {
    context.signIns.release();
    return signInFailed(error);
  }
  const cookie = signInCookie(request, context.cookieName);
  const signIn = context.signIns.add(cookie.secret, pin, Date.now());
  const authUrl = authAppUrl(context.core, pin, { forwardUrl: body.forwardUrl, baseUrl: context.authAppBaseUrl });
  const expiresIn = Math.round((signIn.expiresAt - Date.now()) / 1000);
  const started = {
    id: signIn.id,
    authUrl,
    code: pin.code,
    expiresIn,
    expiresAt: new Date(signIn.expiresAt).toISOString(),
  };
  return json(201, started, { "Set-Cookie": cookie.header });
}

async function pollOnce(context: SignInRouteContext, signIn: ServerSignIn): Promise<PollOutcome> {
  signIn.lastPolledAt = Date.now();
  try {
    const pin = await getOAuthPin(context.core, { pinId: signIn.pin.id }, { retry: false });
    if (typeof pin.authToken === "string" && pin.authToken !== "") return { kind: "approved", token: pin.authToken };
    return { kind: "pending" };
  } catch (error) {
    if (error instanceof PinExpiredError) return { kind: "expired" };
    // plex.tv busy or unreachable: the browser asks again, and the PIN's expiry bounds it all.
    if (error instanceof PlexAuthError && error.retryable) return { kind: "pending" };
    return { kind: "failed", error };
  }
}

function sharedPoll(context: SignInRouteContext, signIn: ServerSignIn): Promise<PollOutcome> {
  if (signIn.inFlight) return signIn.inFlight as Promise<PollOutcome>;
  if (Date.now() - signIn.lastPolledAt < context.pollIntervalMs) return Promise.resolve({ kind: "pending" });
  const poll = pollOnce(context, signIn).finally(() => {
    signIn.inFlight = undefined;
  });
  signIn.inFlight = poll;
  return poll;
}

function pending(signIn: ServerSignIn): Response {
  const expiresIn = Math.max(0, Math.round((signIn.expiresAt - Date.now()) / 1000));
  return json(200, { status: "pending", expiresIn, expiresAt: new Date(signIn.expiresAt).toISOString() });
}

/**
 * Hands the approved token over: its account, then `onSignedIn`. A transient failure (plex.tv busy) keeps
 * the sign-in for the browser's next poll; any other failure ends it and signs the token out of plex.tv,
 * since nobody will ever hold it.
 */
async function finish(context: SignInRouteContext, signIn: ServerSignIn, request: Request): Promise<Response> {
  const token = signIn.approvedToken as string;
  let account: PlexAccount;
  try {
    account = await getTokenDetails(context.core, undefined, { token, signal: request.signal });
  } catch (error) {
    if (error instanceof PlexAuthError && error.retryable) return pending(signIn);
    context.signIns.take(signIn);
    context.drop(token);
    return signInFailed(error);
  }
  context.signIns.take(signIn);
  let answer: unknown;
  try {
    answer = await context.onSignedIn(token, account, request);
  } catch (error) {
    context.onError?.(error);
    context.drop(token);
    return json(500, {
      status: "failed",
      error: "sign_in_not_kept",
      message: "The server could not keep the sign-in.",
    });
  }
  if (isResponse(answer)) return asFinalAnswer(answer);
  const { uuid, username, title, thumb } = account;
  return json(200, { status: "done", account: { uuid, username, title, thumb } }, { [SIGN_IN_DONE_HEADER]: "done" });
}

function expired(context: SignInRouteContext, signIn: ServerSignIn): Response {
  if (!context.signIns.take(signIn)) return unknownSignIn();
  if (signIn.approvedToken !== undefined) context.drop(signIn.approvedToken);
  return json(200, { status: "expired" });
}

/** `GET …/status`: pending, done (the token handed to `onSignedIn`), or expired. */
export async function status(context: SignInRouteContext, request: Request): Promise<Response> {
  const signIn = context.signIns.find(signInIdOf(request), browserSecretOf(request, context.cookieName));
  if (!signIn || signIn.finishing) return unknownSignIn();
  if (Date.now() >= signIn.expiresAt) return expired(context, signIn);
  if (signIn.approvedToken === undefined) {
    const outcome = await sharedPoll(context, signIn);
    if (outcome.kind === "expired") return expired(context, signIn);
    if (outcome.kind === "failed") return context.signIns.take(signIn) ? signInFailed(outcome.error) : unknownSignIn();
    if (outcome.kind === "pending") return pending(signIn);
    signIn.approvedToken ??= outcome.token;
  }
  // Requests that shared the poll all saw the approval; only one hands the token over.
  if (signIn.finishing) return unknownSignIn();
  signIn.finishing = true;
  try {
    return await finish(context, signIn, request);
  } finally {
    signIn.finishing = false;
  }
}

/** `POST …/cancel`: forgets the sign-in (204). */
export function cancel(context: SignInRouteContext, request: Request): Response {
  if (allowedOrigin(context, request) === undefined) return refusedOrigin();
  const signIn = context.signIns.find(signInIdOf(request), browserSecretOf(request, context.cookieName));
  if (!signIn || signIn.finishing || !context.signIns.take(signIn)) return unknownSignIn();
  if (signIn.approvedToken !== undefined) context.drop(signIn.approvedToken);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
}
