import { type ClientJwtRejection, verifyClientJwt } from "../jwt/client-jwt.ts";
import { plexTvData } from "../render/data.ts";
import { pinPayload } from "../render/pin-payload.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { MockState } from "../state/mock-state.ts";
import type { PinRecord } from "../state/pins.ts";
import { issuePlexJwt } from "../state/plex-jwt-issuer.ts";
import { clientJwtRefusal, pinPollRules } from "./client-jwt-checks.ts";
import type { RouteContext, RouteHandler } from "./context.ts";

type JwkPin = PinRecord & { readonly jwk: NonNullable<PinRecord["jwk"]> };

function isJwkPin(pin: PinRecord): pin is JwkPin {
  return pin.jwk !== undefined;
}

/** What a JWK PIN's poll hands out, or why its `deviceJWT` was refused. */
type JwkPinToken =
  | { readonly authToken: string | null; readonly refused?: undefined }
  | { readonly refused: ClientJwtRejection };

function readablePin({ pathParams, clientIdentifier, state }: RouteContext, now: number): PinRecord | undefined {
  const id = /^\d{1,15}$/.test(pathParams.pinId ?? "") ? Number(pathParams.pinId) : undefined;
  const pin = id === undefined ? undefined : state.pins.find(id, now);
  const readable = pin && (state.pinReadsFromOtherClients === "allow" || pin.clientIdentifier === clientIdentifier);
  return readable ? pin : undefined;
}

/**
 * A JWK PIN's `authToken`: `null` without a `deviceJWT` or before approval (what plex.tv answers then is
 * unknown, FLOWS.md §2.3; the mock hands out nothing it was not asked for properly), else a fresh Plex
 * JWT for the approving account. A `deviceJWT` that fails the checks is refused with 422, approved or not.
 */
async function jwkPinToken(state: MockState, pin: JwkPin, deviceJwt: string | undefined): Promise<JwkPinToken> {
  if (deviceJwt === undefined || deviceJwt === "") return { authToken: null };
  const verdict = await verifyClientJwt(deviceJwt, pinPollRules(state, pin, state.clock.now()));
  if (!verdict.ok) return { refused: verdict.rejection };
  if (!pin.approvedBy) return { authToken: null };
  const authToken = await issuePlexJwt(state, {
    account: pin.approvedBy,
    clientIdentifier: pin.clientIdentifier,
    thumbprint: pin.jwk.jwk.kid,
    nonce: verdict.jwt.nonce,
    scope: verdict.jwt.scope,
  });
  return { authToken };
}

/**
 * `GET /api/v2/pins/{pinId}[?deviceJWT=…]`, no token: the PIN with `expiresIn` counted down, and its
 * `authToken` once approved: a device token, or for a PIN made with a `jwk` a Plex JWT when the poll carries
 * a valid `deviceJWT` (see {@link jwkPinToken}; its nonce is optional and, if there, must be live; it is not
 * spent, as python-plexapi polls with one JWT). 404/1020 "Code not found or expired" for an unknown or
 * expired id, and (unless `pinReadsFromOtherClients` is `"allow"`) for another client identifier than the
 * creator's.
 */
export const getOAuthPinRoute: RouteHandler = async (context) => {
  const { request, params, state, successStatus } = context;
  const pin = readablePin(context, state.clock.now());
  if (!pin) return plexTvError(request, PLEX_TV_ERRORS.pinNotFound);
  if (!isJwkPin(pin)) return plexTvData(request, successStatus, pinPayload(pin, state.clock.now()), "pin");
  const token = await jwkPinToken(state, pin, params.deviceJWT);
  if (token.refused) return clientJwtRefusal(request, token.refused);
  return plexTvData(request, successStatus, pinPayload(pin, state.clock.now(), token.authToken), "pin");
};
