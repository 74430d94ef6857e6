import { noContent } from "../render/data.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import type { PinApproval } from "../state/pin-approval.ts";

/**
 * How the routes that approve a PIN (`PUT /pins/link`, `POST /auth/approve`) answer: 204 (their success
 * status), 404/1020 for a dead code, 422 "Thumbprint Already Taken" when the PIN's JWK belongs to another
 * device, 400 when the auth page's `forwardUrl` is not on the PIN's origin's host.
 */
export function pinApprovalAnswer(request: Request, approval: PinApproval, successStatus: number): Response {
  if (approval === "not-found") return plexTvError(request, PLEX_TV_ERRORS.pinNotFound);
  if (approval === "thumbprint-taken") return plexTvError(request, PLEX_TV_ERRORS.thumbprintTaken);
  if (approval === "forward-url-mismatch") return plexTvError(request, PLEX_TV_ERRORS.forwardUrlMismatch);
  return noContent(successStatus);
}
