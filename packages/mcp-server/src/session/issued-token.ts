/** Where the token that authorised a call came from. */
export type TokenOrigin = "environment" | "sign-in";

/** A token a result hands to the session, which then uses it for every later call. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: string | null;
}
