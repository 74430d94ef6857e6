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
import { scrubSecrets } from "./scrub.ts";
import { secretInputOf } from "./secret-input.ts";

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
  // presenter does. The call's own secret input (a PIN, a password) never leaves, exposure or not.
  const secrets = context.exposeTokens ? [...callSecrets] : [...context.secrets.values(), ...callSecrets];
  const safe = scrubSecrets(structured, secrets);
  return {
    content: [{ type: "text", text: scrubSecrets(`${summary}\n\n${JSON.stringify(safe, null, 2)}`, secrets) }],
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
    const { structured, summary } = await presenter.present(result as never, {
      exposeTokens: context.exposeTokens,
      now: now(),
      tokenOrigin: issued ? issued.origin : tokenOrigin,
      core: context.session.client,
      signal: context.signal,
    });
    context.logger.info("tool call succeeded", { tool: toolName, ms: now() - started });
    return successResult(structured, summary, context, callSecrets);
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
