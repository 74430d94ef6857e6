import { redactText } from "@plex-auth/core";

const MAX_DEPTH = 16;

/**
 * A copy of a JSON-like value with every known secret value removed from every string. Unlike core's
 * `redactValue`, keys are kept as they are: results name fields `token` on purpose (holding a fingerprint).
 *
 * @example
 * ```ts
 * scrubSecrets({ note: "token abc123456 minted" }, ["abc123456"]); // { note: "token [redacted] minted" }
 * ```
 */
export function scrubSecrets<T>(value: T, secrets: readonly string[], depth = 0): T {
  if (typeof value === "string") return redactText(value, secrets) as T;
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrubSecrets(item, secrets, depth + 1)) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, scrubSecrets(item, secrets, depth + 1)]),
  ) as T;
}
