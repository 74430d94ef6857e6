import { pmsData } from "../render/data.ts";
import { pmsErrorPage } from "../render/responses.ts";
import { findSource } from "../sources.ts";
import { serverPrincipal } from "../state/mock-state.ts";
import type { RouteHandler } from "./context.ts";

/**
 * `GET /security/resources?source=…[&refresh=0|1]`: how to reach a source the server knows, for the
 * server admin only (its token, or a transient token made from it). 401 HTML for a missing or dead token,
 * 403 HTML for anyone else's, 400 HTML for a missing, unknown or malformed `source` or `refresh`.
 */
export const sourceConnectionInformationRoute: RouteHandler = ({ request, params, token, state, successStatus }) => {
  const principal = serverPrincipal(state, token);
  if (!principal) return pmsErrorPage(401);
  if (principal.account.serverAccess !== "owner") return pmsErrorPage(403);
  const source = params.source === undefined ? undefined : findSource(params.source);
  if (!source) return pmsErrorPage(400);
  if (params.refresh !== undefined && params.refresh !== "0" && params.refresh !== "1") return pmsErrorPage(400);
  return pmsData(request, successStatus, {
    size: 1,
    Device: {
      name: source.name,
      clientIdentifier: source.clientIdentifier,
      accessToken: state.sourceTokens.for(source),
      Connection: source.connections.map((connection) => ({ ...connection })),
    },
  });
};
