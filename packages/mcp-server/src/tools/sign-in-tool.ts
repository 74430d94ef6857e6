import type { AnyOperation } from "@plex-auth/core";

/**
 * Whether a tool signs in with credentials: core's table says so (`tool.credentials`). Such a call counts
 * against the sign-in budget, gets the sign-in wording of errors, and may take its credentials from the
 * server's configuration. The one place the MCP layer asks.
 *
 * @example
 * ```ts
 * isCredentialSignIn(operations.postUsersSignInData); // true
 * ```
 */
export function isCredentialSignIn(operation: AnyOperation): boolean {
  return operation.tool?.credentials !== undefined;
}
