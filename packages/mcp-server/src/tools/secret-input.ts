import type { AnyOperation } from "@plex-auth/core";

/**
 * The values of the arguments' secret fields (core's `secretFields`: a password, a two-factor code, a Home
 * profile's PIN), to scrub from this call's result and log lines. Per call, not added to the process's
 * scrub list: a 4-digit PIN remembered for the whole process would garble every later "2019" in a
 * result. Core keeps them out of its own messages and log events already. Values of any type count: a
 * rejected value is still the secret the user meant.
 *
 * @example
 * ```ts
 * secretInputOf({ uuid: "19860c4bdfbf24d5", pin: "0123" }, operations.switchHomeUser); // ["0123"]
 * ```
 */
export function secretInputOf(args: unknown, operation: AnyOperation): string[] {
  if (typeof args !== "object" || args === null) return [];
  return operation.secretFields.flatMap((field) => {
    const value = (args as Record<string, unknown>)[field];
    return typeof value === "string" || typeof value === "number" ? [String(value)] : [];
  });
}
