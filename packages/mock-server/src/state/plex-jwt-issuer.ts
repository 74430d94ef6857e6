import { signCompactJws } from "../jwt/compact-jws.ts";
import { PLEX_JWT_TTL_SECONDS, type PlexJwtGrant, plexJwtClaims } from "../render/plex-jwt-claims.ts";
import type { MockState } from "./mock-state.ts";

/**
 * Issues a Plex JWT (FLOWS.md §2.5): claims for the grant at the mock's current second, signed by the
 * current signing key with header `{ kid, typ: "JWT", alg: "EdDSA" }`, and remembered so that it works as a
 * token. The first JWT a device gets revokes the device's legacy token when `invalidateLegacyTokenOnJwt`
 * is on, as Plex reportedly does (FLOWS.md §2.2).
 */
export async function issuePlexJwt(state: MockState, grant: PlexJwtGrant): Promise<string> {
  const key = await state.signingKeys.current();
  const iat = Math.floor(state.clock.now() / 1000);
  const header = { kid: key.jwk.kid, typ: "JWT", alg: "EdDSA" };
  const token = await signCompactJws(header, plexJwtClaims(grant, iat), key.privateKey);
  const first = state.plexJwts.add(token, {
    account: grant.account,
    clientIdentifier: grant.clientIdentifier,
    expiresAt: (iat + PLEX_JWT_TTL_SECONDS) * 1000,
    keyGeneration: key.generation,
  });
  if (first && state.invalidateLegacyTokenOnJwt) {
    state.accountTokens.revokeDevice(grant.account.key, grant.clientIdentifier);
  }
  return token;
}
