import * as v from "valibot";

// Half of a UTF-16 surrogate pair with no other half. It has no UTF-8 encoding, so Headers, fetch and
// URLSearchParams silently replace it with U+FFFD: Plex would receive a different token, login or password
// than the caller gave, and a changed password fails the sign-in and counts toward plex.tv's lock-out
// (code 1031). Such text is refused before anything is sent instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether a string is well-formed UTF-16 (no lone surrogates), so it can be sent as UTF-8 unchanged.
 * `String.prototype.isWellFormed` does the same, but only runtimes from 2023 on have it.
 *
 * @example
 * ```ts
 * isWellFormed("p😀ss"); // true
 * isWellFormed("p\uD800ss"); // false
 * ```
 */
export function isWellFormed(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/** The valibot check of {@link isWellFormed}, for every string field that goes on the wire. */
export const wellFormed: v.CheckAction<string, string> = v.check(
  isWellFormed,
  "must be well-formed text: it contains a lone UTF-16 surrogate, which cannot be sent unchanged",
);
