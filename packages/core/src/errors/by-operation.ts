import {
  HomeUserPinRequiredError,
  InvalidVerificationCodeError,
  JwtRejectedError,
  PinExpiredError,
  SignInThrottledError,
  TwoFactorRequiredError,
} from "./api.ts";
import type { ErrorClassifier } from "./from-response.ts";

/**
 * The error codes only some operations answer, as the `classifyError` of those operations: a bundle
 * that never signs in with a password, reads a PIN or switches a Home profile carries neither these classes nor their advice.
 */

/** `postUsersSignInData`: two-factor code required (1029) or wrong (1028), sign-in throttled (1031). */
export const signInErrors: ErrorClassifier = (_status, detail) => {
  const code = detail?.code;
  if (code === 1029) return [TwoFactorRequiredError, "two-factor code required: call again with verificationCode"];
  if (code === 1028) {
    return [
      InvalidVerificationCodeError,
      "the two-factor code is wrong or expired: ask for a new code, do not resend this one",
    ];
  }
  if (code === 1031) {
    return [
      SignInThrottledError,
      "plex.tv is throttling sign-in from this IP after repeated failures: stop, and wait before trying again",
    ];
  }
  return undefined;
};

/** `getOAuthPin`: 404 with code 1020 once the PIN expired (or never was). */
export const pinErrors: ErrorClassifier = (_status, detail) =>
  detail?.code === 1020
    ? [PinExpiredError, "the PIN expired or does not exist: create a new PIN and show its new code"]
    : undefined;

/** `switchHomeUser`: 403 with code 1041 for a protected profile without its PIN (or with a wrong one). */
export const homeUserErrors: ErrorClassifier = (_status, detail) =>
  detail?.code === 1041
    ? [HomeUserPinRequiredError, "this Plex Home profile is protected: ask for its 4-digit PIN and switch with pin"]
    : undefined;

// A 422 from the JWT endpoints names its cause only in words ("Invalid device signature or JWT structure",
// "Thumbprint Already Taken"); it is not the revoked-token 422 of the other endpoints.
const JWT_REFUSAL = /thumbprint|signature|\bjwt\b|\bjwk\b/i;

/** The JWT endpoints (and a PIN made or read with a device key): code 1097, or a 422 about the key or JWT. */
export const jwtErrors: ErrorClassifier = (status, detail) => {
  if (detail?.code === 1097) {
    return [
      JwtRejectedError,
      "the client JWT's iss is not the device's client identifier: sign it with the client's clientIdentifier",
    ];
  }
  if (status === 422 && detail?.message !== undefined && JWT_REFUSAL.test(detail.message)) {
    return [
      JwtRejectedError,
      "plex.tv refused the device key or the client JWT: check the key, its kid and the signature",
    ];
  }
  return undefined;
};

/** `getOAuthPin`, which may carry a client JWT: the PIN's codes, then the JWT's. */
export const pinWithJwtErrors: ErrorClassifier = (status, detail) =>
  pinErrors(status, detail) ?? jwtErrors(status, detail);
