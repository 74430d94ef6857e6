import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { InvalidInputError, RateLimitError, RequestAbortedError, SignInThrottledError } from "@plex-auth/core";
import { NotSignedInError, ServerNotConfiguredError } from "../errors/local-errors.ts";
import type { Logger } from "../log/logger.ts";
import type { SecretRegistry } from "../log/secrets.ts";
import type { PlexSession } from "../session/session.ts";
import type { ToolBinding } from "./catalog.ts";
import { withConfiguredInput } from "./configured-input.ts";
import { errorResult, toolErrorInfo } from "./error-result.ts";
import { scrubSecrets } from "./scrub.ts";

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

// Errors raised before anything reached Plex: a sign-in attempt that ends in one is given back.
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

/**
 * Runs one tool call end to end: fills in configured input, applies the session's sign-in limit, runs the
 * operation through core (which validates the arguments before anything is sent), and turns the outcome
 * into a tool result: the presenter's structured view on success, a structured error with a recovery hint
 * on failure. Never throws for a Plex or input problem; those are results the model can act on.
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
  const isSignIn = binding.signIn;
  let attempted = false;
  try {
    if (isSignIn) {
      context.session.signIns.acquire();
      attempted = true;
    }
    const tokenOrigin = context.session.tokenOrigin;
    const result = await context.session.run(
      binding,
      withConfiguredInput(args, binding.configuredInput),
      context.signal,
    );
    const issued = presenter.issuedToken?.(result as never);
    if (issued) context.session.adoptToken(issued);
    const { structured, summary } = presenter.present(result as never, {
      exposeTokens: context.exposeTokens,
      now: now(),
      tokenOrigin: issued ? "sign-in" : tokenOrigin,
    });
    context.logger.info("tool call succeeded", { tool: toolName, ms: now() - started });
    // A last line of defence: with exposure off, no known secret may leave in a result, whatever a
    // presenter does.
    const secrets = context.exposeTokens ? [] : context.secrets.values();
    const safe = scrubSecrets(structured, secrets);
    return {
      content: [{ type: "text", text: scrubSecrets(`${summary}\n\n${JSON.stringify(safe, null, 2)}`, secrets) }],
      structuredContent: safe,
    };
  } catch (error) {
    if (isSignIn && attempted && nothingWasSent(error)) context.session.signIns.refund();
    if (isSignIn) noteSignInFailure(error, context);
    const info = toolErrorInfo(error, operation, context.secrets.values());
    const level = error instanceof RequestAbortedError ? "info" : "warn";
    context.logger[level]("tool call failed", {
      tool: toolName,
      code: info.code,
      status: info.status ?? undefined,
      ms: now() - started,
    });
    if (info.code === "internal_error") {
      context.logger.error("unexpected error", { error: error instanceof Error ? error.message : String(error) });
    }
    return errorResult(info);
  }
}
