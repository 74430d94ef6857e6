/**
 * The one place that knows what a secret looks like. Everything that leaves the SDK as text (error
 * messages, excerpts, log details) goes through here first.
 */

/** What a removed secret is replaced with. */
export const REDACTED = "[redacted]";

// Secrets shorter than this are not searched for in free text: replacing every "a" of a message because a
// password was "a" would garble it, and such a secret is never echoed by Plex in practice.
const MIN_SEARCHABLE_SECRET_LENGTH = 4;

const SECRET_KEY =
  /^(x-plex-token|authtoken|accesstoken|token|password|passwd|verificationcode|secret|authorization|proxy-authorization|cookie|set-cookie)$/i;

// Secret-bearing fields as they appear inside JSON, XML attributes, query strings and headers.
const SECRET_IN_TEXT: readonly RegExp[] = [
  /("(?:authToken|accessToken|token|password|verificationCode|secret)"\s*:\s*")(?:[^"\\]|\\.)*(")/gi,
  /(\b(?:authToken|accessToken|token|password|verificationCode|secret)\s*=\s*")[^"]*(")/gi,
  /(\b(?:authToken|accessToken|token|password|verificationCode|secret)\s*=\s*')[^']*(')/gi,
  /([?&](?:X-Plex-Token|authToken|accessToken|token|password|verificationCode)=)[^&#\s"'<>]*()/gi,
  // Unquoted `key=value` or `key: value` in free text: an echoed form body, a PMS debug page. A bare
  // `token` is left out here: "Invalid token: sign in again" is an ordinary Plex message.
  /(\b(?:X-Plex-Token|authToken|accessToken|password|verificationCode)\s*[:=]\s*)[^\s,;&"'<>]+()/gi,
  // A compact JWT anywhere, under any name (a Plex JWT echoed as `auth_token`, a client JWT as `jwt` or
  // `deviceJWT`): its header is base64url JSON, so it always starts `eyJ`.
  /()\beyJ[\w-]*\.[\w-]*\.[\w-]*()/g,
];

// A word every pattern of SECRET_IN_TEXT needs (each names a token, password, code or secret, or is a JWT):
// text without one cannot match any of them.
const MIGHT_HOLD_SECRET = /token|password|verificationcode|secret|eyJ/i;

/**
 * Whether a field or header name holds a secret (`authToken`, `X-Plex-Token`, `password`, ...).
 *
 * @example
 * ```ts
 * isSecretKey("X-Plex-Token"); // true
 * isSecretKey("username"); // false
 * ```
 */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

/**
 * Removes secrets from free text: each of the given secret values, and any secret-looking field
 * (`"authToken":"…"`, `X-Plex-Token=…`).
 *
 * @example
 * ```ts
 * redactText('{"authToken":"abc123"} seen abc123', ["abc123"]); // '{"authToken":"[redacted]"} seen [redacted]'
 * ```
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= MIN_SEARCHABLE_SECRET_LENGTH && result.includes(secret))
      result = result.split(secret).join(REDACTED);
  }
  // Most text (a server's name, an email) has no secret-looking field: one test instead of every pattern.
  if (!MIGHT_HOLD_SECRET.test(result)) return result;
  for (const pattern of SECRET_IN_TEXT) result = result.replace(pattern, `$1${REDACTED}$2`);
  return result;
}

/**
 * Copies a value for logging with every secret-named field replaced, recursing into arrays and objects.
 *
 * @example
 * ```ts
 * redactValue({ headers: { "X-Plex-Token": "abc" }, status: 200 }); // { headers: { "X-Plex-Token": "[redacted]" }, status: 200 }
 * ```
 */
export function redactValue(value: unknown, secrets: readonly (string | undefined)[] = [], depth = 0): unknown {
  if (typeof value === "string") return redactText(value, secrets);
  if (typeof value !== "object" || value === null) return value;
  if (depth > 8) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = isSecretKey(key) ? REDACTED : redactValue(item, secrets, depth + 1);
  }
  return copy;
}

/**
 * A short, non-secret handle for a token: its last four characters (`"…a1b2"`), enough to tell tokens
 * apart in a transcript or a tool result without revealing them.
 *
 * @example
 * ```ts
 * fingerprint("CxoUzBTSV5hsxjTpa1b2"); // "…a1b2"
 * ```
 */
export function fingerprint(token: string): string {
  return token.length <= 8 ? "…" : `…${token.slice(-4)}`;
}
