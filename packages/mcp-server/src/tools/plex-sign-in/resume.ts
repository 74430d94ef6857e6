import { type CallToolResult, inputResponse } from "@modelcontextprotocol/server";
import { authAppUrl } from "@plex-auth/core";
import { declined, PLEX_PAGE_REQUEST, pageLink } from "./answers.ts";
import type { InputRequiredElicitation, PlexSignInContext } from "./context.ts";
import { waitForPlexSignIn } from "./wait.ts";

/**
 * `sign_in_with_plex` called again by a 2026-07-28 client after it showed Plex's page: the state it echoes
 * names the sign-in (verified by the SDK before this runs, and bound to this principal). Shown and
 * accepted: this call itself waits for the approval, as `wait_for_plex_sign_in` would, so the model needs
 * no second tool for the common case. Declined: forgotten. No answer at all: the page's link for the model.
 *
 * @example
 * ```ts
 * if (context.inputRequired?.state) return resumePlexSignIn(context.inputRequired, context);
 * ```
 */
export async function resumePlexSignIn(
  elicitation: InputRequiredElicitation,
  context: PlexSignInContext,
): Promise<CallToolResult> {
  const handle = (elicitation.state as NonNullable<InputRequiredElicitation["state"]>).handle as string;
  const now = (context.now ?? Date.now)();
  const pending = context.session.pendingSignIns.find(handle, now);
  if (!pending) return waitForPlexSignIn({ handle }, context); // finished already, or the "unknown handle" error
  const answer = inputResponse(elicitation.responses, PLEX_PAGE_REQUEST);
  const pinSecrets = [String(pending.pin.id)];
  if (answer.kind === "elicit" && answer.action === "accept") return waitForPlexSignIn({ handle }, context);
  if (answer.kind === "elicit") return declined(context, handle, pinSecrets);
  const url = authAppUrl(context.session.client, pending.pin, { baseUrl: context.authAppBaseUrl });
  return pageLink(context, url, handle, new Date(pending.expiresAt).toISOString(), pinSecrets);
}
