import type { ToolAnnotations } from "@modelcontextprotocol/server";

/** A tool's four behaviour hints, all stated (as core's table states them). */
export interface BehaviourHints {
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** MCP's defaults for a hint a tool leaves out. */
export const HINT_DEFAULTS: BehaviourHints = Object.freeze({
  readOnlyHint: false,
  destructiveHint: true,
  idempotentHint: false,
  openWorldHint: true,
});

/**
 * The hints as a listing sends them: only those that differ from MCP's defaults, and for a read-only tool
 * not `destructiveHint` and `idempotentHint`, which the spec gives meaning only when a tool is not
 * read-only. A client reads the same behaviour from fewer bytes, in a list the model reads whole.
 *
 * @example
 * ```ts
 * listedAnnotations({ readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true });
 * // { readOnlyHint: true }
 * ```
 */
export function listedAnnotations(hints: BehaviourHints): ToolAnnotations {
  const listed: ToolAnnotations = {};
  if (hints.readOnlyHint) listed.readOnlyHint = true;
  else {
    if (!hints.destructiveHint) listed.destructiveHint = false;
    if (hints.idempotentHint) listed.idempotentHint = true;
  }
  if (!hints.openWorldHint) listed.openWorldHint = false;
  return listed;
}
