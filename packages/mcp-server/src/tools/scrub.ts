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

// What may stand between the characters of a spaced-out copy: spaces, punctuation a model might use to
// break a token up, and invisible characters.
const SPACER = "[\\s\\-_.,·|/\\\\\\u200b-\\u200d\\u2060]*";
// Shorter secrets would match ordinary text once spaced out.
const MIN_LOOSE_LENGTH = 8;
const loosePatterns = new Map<string, RegExp>();

function loosePattern(secret: string): RegExp {
  let pattern = loosePatterns.get(secret);
  if (!pattern) {
    const characters = [...secret].map((character) => character.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    pattern = new RegExp(characters.join(SPACER), "giu");
    if (loosePatterns.size > 64) loosePatterns.clear();
    loosePatterns.set(secret, pattern);
  }
  return pattern;
}

/**
 * {@link scrubSecrets}, and then also the copies of `secrets` a model or a Plex field could slip past an
 * exact match: spaced out ("a b c …", "a-b-c…", zero-width characters between), or in another case.
 * For the few configured secrets, where a regular expression each is affordable.
 *
 * @example
 * ```ts
 * scrubLoosely("it is A-B-C-D-1-2-3-4", ["abcd1234"]); // "it is [redacted]"
 * ```
 */
export function scrubLoosely<T>(value: T, secrets: readonly string[], depth = 0): T {
  const long = secrets.filter((secret) => secret.length >= MIN_LOOSE_LENGTH);
  if (long.length === 0) return value;
  if (typeof value === "string") {
    return long.reduce((text, secret) => text.replace(loosePattern(secret), "[redacted]"), value as string) as T;
  }
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => scrubLoosely(item, long, depth + 1)) as T;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, scrubLoosely(item, long, depth + 1)]),
  ) as T;
}
