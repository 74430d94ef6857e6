/**
 * The operations the bad-input part covers: every one of core's table, read from it, so an operation added
 * to core is fuzzed too (its test fails until it has an input arbitrary, an oracle rule and a wire form).
 */
import { type AnyOperation, EMPTY_BODY, type OperationName, operations } from "@plex-auth/core";

export type { OperationName };

/** Every operation of core's table, by name. */
export const OPERATION_NAMES: readonly OperationName[] = Object.freeze(
  Object.keys(operations).sort() as OperationName[],
);

export function operationOf(name: OperationName): AnyOperation {
  return operations[name] as AnyOperation;
}

/** The operation an MCP tool runs, by the table's `tool.name`. */
export function operationOfTool(toolName: string): OperationName | undefined {
  return OPERATION_NAMES.find((name) => operationOf(name).tool?.name === toolName);
}

/** Whether the operation reads its response body (not one whose success is any 2xx, like signOut). */
export function readsBody(name: OperationName): boolean {
  return operationOf(name).response !== EMPTY_BODY;
}

/** `createOAuthPin` -> `create_oauth_pin`, `exchangeJWTToken` -> `exchange_jwt_token`: the spec examples' names. */
export function snakeName(name: string): string {
  return name
    .replace("OAuth", "Oauth")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}
