import { PlexAuthError } from "../errors/base.ts";
import type { LocalErrorCode } from "../errors/codes.ts";

/** Which check a Plex JWT failed. */
export type JwtInvalidReason =
  | "malformed"
  | "algorithm"
  | "no_key"
  | "signature"
  | "issuer"
  | "audience"
  | "thumbprint"
  | "expired"
  | "issued_in_future"
  | "lifetime";

const ADVICE: Readonly<Record<JwtInvalidReason, string>> = {
  malformed: "it is not a compact JWT",
  algorithm: "it is not signed with EdDSA, the only algorithm Plex uses",
  no_key: "none of plex.tv's current keys is an Ed25519 key that could have signed it",
  signature: "no key of plex.tv's verifies its signature",
  issuer: 'its iss is not "plex.tv"',
  audience: "its aud does not name this client identifier",
  thumbprint: "its thumbprint is not this device key's kid: it was issued to another key",
  expired: "it expired",
  issued_in_future: "its iat is more than a minute in the future",
  lifetime: "its exp is not after its iat",
};

/** What {@link JwtVerificationError} is built from. */
export interface JwtVerificationErrorInit {
  reason: JwtInvalidReason;
  operation?: string | undefined;
}

/**
 * A Plex JWT failed verification (`reason` says which check). The token is never part of the error.
 *
 * @example
 * ```ts
 * if (error instanceof JwtVerificationError && error.reason === "thumbprint") console.error("not our key's JWT");
 * ```
 */
export class JwtVerificationError extends PlexAuthError {
  static override readonly errorName: string = "JwtVerificationError";
  static override readonly errorCode: LocalErrorCode = "jwt_invalid";
  declare readonly code: "jwt_invalid";

  /** The check that failed. */
  readonly reason: JwtInvalidReason;

  constructor(init: JwtVerificationErrorInit) {
    super({
      message: `The Plex JWT failed verification: ${ADVICE[init.reason]}. Do not use it; mint a new one.`,
      operation: init.operation,
    });
    this.reason = init.reason;
  }
}
