import { deviceDetails } from "../device-details.ts";
import { homeMembersIn } from "../home.ts";
import { plexTvData } from "../render/data.ts";
import { switchedUserPayload } from "../render/home-payload.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `POST /api/v2/home/users/{uuid}/switch[?pin=1234]` with a Home member's token: switches to another
 * profile of the same Home. 201 with that profile's account and a device token of it for the calling
 * client identifier (it works on `/user`). 403/1041 when the profile is protected and the PIN is missing
 * or wrong (the admin needs it too, as plex.tv has required since 2024); 404 for a uuid not in the
 * caller's Home, or a caller without one; 401/1001 without a valid token (422 when revoked).
 */
export const switchHomeUserRoute: RouteHandler = (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  const { request, params, pathParams, clientIdentifier, state, successStatus } = context;
  const members = homeMembersIn(state.accounts);
  const inHome = members.some(({ account }) => account.key === caller.account.key);
  const target = inHome ? members.find(({ account }) => account.uuid === pathParams.uuid) : undefined;
  if (!target) return plexTvError(request, PLEX_TV_ERRORS.notFound);
  if (target.member.pin !== undefined && params.pin !== target.member.pin) {
    return plexTvError(request, PLEX_TV_ERRORS.homePinRequired);
  }
  const now = state.clock.now();
  // The pipeline answered 400/1000 already when the client identifier was missing.
  const token = state.accountTokens.signIn(target.account, clientIdentifier ?? "", deviceDetails(request.headers), now);
  const payload = switchedUserPayload(target.account, target.member, members.length, token, now);
  return plexTvData(request, successStatus, payload, "user");
};
