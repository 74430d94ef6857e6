import * as v from "valibot";

/**
 * How a token appears in a tool result: a fingerprint and an expiry, and the token itself only when the
 * server runs with token exposure on.
 */
export interface TokenView {
  /** The token's last four characters, e.g. `…a1b2`: enough to tell tokens apart, useless for access. */
  fingerprint: string;
  /** The full token. Present only with `PLEX_MCP_EXPOSE_TOKENS=1` / `--expose-tokens`. */
  value?: string;
  /** When the token stops working (ISO 8601), when known; `null` otherwise. */
  expiresAt: string | null;
}

/** The account fields a tool result shows: who it is and its security state, never its credentials. */
export interface AccountSummary {
  id: number;
  uuid: string;
  username: string;
  title: string;
  email: string;
  friendlyName: string;
  /** ISO 8601. */
  joinedAt: string | null;
  hasPassword: boolean;
  twoFactorEnabled: boolean;
  country: string | null;
  locale: string | null;
  home: boolean | null;
  homeAdmin: boolean | null;
  guest: boolean | null;
  restricted: boolean | null;
  subscription: { active: boolean | null; status: string | null; plan: string | null } | null;
}

/** The structured part of every error result: machine-readable, with the advice in `hint`. */
export interface ToolErrorInfo {
  /** A stable code such as `two_factor_required`; safe to branch on. */
  code: string;
  /** The HTTP status Plex answered, or `null` when no answer was involved. */
  status: number | null;
  /** Whether the same call may succeed if made again later. */
  retryable: boolean;
  /** How long to wait before retrying, when known. */
  retryAfterMs: number | null;
  /** What happened, free of secrets. */
  message: string;
  /** What to do next. */
  hint: string;
  /** For `invalid_input`: each bad field and what is wrong with it. */
  issues?: { path: string; message: string }[];
}

/** A string or `null`: the schema of every field a result shows as "unknown" when Plex leaves it out. */
export const nullableString: v.GenericSchema<string | null> = v.nullable(v.string());
/** A boolean or `null`, like {@link nullableString}. */
export const nullableBoolean: v.GenericSchema<boolean | null> = v.nullable(v.boolean());

/** The entries of {@link tokenViewSchema}, for results that add fields next to them. */
export const tokenViewEntries: {
  readonly fingerprint: v.GenericSchema<string>;
  readonly value: v.OptionalSchema<v.GenericSchema<string>, undefined>;
  readonly expiresAt: v.GenericSchema<string | null>;
} = {
  fingerprint: v.pipe(
    v.string(),
    v.description("The token's last four characters, e.g. …a1b2; not usable as a token."),
  ),
  value: v.optional(
    v.pipe(v.string(), v.description("The full token; only present when the server runs with token exposure on.")),
  ),
  expiresAt: v.pipe(nullableString, v.description("When the token stops working (ISO 8601), or null when unknown.")),
};

// The schemas below are typed by the interfaces above: a field added to one and not the other is a type error.

/** valibot schema of {@link TokenView}. */
export const tokenViewSchema: v.GenericSchema<TokenView> = v.object(tokenViewEntries);

/** valibot schema of {@link AccountSummary}. */
export const accountSummarySchema: v.GenericSchema<AccountSummary> = v.object({
  id: v.number(),
  uuid: v.string(),
  username: v.string(),
  title: v.string(),
  email: v.string(),
  friendlyName: v.string(),
  joinedAt: nullableString,
  hasPassword: v.boolean(),
  twoFactorEnabled: v.boolean(),
  country: nullableString,
  locale: nullableString,
  home: nullableBoolean,
  homeAdmin: nullableBoolean,
  guest: nullableBoolean,
  restricted: nullableBoolean,
  subscription: v.nullable(v.object({ active: nullableBoolean, status: nullableString, plan: nullableString })),
});

/** valibot schema of {@link ToolErrorInfo}. */
export const toolErrorSchema: v.GenericSchema<ToolErrorInfo> = v.object({
  code: v.pipe(v.string(), v.description("Stable error code, e.g. two_factor_required.")),
  status: v.pipe(v.nullable(v.number()), v.description("HTTP status from Plex, or null.")),
  retryable: v.pipe(v.boolean(), v.description("Whether the same call may succeed later.")),
  retryAfterMs: v.pipe(v.nullable(v.number()), v.description("How long to wait before retrying, when known.")),
  message: v.string(),
  hint: v.pipe(v.string(), v.description("What to do next.")),
  issues: v.optional(v.array(v.object({ path: v.string(), message: v.string() }))),
});

/** Epoch seconds (as Plex sends dates) to ISO 8601, or `null` when absent or nonsense. */
export function isoFromEpochSeconds(seconds: number | null | undefined): string | null {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) return null;
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
