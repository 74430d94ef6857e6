/**
 * The validation rules of every option, as valibot schema pieces. `options.ts` builds the client's and a
 * call's options from them, and `env.ts` the `PLEX_*` variables, so a rule is written once.
 */
import * as v from "valibot";
import { wellFormed } from "./well-formed.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** setTimeout's limit: a larger delay fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

const noControlCharacters = v.check(
  (value: string) => !CONTROL_CHARACTERS.test(value),
  "must not contain line breaks or control characters",
);

/**
 * A string field's type message: "is required: <hint>" when it is missing, "must be a string: <hint>" when
 * it is something else. Only `received === "undefined"` is read: valibot's `received` quotes the value,
 * which may be a password.
 */
export function stringMessage(hint: string): (issue: v.BaseIssue<unknown>) => string {
  return (issue) => (issue.received === "undefined" ? `is required: ${hint}` : `must be a string: ${hint}`);
}

/** Text sent in a header: no control characters, well-formed. */
export const headerText: v.GenericSchema<string> = v.pipe(
  v.string("must be a string"),
  noControlCharacters,
  wellFormed,
);

/** Header text that must not be blank. */
export function nonEmptyHeaderText(hint: string): v.GenericSchema<string> {
  return v.pipe(
    v.string(stringMessage(hint)),
    v.check((value) => value.trim().length > 0, `must not be empty: ${hint}`),
    noControlCharacters,
    wellFormed,
  );
}

/**
 * The Plex Web app lives at `/web` (`/web/index.html`) of a server: a URL copied from the browser's address
 * bar. The API is at the server's root; other paths are allowed, for servers behind a reverse proxy.
 */
function isPlexWebPath(pathname: string): boolean {
  return /\/web(\/(index\.html)?)?$/i.test(pathname);
}

/** Whether `value` is an absolute http(s) URL without credentials, query, fragment or `/web` app path. */
export function isBaseUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      !url.username &&
      !url.password &&
      !url.search &&
      !url.hash &&
      !isPlexWebPath(url.pathname)
    );
  } catch {
    return false;
  }
}

/** A base URL option: checked, then without trailing slashes ("…/api/v2/" + "/user" made "//user"). */
export function baseUrl(example: string): v.GenericSchema<string> {
  return v.pipe(
    v.string(`must be a URL string like ${example}`),
    wellFormed,
    v.check(
      isBaseUrl,
      `must be an absolute http(s) URL without credentials, query, fragment or the /web of the Plex Web app, like ${example}`,
    ),
    v.transform((value) => value.replace(/\/+$/, "")),
  );
}

/** Whether `value` is a web origin as browsers send it: `https://my.app` or `http://127.0.0.1:3000`, nothing more. */
export function isWebOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === value;
  } catch {
    return false;
  }
}

/** A whole number within bounds. */
export function integerBetween(min: number, max: number): v.GenericSchema<number> {
  // One check, not integer + minValue + maxValue: each valibot action brings its own code into every bundle.
  const expected = `must be a whole number from ${min} to ${max}`;
  return v.pipe(
    v.number(expected),
    v.check((value) => Number.isInteger(value) && value >= min && value <= max, expected),
  );
}

/** A whole number of milliseconds a timer can wait. */
export const timeoutMs: v.GenericSchema<number> = integerBetween(1, MAX_TIMER_MS);
/** Retries after the first attempt. */
export const maxRetries: v.GenericSchema<number> = integerBetween(0, 10);

/** The token: a non-empty header value. */
export const TOKEN_HINT = "pass the X-Plex-Token of the account (sign in first to get one)";
export const token: v.GenericSchema<string> = nonEmptyHeaderText(TOKEN_HINT);

/** The example server URL of every message. */
export const SERVER_URL_EXAMPLE = "http://192.168.1.10:32400";
