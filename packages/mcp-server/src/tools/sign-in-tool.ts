import type { AnyOperation } from "@plex-auth/core";

/**
 * Whether a tool signs in with credentials: core's table says so (`tool.credentials`). Such a call gets the
 * sign-in wording of errors and may take its credentials from the server's configuration. The one place
 * the MCP layer asks.
 *
 * @example
 * ```ts
 * isCredentialSignIn(operations.postUsersSignInData); // true
 * ```
 */
export function isCredentialSignIn(operation: AnyOperation): boolean {
  return operation.tool?.credentials !== undefined;
}

/**
 * Whether a failed call is a guess plex.tv may punish though no credentials are involved: the table marks
 * it `limited` (a Home profile's PIN). Such a call gets the PIN wording of errors.
 *
 * @example
 * ```ts
 * isPinGuess(operations.switchHomeUser); // true
 * ```
 */
export function isPinGuess(operation: AnyOperation): boolean {
  return operation.tool?.limited === true && !isCredentialSignIn(operation);
}

/**
 * Whether a call counts against the session's sign-in limiter and waits out the process-wide sign-in
 * pause: every credential sign-in and every PIN guess. The one place the MCP layer decides it.
 *
 * @example
 * ```ts
 * countsAsSignInAttempt(operations.switchHomeUser); // true
 * countsAsSignInAttempt(operations.getHomeUsers); // false
 * ```
 */
export function countsAsSignInAttempt(operation: AnyOperation): boolean {
  return isCredentialSignIn(operation) || isPinGuess(operation);
}
