import * as v from "valibot";
import { configOf, type PlexAuthCore } from "../client-core.ts";
import { InvalidInputError } from "../errors/local.ts";
import type { PlexPin } from "../models/pin.ts";
import type { PlexIdentity } from "../options.ts";
import { check } from "../validation.ts";
import { wellFormed } from "../well-formed.ts";

/**
 * Plex's auth app, where a person approves a strong PIN.
 *
 * @example
 * ```ts
 * authAppUrl(core, pin, { baseUrl: PLEX_AUTH_APP_URL });
 * ```
 */
export const PLEX_AUTH_APP_URL = "https://app.plex.tv/auth";

/**
 * Where a person types a 4-character PIN code.
 *
 * @example
 * ```ts
 * console.log(`Go to ${PLEX_LINK_URL} and enter ${pin.code}`);
 * ```
 */
export const PLEX_LINK_URL = "https://plex.tv/link";

/** Options of {@link authAppUrl}. */
export interface AuthAppUrlOptions {
  /** Where the auth app sends the browser after approval (web apps; Plex checks it against the PIN's origin). */
  forwardUrl?: string | undefined;
  /** The auth app itself. Default {@link PLEX_AUTH_APP_URL}; a test points it at the mock's `/auth` page. */
  baseUrl?: string | undefined;
}

// The identity fields the auth app shows ("Sign in to My App on Chrome, Linux"): context[device][…].
const CONTEXT_FIELDS = ["product", "version", "platform", "platformVersion", "device", "deviceName", "model"] as const;

// `URL.canParse` is missing from runtimes before 2023.
function parses(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

const absoluteUrl = (what: string) =>
  v.optional(
    v.pipe(
      v.string(`must be a URL string: ${what}`),
      wellFormed,
      v.check((value) => parses(value) && !/[\s<>"]/.test(value), `must be an absolute URL: ${what}`),
    ),
  );

/** The checks of {@link AuthAppUrlOptions}' fields, for the flows that take them as their own options. */
export const authAppUrlFields: Readonly<Record<"forwardUrl" | "baseUrl", v.GenericSchema<string | undefined>>> = {
  forwardUrl: absoluteUrl("where the browser goes after approval, like https://my.app/signed-in"),
  baseUrl: v.optional(
    v.pipe(
      v.string("must be a URL string, like https://app.plex.tv/auth"),
      wellFormed,
      v.check((value) => /^https?:\/\//i.test(value) && parses(value), "must be an http(s) URL"),
    ),
  ),
};

const optionsSchema = v.strictObject(authAppUrlFields);

const codeSchema = v.pipe(
  v.string("is required: pass the PIN from createOAuthPin"),
  v.regex(/^[A-Za-z0-9]{4,64}$/, "must be a PIN's code (letters and digits), from createOAuthPin"),
);

/**
 * The URL of Plex's auth app for a PIN: `https://app.plex.tv/auth#?clientID=…&code=…&context[device][…]=…`,
 * with the client's identity, every value percent-encoded. Open it (a browser, a popup, a link in a tool
 * result) and poll with `waitForOAuthPin`. Pure: nothing is sent. Use a strong PIN; 4-character ones are
 * typed at {@link PLEX_LINK_URL} instead.
 *
 * @example
 * ```ts
 * const pin = await plex.authentication.createOAuthPin({ strong: true });
 * window.open(authAppUrl(plex, pin, { forwardUrl: "https://my.app/done" }));
 * ```
 */
export function authAppUrl(core: PlexAuthCore, pin: Pick<PlexPin, "code">, options: AuthAppUrlOptions = {}): string {
  const parsed = check(optionsSchema, options);
  const code = check(codeSchema, (pin as { code?: unknown } | null)?.code);
  if (!parsed.success || !code.success) {
    const issues = [
      ...(code.success ? [] : code.issues.map((issue) => ({ path: "pin.code", message: issue.message }))),
      ...(parsed.success ? [] : parsed.issues),
    ];
    throw new InvalidInputError({ where: "input of authAppUrl", issues });
  }
  const identity: Readonly<PlexIdentity> = configOf(core).identity;
  const pairs: [string, string][] = [
    ["clientID", identity.clientIdentifier],
    ["code", code.output],
  ];
  if (parsed.output.forwardUrl !== undefined) pairs.push(["forwardUrl", parsed.output.forwardUrl]);
  for (const field of CONTEXT_FIELDS) {
    const value = identity[field];
    if (value !== undefined) pairs.push([`context[device][${field}]`, value]);
  }
  const query = pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join("&");
  return `${parsed.output.baseUrl ?? PLEX_AUTH_APP_URL}#?${query}`;
}
