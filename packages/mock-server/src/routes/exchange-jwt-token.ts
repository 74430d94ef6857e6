import { verifyClientJwt } from "../jwt/client-jwt.ts";
import { plexTvData } from "../render/data.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import { issuePlexJwt } from "../state/plex-jwt-issuer.ts";
import { clientJwtRefusal, exchangeRules } from "./client-jwt-checks.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `POST /api/v2/auth/token`, no token, JSON `{ jwt }`: trades a client JWT signed by a registered device
 * key for a Plex JWT, `{"auth_token":"…"}` (snake case, FLOWS.md §2.4). The client JWT is checked as
 * FLOWS.md §5 lists (`verifyClientJwt`); its nonce is spent only by the exchange that succeeds. 400 without
 * a `jwt`; 422 "Invalid device signature or JWT structure" for any failed check but the issuer, which
 * answers 422 with code 1097.
 */
export const exchangeJwtTokenRoute: RouteHandler = async ({ request, params, state, successStatus }) => {
  const token = params.jwt;
  if (token === undefined || token === "") return plexTvError(request, PLEX_TV_ERRORS.missingJwt);
  const verdict = await verifyClientJwt(token, exchangeRules(state, state.clock.now()));
  if (!verdict.ok) return clientJwtRefusal(request, verdict.rejection);
  const { key, nonce, scope } = verdict.jwt;
  // The check awaited Web Crypto: an exchange running alongside may have spent the nonce since.
  if (nonce === undefined || !state.nonces.spend(nonce, state.clock.now())) {
    return clientJwtRefusal(request, "invalid");
  }
  const authToken = await issuePlexJwt(state, {
    account: key.account,
    clientIdentifier: key.clientIdentifier,
    thumbprint: key.kid,
    nonce,
    scope,
  });
  return plexTvData(request, successStatus, { auth_token: authToken }, "token");
};
