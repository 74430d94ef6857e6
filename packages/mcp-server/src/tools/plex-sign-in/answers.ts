import type { CallToolResult } from "@modelcontextprotocol/server";
import { successResult } from "../call-tool.ts";
import type { PlexSignInContext } from "./context.ts";
import { WAIT_FOR_PLEX_SIGN_IN } from "./definitions.ts";

/** The key the page's URL elicitation is asked under in an input-required result. */
export const PLEX_PAGE_REQUEST = "plex_sign_in_page";

/** What the client shows the person with Plex's page. */
export const PAGE_MESSAGE =
  "Sign in with Plex: approve this assistant's access to your Plex account on Plex's own page.";

/** The model's next step once the person has the page. */
export const thenWait = (handle: string): string => `Then call ${WAIT_FOR_PLEX_SIGN_IN} with the handle ${handle}.`;

/**
 * What the model is told when nothing better worked: the page's link (its code cannot be typed at
 * plex.tv/link).
 *
 * @example
 * ```ts
 * return pageLink(context, url, pending.handle, expiresAt, [String(pin.id)]);
 * ```
 */
export function pageLink(
  context: PlexSignInContext,
  url: string,
  handle: string,
  expiresAt: string,
  secrets: readonly string[],
): CallToolResult {
  const summary = `Ask the user to open this link and approve the sign-in on Plex's page: ${url} ${thenWait(handle)}`;
  return successResult({ status: "waiting", method: "link", handle, url, expiresAt }, summary, context, secrets);
}

/**
 * The person said no on the client's prompt: the sign-in is forgotten, and the model is told not to start
 * another one on its own.
 *
 * @example
 * ```ts
 * return declined(context, pending.handle, []);
 * ```
 */
export function declined(context: PlexSignInContext, handle: string, secrets: readonly string[]): CallToolResult {
  context.session.pendingSignIns.forget(handle);
  const summary = "The user declined to sign in with Plex. Do not start it again unless they ask.";
  return successResult({ status: "declined", method: "elicitation" }, summary, context, secrets);
}
