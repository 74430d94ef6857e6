import { pmsData } from "../render/data.ts";
import { pmsErrorPage } from "../render/responses.ts";
import { serverPrincipal } from "../state/mock-state.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `/security/token?type=delegation&scope=all` (any verb, like real PMS): a transient token as powerful as
 * the caller's. 401 HTML for a missing or dead token, 400 HTML for any other `type` or `scope`.
 */
export const transientTokenRoute: RouteHandler = ({ request, params, token, state, successStatus }) => {
  const principal = serverPrincipal(state, token);
  if (!principal) return pmsErrorPage(401);
  if (params.type !== "delegation" || params.scope !== "all") return pmsErrorPage(400);
  const minted = state.transientTokens.mint(principal.rootToken, state.clock.now());
  return pmsData(request, successStatus, { size: 0, token: minted });
};
