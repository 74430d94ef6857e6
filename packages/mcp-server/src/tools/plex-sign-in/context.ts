import type { ElicitRequestURLParams, ElicitResult } from "@modelcontextprotocol/sdk/types.js";
import type { ToolCallContext } from "../call-tool.ts";

/** What the "Sign in with Plex" tools need beyond a table tool: how to reach the person. */
export interface PlexSignInContext extends ToolCallContext {
  /** URL-mode elicitation, present only when the client declared it (`capabilities.elicitation.url`). */
  readonly elicitUrl?: ((params: ElicitRequestURLParams) => Promise<ElicitResult>) | undefined;
  /** Opens a URL in the person's browser (stdio on a desktop only); resolves whether it did. */
  readonly openBrowser?: ((url: string) => Promise<boolean>) | undefined;
  /** Plex's auth app; a test or `--mock` points it at the mock's `/auth` page. */
  readonly authAppBaseUrl?: string | undefined;
  /** A progress notification for the call, when the client asked for them (a `progressToken`). */
  readonly progress?: ((progress: number, message: string) => Promise<void>) | undefined;
}
