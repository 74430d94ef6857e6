/**
 * Where a session's token can come from: `PLEX_TOKEN`, a sign-in earlier in the session, or a switch to a
 * Plex Home profile. One list, so the type and the schemas that show an origin cannot drift apart.
 *
 * @example
 * ```ts
 * v.picklist(TOKEN_ORIGINS); // the schema of get_token_details' token.origin
 * ```
 */
export const TOKEN_ORIGINS: readonly ["environment", "sign-in", "home-switch"] = Object.freeze([
  "environment",
  "sign-in",
  "home-switch",
] as const);

/** Where the token that authorised a call came from. */
export type TokenOrigin = (typeof TOKEN_ORIGINS)[number];

/** A token a result hands to the session, which then uses it for every later call. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: string | null;
  /** How the session got it: a call never issues the configured token. */
  readonly origin: Exclude<TokenOrigin, "environment">;
}
