/**
 * Planted secrets. Each is unique and long enough that finding it anywhere (a message, a log line, a tool
 * result, a request log) can only mean it leaked; the two that cannot be long (a PIN's id is a number, a
 * Home PIN four digits) are searched for as whole words, so a port or a timestamp holding the same digits
 * is not taken for them.
 */
export const SENTINELS = {
  token: "SENTINELtoken7f3a9c1e5b",
  password: "SENTINELpassword4d2e8b",
  verificationCode: "SENTINELcode5a1b9f",
  authToken: "SENTINELauthToken9e8d7c",
  /** A PIN's id (a bearer handle): the stub's PINs have it, and a poll must put it in its URL path. */
  pinId: "918273645",
  /** A Home profile's 4-digit PIN. */
  homePin: "0730",
  claimToken: "claim-SENTINELclaim3b7f1d",
  /** A server's own access token, from /resources. */
  resourceToken: "SENTINELresource6c2d1a",
  /** The token an approved PIN carries. */
  pinAuthToken: "SENTINELpinAuth8a4e2f",
  /** A Home profile's token, from a switch. */
  profileToken: "SENTINELprofile1d9c7b",
  /** A client JWT a device key signed (a secret input of the JWT operations). */
  jwt: "SENTINELjwt0a1b.eyJzZW50aW5lbCI6MX0.c2lnbmF0dXJlX3NlbnRpbmVs",
} as const;

export type SentinelName = keyof typeof SENTINELS;

export const ALL_SENTINELS = Object.keys(SENTINELS) as SentinelName[];

/** The secrets a server mints and hands back: a client can only recognise them in secret-named fields. */
export const ISSUED: readonly SentinelName[] = [
  "authToken",
  "claimToken",
  "resourceToken",
  "pinAuthToken",
  "profileToken",
];

const WHOLE_WORD: ReadonlySet<SentinelName> = new Set(["pinId", "homePin"]);

/** Whether `text` holds `secret`: anywhere for a long one, as a whole word (no letter or digit around it) for a short one. */
export function holds(text: string, secret: string, wholeWord = false): boolean {
  if (!wholeWord) return text.includes(secret);
  return new RegExp(`(?<![A-Za-z0-9])${secret}(?![A-Za-z0-9])`).test(text);
}

/** The names of the sentinels found in `text`. */
export function leakedIn(text: string, names: readonly SentinelName[] = ALL_SENTINELS): SentinelName[] {
  return names.filter((name) => holds(text, SENTINELS[name], WHOLE_WORD.has(name)));
}
