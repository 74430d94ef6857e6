/**
 * The bad-input part's oracle: which inputs and per-call options are valid, written from the README's
 * promises independently of core's valibot schemas. Valid ones must be sent, exactly as given; any other
 * must fail with InvalidInputError before anything is sent.
 */

export type OperationName =
  | "getTransientToken"
  | "getSourceConnectionInformation"
  | "getTokenDetails"
  | "postUsersSignInData";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being matched.
const CONTROL = /[\u0000-\u001f\u007f]/;
const SOURCE = /^(server|provider):\/\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The fields an input has: own, enumerable string keys, which is what a strict object schema looks at.
 * Copied with defineProperty, so that an own `__proto__` key stays a key.
 */
function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object") return undefined;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    Object.defineProperty(fields, key, { value: field, enumerable: true, configurable: true, writable: true });
  }
  return fields;
}

function onlyKeys(fields: Record<string, unknown>, known: readonly string[]): boolean {
  return Object.keys(fields).every((key) => known.includes(key));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const isString = (value: unknown): value is string => typeof value === "string";

/**
 * Text that goes on the wire must be well-formed UTF-16: a lone surrogate cannot be encoded as UTF-8, so
 * fetch and URLSearchParams silently replace it with U+FFFD, and Plex would get a different password or
 * token than the caller gave (a changed password fails the sign-in and counts toward the lock-out).
 */
const isWireText = (value: unknown): value is string => isString(value) && !LONE_SURROGATE.test(value);
const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);

function signInText(value: unknown): boolean {
  return isWireText(value) && value.length >= 1 && value.length <= 1024;
}

/** Whether `input` is valid for `operation`. */
export function isValidInput(operation: OperationName, input: unknown): boolean {
  const fields = fieldsOf(input);
  if (!fields) return false;
  switch (operation) {
    case "getTokenDetails":
      return onlyKeys(fields, []);
    case "getTransientToken":
      return (
        onlyKeys(fields, ["type", "scope"]) &&
        optional(fields.type, (type) => type === "delegation") &&
        optional(fields.scope, (scope) => scope === "all")
      );
    case "getSourceConnectionInformation":
      return (
        onlyKeys(fields, ["source", "refresh"]) &&
        isString(fields.source) &&
        SOURCE.test(fields.source) &&
        optional(fields.refresh, (refresh) => typeof refresh === "boolean")
      );
    case "postUsersSignInData":
      return (
        onlyKeys(fields, ["login", "password", "verificationCode", "rememberMe"]) &&
        signInText(fields.login) &&
        signInText(fields.password) &&
        optional(fields.verificationCode, (code) => isWireText(code) && /^\S+$/.test(code) && code.length <= 64) &&
        optional(fields.rememberMe, (remember) => typeof remember === "boolean")
      );
  }
}

function isHttpBase(value: unknown): boolean {
  if (!isString(value)) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash
    );
  } catch {
    return false;
  }
}

function isTimeout(value: unknown): boolean {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_TIMER_MS;
}

function isRetry(value: unknown): boolean {
  if (value === false) return true;
  const fields = fieldsOf(value);
  if (
    !fields ||
    value === null ||
    !onlyKeys(fields, ["maxRetries", "initialDelayMs", "maxDelayMs", "maxRetryAfterMs"])
  ) {
    return false;
  }
  const within = (field: unknown, max: number) =>
    optional(field, (n) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= max);
  return (
    within(fields.maxRetries, 10) &&
    within(fields.initialDelayMs, 60_000) &&
    within(fields.maxDelayMs, 600_000) &&
    within(fields.maxRetryAfterMs, 3_600_000)
  );
}

/** A token as a header value: a non-blank string without line breaks or control characters. */
export function isValidToken(value: unknown): boolean {
  return isWireText(value) && value.trim().length > 0 && !CONTROL.test(value);
}

/** Whether per-call options are valid. */
export function isValidOptions(options: unknown): boolean {
  if (options === undefined) return true;
  const fields = fieldsOf(options);
  if (!fields || options === null) return false;
  return (
    onlyKeys(fields, ["signal", "timeoutMs", "retry", "serverUrl", "token"]) &&
    optional(fields.token, isValidToken) &&
    optional(fields.timeoutMs, isTimeout) &&
    optional(fields.serverUrl, isHttpBase) &&
    optional(fields.retry, isRetry)
  );
}

/** The identity options this part fuzzes, and the `X-Plex-*` header each becomes. */
export const IDENTITY_FIELDS: Readonly<Record<string, string>> = {
  clientIdentifier: "x-plex-client-identifier",
  product: "x-plex-product",
  version: "x-plex-version",
  deviceName: "x-plex-device-name",
};

/** Whether options of `createPlexAuth` are valid (for the fields this part generates). */
export function isValidClientOptions(options: unknown): boolean {
  const fields = fieldsOf(options);
  if (!fields || options === undefined || options === null) return false;
  const known = [
    ...Object.keys(IDENTITY_FIELDS),
    "token",
    "timeoutMs",
    "maxResponseBytes",
    "retry",
    "fetch",
    "plexTvUrl",
  ];
  const headerText = (value: unknown) => isWireText(value) && !CONTROL.test(value);
  return (
    onlyKeys(fields, known) &&
    isValidToken(fields.clientIdentifier) &&
    ["product", "version", "deviceName"].every((key) => optional(fields[key], headerText)) &&
    optional(fields.token, isValidToken) &&
    optional(fields.timeoutMs, isTimeout) &&
    optional(fields.maxResponseBytes, (n) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= 2 ** 30) &&
    optional(fields.retry, isRetry)
  );
}
