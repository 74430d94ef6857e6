import { MockConnectionReset } from "./connection-reset.ts";
import { applyBodyFault, sleep } from "./faults/apply.ts";
import type { FaultQueue } from "./faults/queue.ts";
import type { MockFault } from "./faults/types.ts";
import { RequestBodyTooLarge, readParams } from "./params.ts";
import { PLEX_TV_ERRORS, plexTvError, pmsErrorPage, reasonPhrase } from "./render/responses.ts";
import type { RequestLog } from "./request-log.ts";
import { matchRoute, PLEX_TV_V1_PATH, type RouteMatch } from "./routes/table.ts";
import type { MockState } from "./state/mock-state.ts";

/** What the request pipeline needs from the mock. */
export interface PipelineParts {
  readonly state: MockState;
  readonly faults: FaultQueue;
  readonly log: RequestLog;
}

// The two kinds of server the mock plays: plex.tv (any of its APIs and hosts) answers JSON or XML error
// documents, a Plex Media Server HTML pages.
type Host = "plexTv" | "pms";

function hostOf(match: RouteMatch, pathname: string): Host {
  if (match.kind !== "none") return match.route.host === "pms" ? "pms" : "plexTv";
  return pathname === PLEX_TV_V1_PATH || pathname.startsWith(`${PLEX_TV_V1_PATH}/`) ? "plexTv" : "pms";
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value === "" ? undefined : value;
}

/** An error answer in the style of the host: plex.tv's `errors` body, or a PMS HTML page. */
function errorAnswer(host: Host, request: Request, status: number, headers: Record<string, string> = {}): Response {
  if (host === "pms") return pmsErrorPage(status, headers);
  const known =
    status === 429 ? PLEX_TV_ERRORS.rateLimited : status === 401 ? PLEX_TV_ERRORS.unauthenticated : undefined;
  return plexTvError(request, known ?? { status, code: undefined, message: reasonPhrase(status) }, headers);
}

function faultAnswer(host: Host, request: Request, fault: Extract<MockFault, { kind: "status" }>): Response {
  const headers: Record<string, string> =
    fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) };
  return errorAnswer(host, request, fault.status, headers);
}

interface Parsed {
  readonly params: Record<string, string>;
  readonly token: string | undefined;
  readonly clientIdentifier: string | undefined;
}

/** Routing and the checks plex.tv makes before any route: client identifier, then rate limit. */
async function route(parts: PipelineParts, request: Request, match: RouteMatch, parsed: Parsed): Promise<Response> {
  const host = hostOf(match, new URL(request.url).pathname);
  if (match.kind === "none") {
    return host === "pms" ? pmsErrorPage(404) : plexTvError(request, PLEX_TV_ERRORS.notFound);
  }
  const { route } = match;
  if (match.kind === "wrong-method") {
    return host === "pms" ? pmsErrorPage(405, { allow: route.method }) : plexTvError(request, PLEX_TV_ERRORS.notFound);
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
    successStatus: route.operation.successStatus,
    pathParams: match.pathParams,
    ...parsed,
  });
}

/**
 * Builds the mock's fetch handler: route by core's operation table, log the request (redacted), apply
 * the next injected fault, run the route, and record the status.
 */
export function createHandler(parts: PipelineParts): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    const match = matchRoute(request.method, url.pathname);
    const host = hostOf(match, url.pathname);
    let params: Record<string, string>;
    try {
      params = await readParams(request, url);
    } catch (error) {
      if (error instanceof RequestBodyTooLarge) return errorAnswer(host, request, 413);
      throw error;
    }
    const parsed: Parsed = {
      params,
      token: nonEmpty(request.headers.get("x-plex-token")) ?? nonEmpty(params["X-Plex-Token"]),
      clientIdentifier:
        nonEmpty(request.headers.get("x-plex-client-identifier")) ?? nonEmpty(params["X-Plex-Client-Identifier"]),
    };
    const operation = match.kind === "none" ? undefined : match.route.name;
    const entry = parts.log.record({
      at: parts.state.clock.now(),
      method: request.method,
      url,
      operation,
      headers: request.headers,
      params,
      clientIdentifier: parsed.clientIdentifier,
      hadToken: parsed.token !== undefined,
    });
    const fault = parts.faults.take(operation);
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
      response = await applyBodyFault(fault, response, request.signal, xmlRoot);
    }
    entry.status = response.status;
    if (request.method !== "HEAD") return response;
    await response.body?.cancel();
    return new Response(null, { status: response.status, headers: response.headers });
  };
}
