import { InvalidInputError } from "@plex-auth/core";
import type { StoredLogin } from "./token-store.ts";

/** The longest token kept: Plex tokens are about 20 characters, JWTs a few hundred; anything longer is not one. */
export const MAX_TOKEN_LENGTH = 16_384;
// A username, a UUID or a date: generous, but short enough to print.
const MAX_FIELD_LENGTH = 1_024;

/**
 * Whether `text` is `1..max` characters with no control character (C0, DEL or C1): a token with a newline
 * or an escape in it is corrupt, and a username with one could rewrite the terminal when `whoami` prints it.
 */
function isPlainText(text: unknown, max: number): text is string {
  if (typeof text !== "string" || text.length === 0 || text.length > max) return false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return false;
  }
  return true;
}

function isOptionalPlainText(text: unknown): text is string | undefined {
  return text === undefined || isPlainText(text, MAX_FIELD_LENGTH);
}

/** Whether `value` is a login worth keeping: a sane token and, when present, sane other fields. */
function isStoredLogin(value: unknown): value is StoredLogin {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const login = value as Record<string, unknown>;
  return (
    isPlainText(login.token, MAX_TOKEN_LENGTH) &&
    isPlainText(login.storedAt, MAX_FIELD_LENGTH) &&
    isOptionalPlainText(login.username) &&
    isOptionalPlainText(login.uuid)
  );
}

/**
 * The login in `text` (as {@link serializeStoredLogin} wrote it), or `undefined` when it is not JSON, not
 * of that shape, or its token is not a plausible one: a corrupt entry counts as none, and is never quoted.
 */
export function parseStoredLogin(text: string): StoredLogin | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isStoredLogin(value)) return undefined;
  // Only the known fields, so whatever else the entry held never travels further.
  return { token: value.token, username: value.username, uuid: value.uuid, storedAt: value.storedAt };
}

/**
 * The JSON a store keeps for `login`. Throws an {@link InvalidInputError} (naming the field, never its
 * value) for a login {@link parseStoredLogin} would not read back, so nothing is stored that reads as none.
 */
export function serializeStoredLogin(login: StoredLogin): string {
  const issues = [];
  if (!isPlainText(login.token, MAX_TOKEN_LENGTH)) {
    issues.push({ path: "token", message: `must be 1 to ${MAX_TOKEN_LENGTH} characters, with no control characters` });
  }
  if (!isPlainText(login.storedAt, MAX_FIELD_LENGTH)) issues.push({ path: "storedAt", message: "must be a date" });
  for (const field of ["username", "uuid"] as const) {
    if (!isOptionalPlainText(login[field])) {
      issues.push({ path: field, message: `must be 1 to ${MAX_FIELD_LENGTH} characters, with no control characters` });
    }
  }
  if (issues.length > 0) throw new InvalidInputError({ where: "login to store", issues });
  return JSON.stringify({ token: login.token, username: login.username, uuid: login.uuid, storedAt: login.storedAt });
}
