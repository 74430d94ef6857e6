import { fingerprint } from "@plex-auth/core";
import type { TokenView } from "../result-schemas.ts";

/**
 * A token as a result shows it: its fingerprint and expiry, plus the token itself only when exposure is on.
 *
 * @example
 * ```ts
 * viewToken("CxoUzBTSV5hsxjTpa1b2", false, null); // { fingerprint: "…a1b2", expiresAt: null }
 * ```
 */
export function viewToken(token: string, exposeTokens: boolean, expiresAt: string | null): TokenView {
  return exposeTokens
    ? { fingerprint: fingerprint(token), value: token, expiresAt }
    : { fingerprint: fingerprint(token), expiresAt };
}

/** The sentence that tells the model where the full token is, or that it is withheld. */
export function withheldNote(exposeTokens: boolean, where: string): string {
  return exposeTokens
    ? `The full token is in ${where}.value.`
    : "The token itself is withheld from this conversation (token exposure is off).";
}
