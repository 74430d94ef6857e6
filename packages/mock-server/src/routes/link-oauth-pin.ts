import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import { approvePin } from "../state/pin-approval.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteHandler } from "./context.ts";
import { pinApprovalAnswer } from "./pin-approval-answer.ts";

/**
 * `PUT /api/v2/pins/link` with the approving account's token and the form `code`: approves another
 * device's PIN as that account, as typing the code at plex.tv/link does. 204; 404/1020 for a missing,
 * unknown or expired code; 422 when the PIN's JWK is registered by another device; 401/1001 (422 when
 * revoked) without a valid token.
 */
export const linkOAuthPinRoute: RouteHandler = (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  const code = context.params.code ?? "";
  if (code === "") return plexTvError(context.request, PLEX_TV_ERRORS.pinNotFound);
  return pinApprovalAnswer(context.request, approvePin(context.state, code, caller.account), context.successStatus);
};
