import { MockConnectionReset } from "./connection-reset.ts";
import { allowAnyOrigin, isPreflight, preflightAnswer } from "./cors.ts";
import { applyBodyFault, sleep } from "./faults/apply.ts";
import type { FaultQueue } from "./faults/queue.ts";
import type { MockFault } from "./faults/types.ts";
import { RequestBodyTooLarge, type RequestInput, readRequestInput } from "./params.ts";
import { PLEX_TV_ERRORS, type PlexTvErrorSpec, plexTvError, pmsErrorPage, reasonPhrase } from "./render/responses.ts";
import type { PendingLogEntry, RequestLog } from "./request-log.ts";
import type { RouteKind } from "./routes/mock-routes.ts";
import { isPlexTvPath, matchRoute, type RouteMatch } from "./routes/table.ts";
import type { MockState } from "./state/mock-state.ts";

/** What the request pipeline needs from the mock. */
export interface PipelineParts {
  readonly state: MockState;
  readonly faults: FaultQueue;
  readonly log: RequestLog;
}

// The kinds of server the mock plays: plex.tv (any of its APIs and hosts) answers JSON or XML error
// documents; a Plex Media Server and the auth app's pages answer HTML pages.
function hostOf(match: RouteMatch, pathname: string): RouteKind {
  if (match.kind !== "none") return match.route.kind;
  return isPlexTvPath(pathname) ? "plexTv" : "pms";
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === "" ? undefined : value;
}

// A fault's status answers with the body plex.tv sends for it, where the mock knows one.
const KNOWN_ERRORS: ReadonlyMap<number, PlexTvErrorSpec> = new Map([
  [401, PLEX_TV_ERRORS.unauthenticated],
  [429, PLEX_TV_ERRORS.rateLimited],
  [498, PLEX_TV_ERRORS.jwtExpired],
]);

/** An error answer in the style of the host: plex.tv's `errors` body, or an HTML page. */
function errorAnswer(
  host: RouteKind,
  request: Request,
  status: number,
  headers: Record<string, string> = {},
): Response {
  if (host !== "plexTv") return pmsErrorPage(status, headers);
  const known = KNOWN_ERRORS.get(status);
  return plexTvError(request, known ?? { status, code: undefined, message: reasonPhrase(status) }, headers);
}

function faultAnswer(host: RouteKind, request: Request, fault: Extract<MockFault, { kind: "status" }>): Response {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  return errorAnswer(host, request, fault.status, headers);
}

interface Parsed {
  readonly params: Record<string, string>;
  readonly json: unknown;
  readonly token: string | undefined;
  readonly clientIdentifier: string | undefined;
}

function parsedFrom(request: Request, { params, json }: RequestInput): Parsed {
  return {
    params,
    json,
    token: nonEmpty(request.headers.get("x-plex-token")) ?? nonEmpty(params["X-Plex-Token"]),
    clientIdentifier:
      nonEmpty(request.headers.get("x-plex-client-identifier")) ?? nonEmpty(params["X-Plex-Client-Identifier"]),
  };
}

/** Routing and the checks plex.tv makes before any route: client identifier, then rate limit. */
async function route(parts: PipelineParts, request: Request, match: RouteMatch, parsed: Parsed): Promise<Response> {
  const host = hostOf(match, new URL(request.url).pathname);
  if (match.kind === "none") {
    return host === "plexTv" ? plexTvError(request, PLEX_TV_ERRORS.notFound) : pmsErrorPage(404);
  }
  const { route } = match;
  if (match.kind === "wrong-method") {
    return host === "plexTv"
      ? plexTvError(request, PLEX_TV_ERRORS.notFound)
      : pmsErrorPage(405, { allow: route.method });
  }
  if (host === "plexTv") {
    if (parsed.clientIdentifier === undefined) return plexTvError(request, PLEX_TV_ERRORS.missingClientIdentifier);
    const decision = parts.state.rateLimiter?.take(parsed.clientIdentifier, parts.state.clock.now());
    if (decision && !decision.allowed) {
      return plexTvError(request, PLEX_TV_ERRORS.rateLimited, { "retry-after": String(decision.retryAfterSeconds) });
    }
  }
  return route.handle({
    request,
    state: parts.state,
    successStatus: route.successStatus,
    pathParams: match.pathParams,
    ...parsed,
  });
}

function logRequest(
  parts: PipelineParts,
  request: Request,
  url: URL,
  match: RouteMatch,
  parsed: Parsed,
): PendingLogEntry {
  const routed = match.kind === "route" ? match : undefined;
  return parts.log.record({
    at: parts.state.clock.now(),
    method: request.method,
    url,
    operation: match.kind === "none" ? undefined : match.route.name,
    headers: request.headers,
    params: parsed.params,
    clientIdentifier: parsed.clientIdentifier,
    hadToken: parsed.token !== undefined,
    secretParams: routed?.route.secretParams ?? [],
    pathParams: routed?.pathParams ?? {},
  });
}

/** The request's answer: a preflight, an injected fault, or the route's own (with any body fault applied). */
async function answer(parts: PipelineParts, request: Request, url: URL): Promise<Response> {
  const match = matchRoute(request.method, url.pathname);
  const host = hostOf(match, url.pathname);
  let input: RequestInput;
  try {
    input = await readRequestInput(request, url);
  } catch (error) {
    if (error instanceof RequestBodyTooLarge) return errorAnswer(host, request, 413);
    throw error;
  }
  const parsed = parsedFrom(request, input);
  const entry = logRequest(parts, request, url, match, parsed);
  // A browser's preflight is answered before anything else: no client identifier, no rate limit, and no
  // fault (a fault meant for the request would otherwise surface as a CORS error instead of its status).
  if (host === "plexTv" && isPreflight(request)) {
    entry.status = 204;
    return preflightAnswer();
  }
  const fault = parts.faults.take(entry.operation);
  entry.fault = fault?.kind;

  // A reset leaves the entry's status undefined: nothing was answered.
  if (fault?.kind === "reset") throw new MockConnectionReset();
  let response: Response;
  if (fault?.kind === "status") {
    response = faultAnswer(host, request, fault);
  } else {
    if (fault?.kind === "delay") await sleep(fault.ms, request.signal);
    response = await route(parts, request, match, parsed);
    const xmlRoot = match.kind === "none" ? "MediaContainer" : match.route.xmlRoot;
    // `request.signal` is read only when a fault needs it: Deno.serve warns about its legacy abort
    // semantics on every request whose handler so much as touches it.
    if (fault) response = await applyBodyFault(fault, response, request.signal, xmlRoot);
  }
  entry.status = response.status;
  if (request.method !== "HEAD") return response;
  await response.body?.cancel();
  return new Response(null, { status: response.status, headers: response.headers });
}

/**
 * Builds the mock's fetch handler: route by core's operation table (and the mock's own routes), log the
 * request (redacted), apply the next injected fault, run the route, and record the status. Every plex.tv
 * answer, errors and faults included, carries `Access-Control-Allow-Origin: *`, as plex.tv's do.
 */
export function createHandler(parts: PipelineParts): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const response = await answer(parts, request, url);
    return isPlexTvPath(url.pathname) ? allowAnyOrigin(response) : response;
  };
}
