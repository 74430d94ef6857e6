import type { CallToolResult } from "@modelcontextprotocol/server";
import {
  InvalidInputError,
  RateLimitError,
  RequestAbortedError,
  redactText,
  SignInThrottledError,
} from "@plex-auth/core";
import { NotSignedInError, ServerNotConfiguredError } from "../errors/local-errors.ts";
import type { Logger } from "../log/logger.ts";
import type { SecretRegistry } from "../log/secrets.ts";
import type { IssuedToken } from "../session/issued-token.ts";
import type { PlexSession } from "../session/session.ts";
import type { ToolBinding } from "./catalog.ts";
import { withConfiguredInput } from "./configured-input.ts";
import { errorResult, toolErrorInfo } from "./error-result.ts";
import { capLists, cleanPlexValue, MAX_LIST_ITEMS, PLEX_DATA_NOTE } from "./plex-text.ts";
import { scrubLoosely, scrubSecrets } from "./scrub.ts";
import { secretInputOf } from "./secret-input.ts";

/** The longest JSON a result's text repeats; a larger result's text says it is in the structured content. */
export const MAX_TEXT_JSON = 4_096;
// The presenter's sentence about the result: it may name every server or profile, each cut to 200 characters.
const MAX_SUMMARY = 1_500;

/** What a tool call runs against. */
export interface ToolCallContext {
  readonly session: PlexSession;
  readonly logger: Logger;
  readonly secrets: SecretRegistry;
  readonly exposeTokens: boolean;
  /** Aborted when the client sends `notifications/cancelled` (or the session closes). */
  readonly signal?: AbortSignal | undefined;
  readonly now?: () => number;
}

// Errors raised before anything reached Plex: a limited attempt that ends in one is given back.
function nothingWasSent(error: unknown): boolean {
  return (
    error instanceof InvalidInputError || error instanceof NotSignedInError || error instanceof ServerNotConfiguredError
  );
}

function noteSignInFailure(error: unknown, context: ToolCallContext): void {
  if (error instanceof SignInThrottledError) context.session.signIns.pauseAfterThrottle();
  else if (error instanceof RateLimitError && error.retryAfterMs !== undefined) {
    context.session.signIns.pause(error.retryAfterMs, "plex.tv rate limited sign-in");
  }
}

// Tells the session what a success changed: a token it issued becomes the session's, a sign-out forgets it.
function applyToSession(binding: ToolBinding, result: unknown, session: PlexSession): IssuedToken | undefined {
  const issued = binding.presenter.issuedToken?.(result as never);
  if (issued) session.adoptToken(issued);
  if (binding.presenter.revokesToken) session.signOut();
  return issued;
}

// The summary, and what the model should know about the Plex text in the result: that it was cut, and
// that it is data.
function describeShown(summary: string, omitted: number, hasText: boolean): string {
  const short = summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary;
  const cut = omitted > 0 ? ` ${omitted} more item(s) are not shown here: lists stop at ${MAX_LIST_ITEMS}.` : "";
  return `${short}${cut}${hasText ? ` ${PLEX_DATA_NOTE}` : ""}`;
}

/**
 * A successful tool result: the structured view, and a text of the summary and the same view, with every
 * known secret (the call's own secret input always; every secret of the process unless token exposure is on)
 * scrubbed from both.
 *
 * @example
 * ```ts
 * successResult({ alive: true }, "The token works.", context, []);
 * ```
 */
export function successResult(
  structured: Record<string, unknown>,
  summary: string,
  context: ToolCallContext,
  callSecrets: readonly string[],
): CallToolResult {
  // A last line of defence: with exposure off, no known secret may leave in a result, whatever a
  // presenter does. The call's own secret input (a PIN, a password) never leaves, exposure or not, and
  // neither do the password and the bearer: exposure shows Plex tokens only.
  const hidden = context.secrets.hidden();
  const secrets = context.exposeTokens ? [...hidden, ...callSecrets] : [...context.secrets.values(), ...callSecrets];
  const loose = context.exposeTokens ? hidden : context.secrets.configured();
  const scrub = <T>(value: T): T => scrubLoosely(scrubSecrets(value, secrets), loose);
  const safe = scrub(structured);
  // The JSON is repeated as text for clients that show the model only text (2025-11-25 says SHOULD, and
  // some clients read nothing else), compact since a model reads it as well as indented; past a few KB, once
  // is enough.
  const json = JSON.stringify(safe);
  const body = json.length <= MAX_TEXT_JSON ? json : "(The full result is in the structured content.)";
  return {
    content: [{ type: "text", text: scrub(`${summary}\n\n${body}`) }],
    structuredContent: safe,
  } satisfies CallToolResult;
}

/**
 * Runs one tool call end to end: notes the arguments' secrets to scrub from its result, fills in configured input,
 * applies the session's sign-in limit, runs the operation through core (which validates the arguments
 * before anything is sent), and turns the outcome into a tool result: the presenter's structured view on
 * success, a structured error with a recovery hint on failure. Never throws for a Plex or input problem;
 * those are results the model can act on.
 *
 * @example
 * ```ts
 * const result = await callTool(catalog.get("get_token_details"), {}, { session, logger, secrets, exposeTokens: false });
 * ```
 */
export async function callTool(binding: ToolBinding, args: unknown, context: ToolCallContext): Promise<CallToolResult> {
  const { operation, presenter } = binding;
  const toolName = binding.tool.name;
  const now = context.now ?? Date.now;
  const started = now();
  const callSecrets = secretInputOf(args, operation);
  let attempted = false;
  try {
    if (binding.limited) {
      context.session.signIns.acquire();
      attempted = true;
    }
    const tokenOrigin = context.session.tokenOrigin;
    const result = await context.session.run(
      binding,
      withConfiguredInput(args, binding.configuredInput),
      context.signal,
    );
    const issued = applyToSession(binding, result, context.session);
    // Plex's answer as it may be shown: its text cleaned and cut, and every token in it on the scrub list
    // before any text is built from it.
    const shown = cleanPlexValue(result);
    for (const token of shown.tokens) context.secrets.add(token);
    const { structured, summary } = await presenter.present(shown.value as never, {
      exposeTokens: context.exposeTokens,
      now: now(),
      tokenOrigin: issued ? issued.origin : tokenOrigin,
      core: context.session.client,
      signal: context.signal,
    });
    context.logger.info("tool call succeeded", { tool: toolName, ms: now() - started });
    const capped = capLists(structured);
    return successResult(capped.value, describeShown(summary, capped.omitted, shown.hasText), context, callSecrets);
  } catch (error) {
    if (attempted && nothingWasSent(error)) context.session.signIns.refund();
    if (binding.limited) noteSignInFailure(error, context);
    const info = toolErrorInfo(error, operation, [...context.secrets.values(), ...callSecrets]);
    const level = error instanceof RequestAbortedError ? "info" : "warn";
    context.logger[level]("tool call failed", {
      tool: toolName,
      code: info.code,
      status: info.status ?? undefined,
      ms: now() - started,
    });
    if (info.code === "internal_error") {
      const message = error instanceof Error ? error.message : String(error);
      context.logger.error("unexpected error", { error: redactText(message, callSecrets) });
    }
    return errorResult(info);
  }
}
