import type { Tool } from "@modelcontextprotocol/server";
import { listedAnnotations } from "../annotations.ts";

/** The tool that starts "Sign in with Plex". */
export const SIGN_IN_WITH_PLEX = "sign_in_with_plex";
/** The tool that waits for the person to approve it. */
export const WAIT_FOR_PLEX_SIGN_IN = "wait_for_plex_sign_in";

/** The longest one `wait_for_plex_sign_in` call waits: within a client's usual 60 s request timeout. */
export const MAX_WAIT_SECONDS = 55;
/** How long one `wait_for_plex_sign_in` call waits when it is not told. */
export const DEFAULT_WAIT_SECONDS = 45;

// MCP's recommended schema for a tool without arguments: an empty object only.
const noFields = (): Tool["inputSchema"] => ({ type: "object", additionalProperties: false });

// Neither is read-only, destructive or idempotent; both reach plex.tv.
const ANNOTATIONS = listedAnnotations({
  readOnlyHint: false,
  destructiveHint: false,
  idempotentHint: false,
  openWorldHint: true,
});

/**
 * The two listings. Not rows of core's operation table: they are a flow (a PIN, the person's approval on
 * Plex's own page, a poll), and no password, code or token ever passes through the model.
 */
export const PLEX_SIGN_IN_TOOLS: readonly Tool[] = [
  {
    name: SIGN_IN_WITH_PLEX,
    title: "Sign in with Plex",
    description:
      "The way to sign in: the person approves on Plex's own page, and no password enters this conversation. " +
      "The client shows the page, or a browser opens, or you get a link and a 4-character code to show them. " +
      `Then call ${WAIT_FOR_PLEX_SIGN_IN} with the handle, unless the status is signed-in.`,
    inputSchema: noFields(),
    outputSchema: {
      type: "object",
      properties: {
        status: { type: "string", enum: ["waiting", "declined", "signed-in", "pending"] },
        method: { type: "string", enum: ["elicitation", "browser", "link"] },
        handle: { type: "string" },
        url: { type: "string" },
        code: { type: "string" },
        expiresAt: { type: "string" },
        account: { type: "object" },
        token: { type: "object" },
      },
    },
    annotations: ANNOTATIONS,
  },
  {
    name: WAIT_FOR_PLEX_SIGN_IN,
    title: "Wait for the Plex sign-in",
    description:
      `Waits up to waitSeconds for the person to approve the sign-in ${SIGN_IN_WITH_PLEX} started. Signed in: ` +
      "the token becomes the session's token. Still pending: call again.",
    inputSchema: {
      type: "object",
      properties: {
        handle: {
          type: "string",
          pattern: "^[A-Za-z0-9_-]{24}$",
          description: `The handle ${SIGN_IN_WITH_PLEX} returned.`,
        },
        waitSeconds: { type: "integer", minimum: 1, maximum: MAX_WAIT_SECONDS, default: DEFAULT_WAIT_SECONDS },
      },
      required: ["handle"],
      additionalProperties: false,
    },
    outputSchema: {
      type: "object",
      properties: {
        status: { type: "string", enum: ["signed-in", "pending"] },
        account: { type: "object" },
        token: { type: "object" },
        expiresAt: { type: "string" },
      },
    },
    annotations: ANNOTATIONS,
  },
];
