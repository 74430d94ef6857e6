import { deviceDetails } from "../device-details.ts";
import { isTruthyParam } from "../params.ts";
import { plexTvData } from "../render/data.ts";
import { pinPayload } from "../render/pin-payload.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `POST /api/v2/pins[?strong=true]`, no token: a new PIN for the calling client identifier, with a
 * 4-character code for plex.tv/link (15 minutes) or, `strong`, a 25-character one for the auth app (30
 * minutes). 201 with the PIN; `authToken` is `null` until someone approves it.
 */
export const createOAuthPinRoute: RouteHandler = ({ request, params, clientIdentifier, state, successStatus }) => {
  const now = state.clock.now();
  const pin = state.pins.create(
    {
      // The pipeline answered 400/1000 already when it was missing.
      clientIdentifier: clientIdentifier ?? "",
      details: deviceDetails(request.headers),
      strong: isTruthyParam(params.strong),
    },
    now,
  );
  return plexTvData(request, successStatus, pinPayload(pin, now), "pin");
};
