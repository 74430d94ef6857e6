import { deviceDetails } from "../device-details.ts";
import { type DeviceKeyMaterial, importDeviceJwk } from "../jwt/public-jwk.ts";
import { isTruthyParam } from "../params.ts";
import { plexTvData } from "../render/data.ts";
import { pinPayload } from "../render/pin-payload.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { RouteContext, RouteHandler } from "./context.ts";

/** The JSON body's `jwk`, imported: absent, a device key, or `"invalid"`. */
async function pinJwk({ json }: RouteContext): Promise<DeviceKeyMaterial | undefined | "invalid"> {
  const jwk = typeof json === "object" && json !== null ? (json as { jwk?: unknown }).jwk : undefined;
  if (jwk === undefined) return undefined;
  return (await importDeviceJwk(jwk)) ?? "invalid";
}

/**
 * `POST /api/v2/pins`, no token: a new PIN for the calling client identifier, with a 4-character code for
 * plex.tv/link (15 minutes) or, `strong` (`?strong=true`, or `"strong": true` in a JSON body), a
 * 25-character one for the auth app (30 minutes). A JSON body's `jwk` (a public Ed25519 JWK) makes it a
 * PIN of the JWT flow (FLOWS.md §2.3): approving it registers the key. 201 with the PIN, `authToken`
 * `null` until approved; 400 for a `jwk` that is not a public Ed25519 JWK. The request's `Origin` is kept:
 * the auth app forwards only to a `forwardUrl` on that host (FLOWS.md §1.2).
 */
export const createOAuthPinRoute: RouteHandler = async (context) => {
  const { request, params, clientIdentifier, state, successStatus } = context;
  const jwk = await pinJwk(context);
  if (jwk === "invalid") return plexTvError(request, PLEX_TV_ERRORS.invalidJwk);
  const now = state.clock.now();
  const pin = state.pins.create(
    {
      // The pipeline answered 400/1000 already when it was missing.
      clientIdentifier: clientIdentifier ?? "",
      details: deviceDetails(request.headers),
      strong: isTruthyParam(params.strong),
      jwk,
      origin: request.headers.get("origin") ?? undefined,
    },
    now,
  );
  return plexTvData(request, successStatus, pinPayload(pin, now), "pin");
};
