import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import {
  getTokenDetails,
  InvalidInputError,
  operations,
  PinExpiredError,
  type PlexAccount,
  RequestAbortedError,
  waitForOAuthPin,
} from "@plex-auth/core";
import * as v from "valibot";
import { successResult } from "../call-tool.ts";
import { errorResult, toolErrorInfo } from "../error-result.ts";
import { summarizeAccount } from "../presenters/account-summary.ts";
import { viewToken, withheldNote } from "../presenters/token-view.ts";
import type { PlexSignInContext } from "./context.ts";
import { MAX_WAIT_SECONDS, SIGN_IN_WITH_PLEX, WAIT_FOR_PLEX_SIGN_IN } from "./definitions.ts";

const DEFAULT_WAIT_SECONDS = 45;

const argumentsSchema = v.strictObject({
  handle: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{24}$/, `must be the handle ${SIGN_IN_WITH_PLEX} returned`)),
  waitSeconds: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_WAIT_SECONDS, `must be at most ${MAX_WAIT_SECONDS}`)),
  ),
});

function invalid(issues: readonly v.BaseIssue<unknown>[], secrets: readonly string[]): CallToolResult {
  const listed = issues.map((issue) => ({ path: v.getDotPath(issue) ?? "", message: issue.message }));
  const error = new InvalidInputError({ where: "arguments", issues: listed });
  return errorResult(toolErrorInfo(error, operations.getOAuthPin, secrets));
}

function unknownHandle(secrets: readonly string[]): CallToolResult {
  const error = new PinExpiredError({
    status: 404,
    operation: WAIT_FOR_PLEX_SIGN_IN,
    message: `No sign-in with that handle in this session: it expired, finished, or was never started here. Call ${SIGN_IN_WITH_PLEX} again.`,
  });
  return errorResult(toolErrorInfo(error, operations.getOAuthPin, secrets));
}

// The account, best effort: the sign-in has succeeded whether or not plex.tv answers this too.
async function accountOf(context: PlexSignInContext, token: string): Promise<PlexAccount | undefined> {
  try {
    return await getTokenDetails(context.session.client, undefined, { token, signal: context.signal });
  } catch {
    return undefined;
  }
}

/**
 * `wait_for_plex_sign_in`: polls the session's PIN (core's `waitForOAuthPin`: about once a second, bounded
 * by the PIN's own expiry) for at most `waitSeconds`, with a progress notification per poll when the client
 * asked for them, and stops at once on the client's cancellation. Approved: the token becomes the session's
 * token and shows only as a fingerprint. Not yet: `{ status: "pending" }`, to call again.
 *
 * @example
 * ```ts
 * const result = await waitForPlexSignIn({ handle }, { session, logger, secrets, exposeTokens: false });
 * ```
 */
export async function waitForPlexSignIn(args: unknown, context: PlexSignInContext): Promise<CallToolResult> {
  const secrets = () => [...context.secrets.values()];
  const parsed = v.safeParse(argumentsSchema, args ?? {});
  if (!parsed.success) return invalid(parsed.issues, secrets());
  const now = context.now ?? Date.now;
  const pending = context.session.pendingSignIns.find(parsed.output.handle, now());
  if (!pending) return unknownHandle(secrets());
  const budget = AbortSignal.timeout((parsed.output.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000);
  const signal = context.signal ? AbortSignal.any([context.signal, budget]) : budget;
  // The countdown from now: a second wait must not get the PIN's whole lifetime again.
  const pin = {
    ...pending.pin,
    expiresAt: null,
    expiresIn: Math.max(1, Math.floor((pending.expiresAt - now()) / 1000)),
  };
  const expiresAt = new Date(pending.expiresAt).toISOString();
  try {
    const approved = await waitForOAuthPin(context.session.client, pin, {
      signal,
      onPoll: (poll) =>
        void context
          .progress?.(
            poll.attempt,
            `Waiting for the user to approve on Plex (${Math.round(poll.remainingMs / 1000)} s left)`,
          )
          ?.catch(() => {}),
    });
    context.session.pendingSignIns.forget(pending.handle);
    const token = approved.authToken;
    context.session.adoptToken({ token, expiresAt: null, origin: "sign-in" });
    const account = await accountOf(context, token);
    const view = viewToken(token, context.exposeTokens, null);
    const who = account ? `Signed in as ${account.username}.` : "Signed in.";
    const summary = `${who} The new token ${view.fingerprint} is now this session's token: the other tools use it automatically. ${withheldNote(context.exposeTokens, "token")}`;
    const structured = { status: "signed-in", ...(account ? { account: summarizeAccount(account) } : {}), token: view };
    return successResult(structured, summary, context, []);
  } catch (error) {
    if (error instanceof RequestAbortedError && !context.signal?.aborted) {
      const summary = `Not approved yet. Call ${WAIT_FOR_PLEX_SIGN_IN} again with the same handle; the sign-in expires at ${expiresAt}.`;
      return successResult({ status: "pending", expiresAt }, summary, context, []);
    }
    if (error instanceof PinExpiredError) context.session.pendingSignIns.forget(pending.handle);
    return errorResult(toolErrorInfo(error, operations.getOAuthPin, secrets()));
  }
}
