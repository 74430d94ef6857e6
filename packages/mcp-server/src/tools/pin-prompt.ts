import {
  type CallToolResult,
  type ElicitRequestFormParams,
  type ElicitResult,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
} from "@modelcontextprotocol/server";
import { HomeUserPinRequiredError } from "@plex-auth/core";
import { callTool, type ToolCallContext } from "./call-tool.ts";
import type { ToolBinding } from "./catalog.ts";
import { errorResult, toolErrorInfo } from "./error-result.ts";

/** The key the PIN form is asked under in an input-required result. */
export const PIN_REQUEST = "home_user_pin";

/** How the client can ask the person for a Home profile's PIN itself, so it never passes through the model. */
export type PinPrompt =
  /** A 2025-era client: a form elicitation within the call. */
  | { readonly kind: "push"; readonly elicit: (params: ElicitRequestFormParams) => Promise<ElicitResult> }
  /** A 2026-07-28 client: an input-required result, and the call again with the answer. */
  | {
      readonly kind: "input-required";
      /** The profile a retried call's verified state names; `undefined` on a first call. */
      readonly homeUser: string | undefined;
      readonly responses: Record<string, unknown> | undefined;
      mint(homeUser: string): Promise<string>;
    };

const PIN_FIELD = {
  type: "string",
  title: "PIN",
  description: "4 digits",
  pattern: "^\\d{4}$",
  minLength: 4,
  maxLength: 4,
};

function form(): ElicitRequestFormParams {
  return {
    mode: "form",
    message:
      "This Plex Home profile is protected. Enter its 4-digit PIN (it goes to plex.tv only, not to the assistant).",
    requestedSchema: { type: "object", properties: { pin: PIN_FIELD }, required: ["pin"] },
  } as ElicitRequestFormParams;
}

function pinOf(content: unknown): string | undefined {
  const pin = (content as { pin?: unknown } | undefined)?.pin;
  return typeof pin === "string" && /^\d{4}$/.test(pin) ? pin : undefined;
}

function objectArgs(args: unknown): Record<string, unknown> {
  return typeof args === "object" && args !== null && !Array.isArray(args) ? (args as Record<string, unknown>) : {};
}

// The person was asked for the PIN and gave none: the same code as a missing PIN, saying so.
function notGiven(binding: ToolBinding): CallToolResult {
  const message = "The user did not give the profile's PIN when asked. Do not guess one.";
  const error = new HomeUserPinRequiredError({ status: 403, message, operation: binding.operation.name });
  return errorResult(toolErrorInfo(error, binding.operation, []));
}

const needsPin = (result: CallToolResult) =>
  result.isError === true &&
  (result.structuredContent as { error?: { code?: string } } | undefined)?.error?.code === "home_user_pin_required";

/**
 * A PIN-protected tool (`switch_home_user`) where the client can ask the person itself: called without a
 * PIN and answered `home_user_pin_required`, the client shows a form for the 4-digit PIN (a form
 * elicitation on 2025-era clients, an input-required result on 2026-07-28 ones) and the call is made
 * again with it, so the PIN never enters the model's context. Declined, or no such client: the error, as
 * before (the model then asks the user and passes the PIN as an argument).
 *
 * @example
 * ```ts
 * return callWithPinPrompt(binding, args, context, prompt);
 * ```
 */
export async function callWithPinPrompt(
  binding: ToolBinding,
  args: unknown,
  context: ToolCallContext,
  prompt: PinPrompt,
): Promise<CallToolResult | InputRequiredResult> {
  const given = objectArgs(args);
  const uuid = typeof given.uuid === "string" ? given.uuid : undefined;
  if (prompt.kind === "input-required" && uuid !== undefined && prompt.homeUser === uuid) {
    // The call again, with the person's answer: nothing more is sent to plex.tv without a PIN.
    const answer = inputResponse(prompt.responses, PIN_REQUEST);
    const pin = answer.kind === "elicit" && answer.action === "accept" ? pinOf(answer.content) : undefined;
    return pin === undefined ? notGiven(binding) : callTool(binding, { ...given, pin }, context);
  }
  const first = await callTool(binding, args, context);
  if (!needsPin(first) || given.pin !== undefined || uuid === undefined) return first;
  if (prompt.kind === "input-required") {
    const requestState = await prompt.mint(uuid);
    return inputRequired({ inputRequests: { [PIN_REQUEST]: inputRequired.elicit(form()) }, requestState });
  }
  const answer = await prompt.elicit(form()).catch(() => undefined);
  const pin = answer?.action === "accept" ? pinOf(answer.content) : undefined;
  return pin === undefined ? first : callTool(binding, { ...given, pin }, context);
}
