import { pmsData } from "../render/data.ts";
import { pmsErrorPage } from "../render/responses.ts";
import { identityContainer, rootContainer } from "../render/server-payload.ts";
import type { RequestLog } from "../request-log.ts";
import type { MockState } from "../state/mock-state.ts";
import { identityOf } from "./identity.ts";
import type { ResolvedMediaServer } from "./resolve.ts";

/** A simulated machine's answer to a GET of a path (trailing slash removed). */
type Answers = (request: Request, path: string, token: string | undefined) => Response;

function tokenOf(request: Request, url: URL): string | undefined {
  const token = request.headers.get("x-plex-token") || url.searchParams.get("X-Plex-Token");
  return token === null || token === "" ? undefined : token;
}

/** Whether a token works on this server: an access token of it, or its owner's live account token. */
function validOn(state: MockState, server: ResolvedMediaServer, token: string | undefined): boolean {
  if (token === undefined) return false;
  if (state.serverAccessTokens.lookup(token)?.server === server) return true;
  const account = state.accountTokens.lookup(token, state.clock.now());
  return account.status === "valid" && account.account.key === server.owner.key;
}

function serverAnswers(state: MockState, server: ResolvedMediaServer): Answers {
  const identity = identityOf(server);
  return (request, path, token) => {
    if (path === "/identity") return pmsData(request, 200, identityContainer(identity));
    if (!validOn(state, server, token)) return pmsErrorPage(401);
    return path === "/" ? pmsData(request, 200, rootContainer(identity)) : pmsErrorPage(404);
  };
}

/** Another machine's id: each hex digit flipped, so it is clearly not the server's and stays hex. */
export function foreignIdentifier(clientIdentifier: string): string {
  const flipped = clientIdentifier.replace(/[0-9a-f]/gi, (digit) => (15 - Number.parseInt(digit, 16)).toString(16));
  return flipped === clientIdentifier ? `${clientIdentifier}-other` : flipped;
}

// Another machine at the connection's address: it answers /identity (as every PMS does) as itself, and
// accepts no token of this mock.
function foreignAnswers(server: ResolvedMediaServer): Answers {
  const identity = { ...identityOf(server), machineIdentifier: foreignIdentifier(server.clientIdentifier) };
  return (request, path) =>
    path === "/identity" ? pmsData(request, 200, identityContainer(identity)) : pmsErrorPage(401);
}

/**
 * The fetch handler of a simulated machine behind a connection: the server itself (`live`, `slow`) or a
 * stranger at its address (`foreign`). It knows `/identity` (no token) and `/` (a token valid on the
 * server); any other path is 401 without a valid token, 404 with one. Its requests go to the mock's log.
 */
export function simulatedMachine(
  state: MockState,
  log: RequestLog,
  server: ResolvedMediaServer,
  foreign: boolean,
): (request: Request) => Response {
  const answers = foreign ? foreignAnswers(server) : serverAnswers(state, server);
  return (request) => {
    const url = new URL(request.url);
    const token = tokenOf(request, url);
    const entry = log.record({
      at: state.clock.now(),
      method: request.method,
      url,
      operation: undefined,
      headers: request.headers,
      params: Object.fromEntries(url.searchParams),
      clientIdentifier: request.headers.get("x-plex-client-identifier") ?? undefined,
      hadToken: token !== undefined,
      secretParams: [],
      pathParams: {},
    });
    const path = url.pathname.length > 1 && url.pathname.endsWith("/") ? url.pathname.slice(0, -1) : url.pathname;
    const verb = request.method === "HEAD" ? "GET" : request.method;
    const response = verb === "GET" ? answers(request, path, token) : pmsErrorPage(405, { allow: "GET" });
    entry.status = response.status;
    return request.method === "HEAD"
      ? new Response(null, { status: response.status, headers: response.headers })
      : response;
  };
}
