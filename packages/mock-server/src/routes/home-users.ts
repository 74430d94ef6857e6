import { homeMemberOf, homeMembersIn, MOCK_HOME } from "../home.ts";
import { plexTvData } from "../render/data.ts";
import { homeUsersPayload } from "../render/home-payload.ts";
import { PLEX_TV_ERRORS, plexTvError } from "../render/responses.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/v2/home/users` with the token of any member of the seeded Plex Home: the Home and its members
 * (who is admin, restricted, protected by a PIN). 404 for an account without a Home (what plex.tv answers
 * then was never captured); 401/1001 without a valid token (422 when revoked).
 */
export const homeUsersRoute: RouteHandler = (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  const { request, state, successStatus } = context;
  if (!homeMemberOf(caller.account.key)) return plexTvError(request, PLEX_TV_ERRORS.notFound);
  return plexTvData(request, successStatus, homeUsersPayload(MOCK_HOME, homeMembersIn(state.accounts)), "home");
};
