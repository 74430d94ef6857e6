import { plexTvData } from "../render/data.ts";
import { pinPayload } from "../render/pin-payload.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/pins/{pinId}`, no token: the PIN with `expiresIn` counted down, and its `authToken` once
 * approved. 404/1020 "Code not found or expired" for an unknown or expired id, and (unless the mock's
 * `pinReadsFromOtherClients` is `"allow"`) for a client identifier other than the creator's.
 */
export const getOAuthPinRoute: RouteHandler = ({ request, pathParams, clientIdentifier, state, successStatus }) => {
  const now = state.clock.now();
  const id = /^\d{1,15}$/.test(pathParams.pinId ?? "") ? Number(pathParams.pinId) : undefined;
  const pin = id === undefined ? undefined : state.pins.find(id, now);
  const readable = pin && (state.pinReadsFromOtherClients === "allow" || pin.clientIdentifier === clientIdentifier);
  if (!pin || !readable) return plexTvError(request, PLEX_TV_ERRORS.pinNotFound);
  return plexTvData(request, successStatus, pinPayload(pin, now), "pin");
};
