import { jsonData } from "../render/data.ts";
import { authenticate } from "./authenticate.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /api/claim/token.json` (plex.tv's v1 API) with an account token: `{"token":"claim-…"}`, a claim
 * token that lives 4 minutes on the mock's clock (`mock.claimTokenStatus` tells). JSON whatever the Accept
 * header says, as the `.json` path asks. 401/1001 without a valid token (422 when revoked).
 */
export const claimTokenRoute: RouteHandler = (context) => {
  const caller = authenticate(context);
  if (caller.error) return caller.error;
  const { state, successStatus } = context;
  return jsonData(successStatus, { token: state.claimTokens.mint(state.clock.now()) });
};
