/**
 * The bad-input part's oracle: which inputs and per-call options are valid, written from the README's
 * promises independently of core's valibot schemas. Valid ones must be sent, exactly as given; any other
 * must fail with InvalidInputError before anything is sent.
 */
import type { OperationName } from "./operations.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being matched.
const CONTROL = /[\u0000-\u001f\u007f]/;
const SOURCE = /^(server|provider):\/\/[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_TIMER_MS = 2_147_483_647;

/**
 * The fields an input has: own, enumerable string keys, which is what a strict object schema looks at.
 * Copied with defineProperty, so that an own `__proto__` key stays a key.
 */
export function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object") return undefined;
  const fields: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const field = (value as Record<string, unknown>)[key];
    Object.defineProperty(fields, key, { value: field, enumerable: true, configurable: true, writable: true });
  }
  return fields;
}

export function onlyKeys(fields: Record<string, unknown>, known: readonly string[]): boolean {
  return Object.keys(fields).every((key) => known.includes(key));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const isString = (value: unknown): value is string => typeof value === "string";
const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";

/**
 * Text that goes on the wire must be well-formed UTF-16: a lone surrogate cannot be encoded as UTF-8, so
 * fetch and URLSearchParams silently replace it with U+FFFD, and Plex would get a different password or
 * token than the caller gave (a changed password fails the sign-in and counts toward the lock-out).
 */
export const isWireText = (value: unknown): value is string => isString(value) && !LONE_SURROGATE.test(value);
export const optional = (value: unknown, check: (value: unknown) => boolean) => value === undefined || check(value);
const matches = (pattern: RegExp) => (value: unknown) => isString(value) && pattern.test(value);

function signInText(value: unknown): boolean {
  return isWireText(value) && value.length >= 1 && value.length <= 1024;
}

/** A PIN's id, as the README has it: a positive whole number, exact in a double. */
export function isPinId(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 1;
}

/** A compact JWT: three base64url parts, at most 8192 characters. */
const isCompactJwt = (value: unknown) =>
  isString(value) && value.length <= 8192 && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);

/** A device's public Ed25519 JWK, and nothing else (FLOWS.md section 2): a private key's `d` is never sent. */
function isDevicePublicJwk(value: unknown): boolean {
  const fields = fieldsOf(value);
  if (!fields || value === undefined || value === null) return false;
  return (
    onlyKeys(fields, ["kty", "crv", "x", "use", "alg", "kid"]) &&
    fields.kty === "OKP" &&
    fields.crv === "Ed25519" &&
    fields.use === "sig" &&
    fields.alg === "EdDSA" &&
    matches(/^[\w-]{43}$/)(fields.x) &&
    matches(/^[\w.-]{8,128}$/)(fields.kid)
  );
}

type InputRule = (fields: Record<string, unknown>) => boolean;

const noInput: InputRule = (fields) => onlyKeys(fields, []);

/**
 * Each operation's valid input, from the README's table of operations. A record over core's operation
 * names: an operation added to core does not type-check here until it has a rule.
 */
const INPUT_RULES: Readonly<Record<OperationName, InputRule>> = {
  getTokenDetails: noInput,
  ping: noInput,
  signOut: noInput,
  getHomeUsers: noInput,
  getClaimToken: noInput,
  getTransientToken: (fields) =>
    onlyKeys(fields, ["type", "scope"]) &&
    optional(fields.type, (type) => type === "delegation") &&
    optional(fields.scope, (scope) => scope === "all"),
  getSourceConnectionInformation: (fields) =>
    onlyKeys(fields, ["source", "refresh"]) &&
    isString(fields.source) &&
    SOURCE.test(fields.source) &&
    optional(fields.refresh, isBoolean),
  postUsersSignInData: (fields) =>
    onlyKeys(fields, ["login", "password", "verificationCode", "rememberMe"]) &&
    signInText(fields.login) &&
    signInText(fields.password) &&
    optional(fields.verificationCode, (code) => isWireText(code) && /^\S+$/.test(code) && code.length <= 64) &&
    optional(fields.rememberMe, isBoolean),
  createOAuthPin: (fields) =>
    onlyKeys(fields, ["strong", "jwk"]) &&
    optional(fields.strong, isBoolean) &&
    optional(fields.jwk, isDevicePublicJwk),
  getOAuthPin: (fields) =>
    onlyKeys(fields, ["pinId", "deviceJWT"]) && isPinId(fields.pinId) && optional(fields.deviceJWT, isCompactJwt),
  getAuthNonce: noInput,
  getAuthKeys: noInput,
  registerDeviceJWK: (fields) => onlyKeys(fields, ["jwk"]) && isDevicePublicJwk(fields.jwk),
  exchangeJWTToken: (fields) => onlyKeys(fields, ["jwt"]) && isCompactJwt(fields.jwt),
  // A PIN's code: 4 characters for plex.tv/link, 25 for the auth app; letters and digits.
  linkOAuthPin: (fields) => onlyKeys(fields, ["code"]) && matches(/^[A-Za-z0-9]{4,64}$/)(fields.code),
  getServerResources: (fields) =>
    onlyKeys(fields, ["includeHttps", "includeRelay", "includeIPv6"]) &&
    [fields.includeHttps, fields.includeRelay, fields.includeIPv6].every((flag) => optional(flag, isBoolean)),
  // A uuid from getHomeUsers (no slash, nothing to escape), and a 4-digit PIN as a string.
  switchHomeUser: (fields) =>
    onlyKeys(fields, ["uuid", "pin"]) &&
    matches(/^[A-Za-z0-9-]{1,64}$/)(fields.uuid) &&
    optional(fields.pin, matches(/^\d{4}$/)),
};

/** Whether `input` is valid for `operation`. */
export function isValidInput(operation: OperationName, input: unknown): boolean {
  const rule = INPUT_RULES[operation];
  if (!rule) throw new Error(`the oracle has no rule for ${operation}: add one to INPUT_RULES`);
  const fields = fieldsOf(input);
  return fields !== undefined && rule(fields);
}

/** An absolute http(s) base URL: no credentials, query or fragment, not the Plex Web app's `/web`. */
export function isHttpBase(value: unknown): boolean {
  if (!isWireText(value)) return false;
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash &&
      !/\/web(\/(index\.html)?)?$/i.test(url.pathname)
    );
  } catch {
    return false;
  }
}

export function isTimeout(value: unknown): boolean {
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
