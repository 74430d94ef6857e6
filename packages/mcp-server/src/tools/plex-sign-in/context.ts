import type { ElicitRequestURLParams, ElicitResult } from "@modelcontextprotocol/server";
import type { ToolCallContext } from "../call-tool.ts";
import type { SignInState } from "./sign-in-state.ts";

/**
 * URL elicitation the 2026-07-28 way: the call returns an input-required result, the client shows the page
 * and retries the call with the person's answer and the state it was given.
 */
export interface InputRequiredElicitation {
  /** The verified state of a retried call; `undefined` on the first call. */
  readonly state: SignInState | undefined;
  /** The person's answers on a retried call, keyed as they were asked. */
  readonly responses: Record<string, unknown> | undefined;
  /** Seals the state the retry will carry. */
  mint(state: SignInState): Promise<string>;
}

/** What the "Sign in with Plex" tools need beyond a table tool: how to reach the person. */
export interface PlexSignInContext extends ToolCallContext {
  /**
   * URL-mode elicitation pushed to a 2025-era client (a server-to-client request), present only when the
   * client declared `capabilities.elicitation.url` and the connection can carry such a request.
   */
  readonly elicitUrl?: ((params: ElicitRequestURLParams) => Promise<ElicitResult>) | undefined;
  /** URL-mode elicitation through an input-required result, for a 2026-07-28 client that declared it. */
  readonly inputRequired?: InputRequiredElicitation | undefined;
  /** Opens a URL in the person's browser (stdio on a desktop only); resolves whether it did. */
  readonly openBrowser?: ((url: string) => Promise<boolean>) | undefined;
  /** Plex's auth app; a test or `--mock` points it at the mock's `/auth` page. */
  readonly authAppBaseUrl?: string | undefined;
  /** A progress notification for the call, when the client asked for them (a `progressToken`). */
  readonly progress?: ((progress: number, message: string) => Promise<void>) | undefined;
}
