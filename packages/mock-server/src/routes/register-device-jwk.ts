import { importDeviceJwk } from "../jwt/public-jwk.ts";
import { noContent } from "../render/data.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteContext, RouteHandler } from "./context.ts";

function jwkOf({ json }: RouteContext): unknown {
  return typeof json === "object" && json !== null ? (json as { jwk?: unknown }).jwk : undefined;
}

/**
 * `POST /api/v2/auth/jwk` with an account token (or a Plex JWT) and JSON `{ jwk }`: registers the public
 * Ed25519 key for the token's device, the account and the client identifier the token was issued to,
 * whatever `X-Plex-Client-Identifier` says (FLOWS.md §2.2). 201 with no body; again for the same device is
 * fine. 400 for anything but a public Ed25519 JWK (a `d`, an RSA key); 422 "Thumbprint Already Taken" when
 * another device registered that `kid`; 401/1001 without a valid token (422 revoked, 498 expired JWT).
 */
export const registerDeviceJwkRoute: RouteHandler = async (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  const { request, state, successStatus } = context;
  const material = await importDeviceJwk(jwkOf(context));
  if (!material) return plexTvError(request, PLEX_TV_ERRORS.invalidJwk);
  const outcome = state.deviceKeys.register(caller.account, caller.clientIdentifier, material, state.clock.now());
  if (outcome === "thumbprint-taken") return plexTvError(request, PLEX_TV_ERRORS.thumbprintTaken);
  return noContent(successStatus);
};
