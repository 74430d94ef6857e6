import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { authAppUrl, createOAuthPin, InvalidInputError, operations, PLEX_LINK_URL } from "@plex-auth/core";
import { SignInRateLimitedError } from "../../errors/local-errors.ts";
import { successResult } from "../call-tool.ts";
import { errorResult, toolErrorInfo } from "../error-result.ts";
import type { PlexSignInContext } from "./context.ts";
import { WAIT_FOR_PLEX_SIGN_IN } from "./definitions.ts";
import { failedResult } from "./failed.ts";

type Method = "elicitation" | "browser" | "link";

/** The best way this client has to get the person to Plex's page (github-mcp-server's ladder). */
function methodOf(context: PlexSignInContext): Method {
  if (context.elicitUrl) return "elicitation";
  if (context.openBrowser) return "browser";
  return "link";
}

function noArguments(args: unknown): boolean {
  return args === undefined || (typeof args === "object" && args !== null && Object.keys(args).length === 0);
}

const then = (handle: string) => `Then call ${WAIT_FOR_PLEX_SIGN_IN} with the handle ${handle}.`;

/** What the model is told when nothing better worked: the page's link (its code cannot be typed at plex.tv/link). */
function pageLink(
  context: PlexSignInContext,
  url: string,
  handle: string,
  expiresAt: string,
  secrets: readonly string[],
) {
  const summary = `Ask the user to open this link and approve the sign-in on Plex's page: ${url} ${then(handle)}`;
  return successResult({ status: "waiting", method: "link", handle, url, expiresAt }, summary, context, secrets);
}

// Asks the client to show Plex's page; `undefined` when it could not (the request failed or timed out).
async function elicited(context: PlexSignInContext, url: string): Promise<"accept" | "decline" | undefined> {
  try {
    const answer = await (context.elicitUrl as NonNullable<PlexSignInContext["elicitUrl"]>)({
      mode: "url",
      message: "Sign in with Plex: approve this assistant's access to your Plex account on Plex's own page.",
      url,
      elicitationId: crypto.randomUUID(),
    });
    return answer.action === "accept" ? "accept" : "decline";
  } catch (error) {
    context.logger.warn("URL elicitation failed; giving the model the link instead", {
      error: error instanceof Error ? error.name : "unknown",
    });
    return undefined;
  }
}

async function viaAuthApp(
  context: PlexSignInContext,
  method: Exclude<Method, "link">,
  url: string,
  handle: string,
  expiresAt: string,
  secrets: readonly string[],
): Promise<CallToolResult> {
  const waiting = { status: "waiting", handle, expiresAt };
  if (method === "browser") {
    const opened = await (context.openBrowser as (url: string) => Promise<boolean>)(url).catch(() => false);
    if (!opened) return pageLink(context, url, handle, expiresAt, secrets);
    const summary = `Plex's sign-in page opened in the user's browser: ask them to approve it there. ${then(handle)}`;
    return successResult({ ...waiting, method: "browser" }, summary, context, secrets);
  }
  const answer = await elicited(context, url);
  if (answer === undefined) return pageLink(context, url, handle, expiresAt, secrets);
  if (answer === "accept") {
    const summary = `The user was shown Plex's sign-in page. ${then(handle)}`;
    return successResult({ ...waiting, method: "elicitation" }, summary, context, secrets);
  }
  context.session.pendingSignIns.forget(handle);
  const summary = "The user declined to sign in with Plex. Do not start it again unless they ask.";
  return successResult({ status: "declined", method: "elicitation" }, summary, context, secrets);
}

/**
 * `sign_in_with_plex`: creates a PIN and gets the person to Plex's approval page by the best means the
 * client has: URL-mode elicitation (a strong PIN's auth-app page, shown by the client, never by the
 * model); else, on stdio on a desktop, their browser; else a plex.tv/link code for the model to show (and
 * where elicitation or the browser fails, the page's link). The PIN stays in the session; the model gets a
 * handle for `wait_for_plex_sign_in`. At most 10 starts per session per 10 minutes: each makes a PIN on
 * plex.tv. No password, code of the user's, or token passes through the conversation.
 *
 * @example
 * ```ts
 * const result = await signInWithPlex({}, { session, logger, secrets, exposeTokens: false });
 * ```
 */
export async function signInWithPlex(args: unknown, context: PlexSignInContext): Promise<CallToolResult> {
  const operation = operations.createOAuthPin;
  if (!noArguments(args)) {
    const issues = [{ path: "", message: "takes no arguments: call it with {}" }];
    return errorResult(
      toolErrorInfo(new InvalidInputError({ where: "arguments", issues }), operation, [...context.secrets.values()]),
    );
  }
  const now = context.now ?? Date.now;
  const wait = context.session.pendingSignIns.waitBeforeStart(now());
  if (wait > 0) {
    const reason = "this session started 10 sign-ins in 10 minutes; finish one with wait_for_plex_sign_in";
    return failedResult(
      new SignInRateLimitedError({ retryAfterMs: wait, reason, operation: "sign_in_with_plex" }),
      context,
      [],
    );
  }
  const method = methodOf(context);
  let pinSecrets: string[] = [];
  try {
    const core = context.session.client;
    const pin = await createOAuthPin(core, method === "link" ? {} : { strong: true }, { signal: context.signal });
    // The PIN's id collects the token on plex.tv: scrubbed from this call's result and log lines.
    pinSecrets = [String(pin.id)];
    const pending = context.session.pendingSignIns.add(pin, now());
    const expiresAt = new Date(pending.expiresAt).toISOString();
    context.logger.info("sign-in with Plex started", { method });
    if (method !== "link") {
      const url = authAppUrl(core, pin, { baseUrl: context.authAppBaseUrl });
      return await viaAuthApp(context, method, url, pending.handle, expiresAt, pinSecrets);
    }
    const minutes = Math.round((pending.expiresAt - now()) / 60_000);
    const summary =
      `Ask the user to open ${PLEX_LINK_URL} and enter the code ${pin.code} (it expires in ${minutes} minutes). ` +
      then(pending.handle);
    const structured = {
      status: "waiting",
      method,
      handle: pending.handle,
      url: PLEX_LINK_URL,
      code: pin.code,
      expiresAt,
    };
    return successResult(structured, summary, context, pinSecrets);
  } catch (error) {
    return failedResult(error, context, pinSecrets);
  }
}
