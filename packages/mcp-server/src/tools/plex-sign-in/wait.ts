import type { CallToolResult } from "@modelcontextprotocol/server";
import {
  getTokenDetails,
  InvalidInputError,
  PinExpiredError,
  type PlexAccount,
  RequestAbortedError,
  waitForOAuthPin,
} from "@plex-auth/core";
import * as v from "valibot";
import type { PendingSignIn } from "../../session/pending-sign-ins.ts";
import { successResult } from "../call-tool.ts";
import { cleanPlexValue } from "../plex-text.ts";
import { summarizeAccount } from "../presenters/account-summary.ts";
import { viewToken, withheldNote } from "../presenters/token-view.ts";
import { isoFromEpochSeconds } from "../result-schemas.ts";
import type { PlexSignInContext } from "./context.ts";
import { DEFAULT_WAIT_SECONDS, MAX_WAIT_SECONDS, SIGN_IN_WITH_PLEX, WAIT_FOR_PLEX_SIGN_IN } from "./definitions.ts";
import { failedResult } from "./failed.ts";

// The account is read after approval, within what is left of the client's patience.
const ACCOUNT_TIMEOUT_MS = 5_000;

const argumentsSchema = v.strictObject({
  handle: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{24}$/, `must be the handle ${SIGN_IN_WITH_PLEX} returned`)),
  waitSeconds: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_WAIT_SECONDS, `must be at most ${MAX_WAIT_SECONDS}`)),
  ),
});

/** The answer for a handle this principal has no live sign-in for. */
export function unknownHandle(): PinExpiredError {
  return new PinExpiredError({
    status: 404,
    operation: WAIT_FOR_PLEX_SIGN_IN,
    message: `No sign-in with that handle in this session: it expired, or the session signed out, or it was never started here. Call ${SIGN_IN_WITH_PLEX} again.`,
  });
}

/** Aborts when either does (`AbortSignal.any` is missing before Node 20.3). */
function either(first: AbortSignal | undefined, second: AbortSignal): AbortSignal {
  if (!first) return second;
  const controller = new AbortController();
  const abort = () => controller.abort();
  for (const signal of [first, second]) {
    if (signal.aborted) abort();
    else signal.addEventListener("abort", abort, { once: true });
  }
  return controller.signal;
}

// The account, best effort and briefly: the sign-in has succeeded whether or not plex.tv answers this too.
async function accountOf(context: PlexSignInContext, token: string): Promise<PlexAccount | undefined> {
  try {
    const options = { token, signal: context.signal, timeoutMs: ACCOUNT_TIMEOUT_MS, retry: false as const };
    // Plex's text about the account, cleaned and cut as every table tool's is.
    return cleanPlexValue(await getTokenDetails(context.session.client, undefined, options)).value;
  } catch {
    return undefined;
  }
}

async function signedIn(context: PlexSignInContext, pending: PendingSignIn, token: string): Promise<CallToolResult> {
  const now = context.now ?? Date.now;
  if (!context.session.pendingSignIns.current(pending)) {
    // The session signed out while the person was approving: their approval does not sign it back in.
    return failedResult(unknownHandle(), context, []);
  }
  context.session.adoptToken({ token, expiresAt: null, origin: "sign-in" });
  const account = await accountOf(context, token);
  const view = viewToken(token, context.exposeTokens, isoFromEpochSeconds(account?.rememberExpiresAt));
  const who = account ? `Signed in as ${account.username}.` : "Signed in.";
  const summary = `${who} The new token ${view.fingerprint} is now this session's token: the other tools use it automatically. ${withheldNote(context.exposeTokens, "token")}`;
  const structured = { status: "signed-in", ...(account ? { account: summarizeAccount(account) } : {}), token: view };
  context.session.pendingSignIns.finish(pending.handle, structured, now());
  return successResult(structured, summary, context, []);
}

/**
 * `wait_for_plex_sign_in`: polls the session's PIN (core's `waitForOAuthPin`: about once a second, bounded
 * by the PIN's own expiry) for at most `waitSeconds`, with a progress notification per poll when the client
 * asked for them, and stops at once on the client's cancellation. Approved: the token becomes the session's
 * token and shows only as a fingerprint (asking again with the same handle gives the same answer for a
 * while). Not yet: `{ status: "pending" }`, to call again.
 *
 * @example
 * ```ts
 * const result = await waitForPlexSignIn({ handle }, { session, logger, secrets, exposeTokens: false });
 * ```
 */
export async function waitForPlexSignIn(args: unknown, context: PlexSignInContext): Promise<CallToolResult> {
  const parsed = v.safeParse(argumentsSchema, args ?? {});
  if (!parsed.success) {
    const issues = parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? "", message: issue.message }));
    return failedResult(new InvalidInputError({ where: "arguments", issues }), context, []);
  }
  const now = context.now ?? Date.now;
  const { handle } = parsed.output;
  const finished = context.session.pendingSignIns.finished(handle, now());
  if (finished) return successResult(finished, "Signed in already: this session uses the new token.", context, []);
  const pending = context.session.pendingSignIns.find(handle, now());
  if (!pending) return failedResult(unknownHandle(), context, []);
  const budget = AbortSignal.timeout((parsed.output.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000);
  const signal = either(context.signal, budget);
  // The countdown from now: a second wait must not get the PIN's whole lifetime again.
  const secondsLeft = Math.max(1, Math.floor((pending.expiresAt - now()) / 1000));
  const pin = { ...pending.pin, expiresAt: null, expiresIn: secondsLeft };
  const pinSecrets = [String(pending.pin.id)];
  try {
    const approved = await waitForOAuthPin(context.session.client, pin, {
      signal,
      onPoll: (poll) => {
        const message = `Waiting for the user to approve on Plex (${Math.round(poll.remainingMs / 1000)} s left)`;
        void context.progress?.(poll.attempt, message)?.catch(() => {});
      },
    });
    return await signedIn(context, pending, approved.authToken);
  } catch (error) {
    if (error instanceof RequestAbortedError && !context.signal?.aborted) {
      const expiresAt = new Date(pending.expiresAt).toISOString();
      const summary = `Not approved yet. Call ${WAIT_FOR_PLEX_SIGN_IN} again with the same handle; the sign-in expires at ${expiresAt}.`;
      return successResult({ status: "pending", expiresAt }, summary, context, pinSecrets);
    }
    if (error instanceof PinExpiredError) context.session.pendingSignIns.forget(handle);
    return failedResult(error, context, pinSecrets);
  }
}
