/**
 * Prints a fast-check counterexample readably: strings escaped and cut to 60 characters (a 100 KB string
 * would drown the report), own `__proto__` keys shown as keys, symbols and functions named.
 */
export function describeCase(value: unknown, depth = 0): string {
  if (typeof value === "string") {
    const escaped = JSON.stringify(value.length > 60 ? value.slice(0, 60) : value);
    return value.length > 60 ? `${escaped}… (${value.length} chars)` : escaped;
  }
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol" || typeof value === "function") return String(value);
  if (value === undefined) return "undefined";
  if (typeof value !== "object" || value === null) return Object.is(value, -0) ? "-0" : String(value);
  if (depth > 3) return "…";
  if (Array.isArray(value)) return `[${value.map((item) => describeCase(item, depth + 1)).join(", ")}]`;
  const name = value.constructor && value.constructor !== Object ? `${value.constructor.name} ` : "";
  const entries = Object.keys(value).map(
    (key) => `${JSON.stringify(key)}: ${describeCase((value as Record<string, unknown>)[key], depth + 1)}`,
  );
  return `${name}{${entries.join(", ")}}`;
}

/** Formats a failed fast-check run: the error, and the counterexample made readable; "" when it held. */
export function counterexampleOf(result: {
  failed: boolean;
  errorInstance: unknown;
  counterexample: unknown[] | null;
  seed: number;
  counterexamplePath: string | null;
}): string {
  if (!result.failed) return "";
  const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  const values = (result.counterexample ?? []).map((value) => describeCase(value)).join(", ");
  return `${error} for (${values}) (seed ${result.seed}, path "${result.counterexamplePath ?? ""}")`;
}

/** How many generated cases the oracle judged valid and invalid: both must be reached, or a property proves little. */
export interface Tally {
  valid: number;
  invalid: number;
}
