/**
 * Everything a thrown error (or any value) shows to the world, as one string: message, stack, every
 * `cause` down the chain, `JSON.stringify`, and `util.inspect` with and without hidden properties.
 */
import { inspect } from "node:util";

const MAX_CAUSE_DEPTH = 10;

export function exposedText(value: unknown): string {
  const parts: string[] = [];
  let current: unknown = value;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) parts.push(current.message, current.stack ?? "");
    parts.push(safeJson(current), String(current));
    current = (current as { cause?: unknown }).cause;
  }
  parts.push(inspect(value, { depth: 10 }), inspect(value, { depth: 10, showHidden: true }));
  return parts.join("\n");
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch (error) {
    return `unserializable: ${String(error)}`;
  }
}

/** The sentinels found in `text`, so a failure names which secret leaked. */
export function leaked(text: string, sentinels: readonly string[]): string[] {
  return sentinels.filter((sentinel) => text.includes(sentinel));
}
