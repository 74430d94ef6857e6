import { type CallToolResult, type InputRequiredResult, inputRequired } from "@modelcontextprotocol/server";
import { authAppUrl, createOAuthPin, InvalidInputError, operations, PLEX_LINK_URL } from "@plex-auth/core";
import { SignInRateLimitedError } from "../../errors/local-errors.ts";
import { successResult } from "../call-tool.ts";
import { errorResult, toolErrorInfo } from "../error-result.ts";
import { declined, PAGE_MESSAGE, PLEX_PAGE_REQUEST, pageLink, thenWait } from "./answers.ts";
import type { PlexSignInContext } from "./context.ts";
import { failedResult } from "./failed.ts";
import { resumePlexSignIn } from "./resume.ts";

type Method = "elicitation" | "browser" | "link";

/** The best way this client has to get the person to Plex's page (github-mcp-server's ladder). */
function methodOf(context: PlexSignInContext): Method {
  if (context.elicitUrl || context.inputRequired) return "elicitation";
  if (context.openBrowser) return "browser";
  return "link";
}

function noArguments(args: unknown): boolean {
  return args === undefined || (typeof args === "object" && args !== null && Object.keys(args).length === 0);
}

// Asks the client to show Plex's page; `undefined` when it could not (the request failed or timed out).
async function elicited(context: PlexSignInContext, url: string): Promise<"accept" | "decline" | undefined> {
  try {
    const answer = await (context.elicitUrl as NonNullable<PlexSignInContext["elicitUrl"]>)({
      mode: "url",
      message: PAGE_MESSAGE,
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
): Promise<CallToolResult | InputRequiredResult> {
  const waiting = { status: "waiting", handle, expiresAt };
  if (method === "browser") {
    const opened = await (context.openBrowser as (url: string) => Promise<boolean>)(url).catch(() => false);
    if (!opened) return pageLink(context, url, handle, expiresAt, secrets);
    const summary = `Plex's sign-in page opened in the user's browser: ask them to approve it there. ${thenWait(handle)}`;
    return successResult({ ...waiting, method: "browser" }, summary, context, secrets);
  }
  if (context.inputRequired) {
    // A 2026-07-28 client shows the page and calls again with the answer: see resumePlexSignIn.
    const requestState = await context.inputRequired.mint({ handle });
    const page = inputRequired.elicitUrl({ message: PAGE_MESSAGE, url });
    return inputRequired({ inputRequests: { [PLEX_PAGE_REQUEST]: page }, requestState });
  }
  const answer = await elicited(context, url);
  if (answer === undefined) return pageLink(context, url, handle, expiresAt, secrets);
  if (answer === "accept") {
    const summary = `The user was shown Plex's sign-in page. ${thenWait(handle)}`;
    return successResult({ ...waiting, method: "elicitation" }, summary, context, secrets);
  }
  return declined(context, handle, secrets);
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
export async function signInWithPlex(
  args: unknown,
  context: PlexSignInContext,
): Promise<CallToolResult | InputRequiredResult> {
  const operation = operations.createOAuthPin;
  if (!noArguments(args)) {
    const issues = [{ path: "", message: "takes no arguments: call it with {}" }];
    return errorResult(
      toolErrorInfo(new InvalidInputError({ where: "arguments", issues }), operation, [...context.secrets.values()]),
    );
  }
  const now = context.now ?? Date.now;
  if (context.inputRequired?.state?.handle) return resumePlexSignIn(context.inputRequired, context);
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
    // The process's budget too: new sessions must not multiply the PINs made on plex.tv.
    context.session.signIns.takeShared();
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
      thenWait(pending.handle);
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
