import type { MockAccount } from "../accounts.ts";
import type { ClientJwtKey, ClientJwtRejection, ClientJwtRules } from "../jwt/client-jwt.ts";
import type { DeviceKeyMaterial } from "../jwt/public-jwk.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { MockState } from "../state/mock-state.ts";

/** A registered device key, with the account it was registered for. */
export interface RegisteredClientKey extends ClientJwtKey {
  readonly account: MockAccount;
}

/** The rules of `POST /auth/token`: any registered device key, and a live nonce. */
export function exchangeRules(state: MockState, nowMs: number): ClientJwtRules<RegisteredClientKey> {
  return {
    keyFor: (kid) => {
      const record = state.deviceKeys.find(kid);
      if (!record) return undefined;
      const { material, clientIdentifier, account } = record;
      return { kid, publicKey: material.publicKey, clientIdentifier, account };
    },
    nonceRequired: true,
    isLiveNonce: (nonce) => state.nonces.isLive(nonce, nowMs),
    nowMs,
  };
}

/**
 * The rules of a PIN poll's `deviceJWT` (FLOWS.md §2.3): signed by the PIN's own key (registered or not),
 * `iss` the PIN's client identifier, and a nonce only if the JWT carries one (streamarr's carries none).
 */
export function pinPollRules(
  state: MockState,
  pin: { readonly jwk: DeviceKeyMaterial; readonly clientIdentifier: string },
  nowMs: number,
): ClientJwtRules<ClientJwtKey> {
  const key: ClientJwtKey = {
    kid: pin.jwk.jwk.kid,
    publicKey: pin.jwk.publicKey,
    clientIdentifier: pin.clientIdentifier,
  };
  return {
    keyFor: (kid) => (kid === key.kid ? key : undefined),
    nonceRequired: false,
    isLiveNonce: (nonce) => state.nonces.isLive(nonce, nowMs),
    nowMs,
  };
}

/** plex.tv's answer to a refused client JWT: 422, with code 1097 when only its `iss` is wrong. */
export function clientJwtRefusal(request: Request, rejection: ClientJwtRejection): Response {
  return plexTvError(
    request,
    rejection === "issuer-mismatch" ? PLEX_TV_ERRORS.jwtIssuerMismatch : PLEX_TV_ERRORS.jwtInvalid,
  );
}
