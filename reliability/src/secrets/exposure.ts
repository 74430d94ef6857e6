/**
 * Everything a thrown error (or any value) shows to the world, as one string: message, stack, every own
 * property, every `cause` down the chain, `String()`, `JSON.stringify`, and `util.inspect` with and
 * without hidden properties. Built on the idea of core's test helper of the same name.
 */
import { inspect } from "node:util";

const MAX_DEPTH = 10;

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "";
  } catch (error) {
    return `unserializable: ${String(error)}`;
  }
}

function safeString(value: unknown): string {
  try {
    return String(value);
  } catch {
    return "";
  }
}

export function exposedText(value: unknown): string {
  const parts: string[] = [];
  let current: unknown = value;
  for (let depth = 0; depth < MAX_DEPTH && current !== undefined && current !== null; depth++) {
    if (current instanceof Error) parts.push(current.message, current.stack ?? "");
    if (typeof current === "object") {
      for (const key of Object.getOwnPropertyNames(current)) {
        parts.push(key, safeJson((current as Record<string, unknown>)[key]));
      }
    }
    parts.push(safeJson(current), safeString(current));
    current = (current as { cause?: unknown }).cause;
  }
  parts.push(inspect(value, { depth: MAX_DEPTH }), inspect(value, { depth: MAX_DEPTH, showHidden: true }));
  return parts.join("\n");
}
