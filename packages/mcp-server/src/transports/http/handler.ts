import type { IncomingMessage, ServerResponse } from "node:http";
import { toNodeHandler } from "@modelcontextprotocol/node";
import type { AuthInfo } from "@modelcontextprotocol/server";
import type { Logger } from "../../log/logger.ts";
import type { BearerThrottle } from "./bearer-throttle.ts";
import { readJsonBody } from "./body.ts";
import { MCP_PATH } from "./defaults.ts";
import type { McpEndpoint } from "./endpoint.ts";
import {
  ANONYMOUS_PRINCIPAL,
  type BearerVerifier,
  bearerOf,
  checkHost,
  checkOrigin,
  type Rejection,
  UNAUTHORIZED,
} from "./guards.ts";
import type { RefusalLog } from "./refusal-log.ts";

/** What the request handler works with. */
export interface HandlerParts {
  readonly logger: Logger;
  readonly endpoint: McpEndpoint;
  /** Names the principal of a bearer; `false` when authentication is off (loopback only). */
  readonly verifyBearer: BearerVerifier | false;
  readonly throttle: BearerThrottle;
  readonly allowedHostnames: ReadonlySet<string>;
  /** Filled in once the port is known, before the first request. */
  readonly allowedOrigins: ReadonlySet<string>;
  /** Refused Host and Origin requests, logged grouped. */
  readonly refusals: RefusalLog;
}

// Refusals that end the connection: a caller who is not let in gets no keep-alive to try again on, and
// whatever body it is still sending is not read.
const CLOSING_STATUSES = new Set([400, 401, 403, 404, 413, 429]);

/** Answers a refused request with a JSON-RPC error body. */
export function reject(request: IncomingMessage, response: ServerResponse, rejection: Rejection): void {
  const closing = CLOSING_STATUSES.has(rejection.status);
  response.writeHead(rejection.status, {
    "Content-Type": "application/json",
    ...(closing ? { Connection: "close" } : {}),
    ...rejection.headers,
  });
  response.end(JSON.stringify({ jsonrpc: "2.0", error: { code: -32000, message: rejection.message }, id: null }));
  if (closing) response.once("finish", () => request.socket.destroySoon());
}

// The request's path, or undefined when its URL does not parse (`//`, a bare authority): answered 400 first.
function pathOf(request: IncomingMessage): string | undefined {
  try {
    return new URL(request.url ?? "/", "http://localhost").pathname;
  } catch {
    return undefined;
  }
}

// Who may ask at all: the Host and Origin checks (DNS rebinding), then the path.
function refusal(parts: HandlerParts, request: IncomingMessage): Rejection | undefined {
  const refused = checkHost(request, parts.allowedHostnames) ?? checkOrigin(request, parts.allowedOrigins);
  if (refused) {
    parts.refusals.note(refused.status, refused.message);
    return refused;
  }
  if (pathOf(request) !== MCP_PATH) {
    return { status: 404, message: `Not found: the MCP endpoint is ${MCP_PATH}` };
  }
  return undefined;
}

// The request's principal, or why it has none: a missing or wrong bearer (counted per address), or an
// address that has sent too many wrong ones lately.
async function principalOf(parts: HandlerParts, request: IncomingMessage): Promise<string | Rejection> {
  if (!parts.verifyBearer) return ANONYMOUS_PRINCIPAL;
  const address = request.socket.remoteAddress ?? "";
  const wait = parts.throttle.retryAfterMs(address);
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000);
    return {
      status: 429,
      message: `Too many wrong bearer tokens from this address: try again in ${seconds} s`,
      headers: { "Retry-After": String(seconds) },
    };
  }
  const bearer = bearerOf(request);
  const principal = bearer === undefined ? undefined : await parts.verifyBearer(bearer);
  if (principal) return principal;
  parts.throttle.fail(address);
  return UNAUTHORIZED;
}

/**
 * The node:http face of the endpoint: refuses early (a malformed URL, Host, Origin, path, bearer), reads
 * the body under its cap, then hands the request to the endpoint, which answers both protocol eras.
 *
 * @example
 * ```ts
 * const handle = createRequestHandler(parts);
 * createServer((request, response) => void handle(request, response));
 * ```
 */
export function createRequestHandler(
  parts: HandlerParts,
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const serve = toNodeHandler(
    {
      fetch: (request, options) =>
        parts.endpoint.fetch(request, options?.authInfo?.clientId ?? ANONYMOUS_PRINCIPAL, options?.parsedBody),
    },
    { onerror: (error) => parts.logger.error("request failed", { error: error.message }) },
  );
  return async (request, response) => {
    if (pathOf(request) === undefined) {
      return reject(request, response, { status: 400, message: "Bad Request: malformed URL" });
    }
    const refused = refusal(parts, request);
    if (refused) return reject(request, response, refused);
    const principal = await principalOf(parts, request);
    if (typeof principal !== "string") return reject(request, response, principal);
    const body = request.method === "POST" ? await readJsonBody(request) : undefined;
    if (body && !body.ok) return reject(request, response, body.rejection);
    const auth: AuthInfo = { token: "", clientId: principal, scopes: [] };
    return serve(Object.assign(request, { auth }), response, body?.value);
  };
}
