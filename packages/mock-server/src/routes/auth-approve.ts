import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import { approvePin } from "../state/pin-approval.ts";
import type { RouteHandler } from "./context.ts";
import { pinApprovalAnswer } from "./pin-approval-answer.ts";

/**
 * `POST /auth/approve` with `{ code, account, forwardUrl? }` (JSON or a form), the mock-only endpoint behind the
 * `/auth` page's buttons: approves the live PIN with that code as the account with that key, as a user
 * signing in on Plex's auth app does. 204; 404/1020 for an unknown or expired code; 422 when the PIN's JWK
 * is registered by another device; 400 for an account key the mock does not know or one that cannot sign
 * in (a managed profile), or a `forwardUrl` off the host of the origin the PIN was created from.
 */
export const authApproveRoute: RouteHandler = ({ request, params, state, successStatus }) => {
  const account = state.accounts.find((candidate) => candidate.key === params.account && candidate.username !== "");
  if (!account) return plexTvError(request, PLEX_TV_ERRORS.unknownAccount);
  const code = params.code ?? "";
  if (code === "") return plexTvError(request, PLEX_TV_ERRORS.pinNotFound);
  const forwardUrl = params.forwardUrl === undefined || params.forwardUrl === "" ? undefined : params.forwardUrl;
  return pinApprovalAnswer(request, approvePin(state, code, account, forwardUrl), successStatus);
};
