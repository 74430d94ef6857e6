import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage } from "node:http";

/** Why a request was turned away, before it reached MCP. */
export interface Rejection {
  readonly status: number;
  readonly message: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The hostname of a `Host` header (port removed, IPv6 in brackets, lower case), or `undefined` if malformed. */
export function hostnameOfHostHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  try {
    return new URL(`http://${header}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection, part one: a page on evil.example whose name was re-pointed at 127.0.0.1 still
 * sends `Host: evil.example`. Only the names this server is known by are accepted.
 */
export function checkHost(request: IncomingMessage, allowedHostnames: ReadonlySet<string>): Rejection | undefined {
  const hostname = hostnameOfHostHeader(request.headers.host);
  if (hostname && allowedHostnames.has(hostname)) return undefined;
  return { status: 403, message: "Forbidden: Host header is not one this server answers to" };
}

/**
 * The origin of a URL as browsers send it in `Origin` (scheme, host and port, lower case, default port
 * left out), or `undefined` for anything that is not an http(s) origin, such as the opaque `null`.
 */
export function normalizeOrigin(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding and cross-site protection, part two: browsers send `Origin` on cross-origin requests, and
 * only pages of this server's own origin (scheme, host and port: a page on another port of localhost is
 * another site) or of an explicitly allowed origin may talk to this server. Requests without `Origin` come
 * from non-browser clients and pass.
 */
export function checkOrigin(request: IncomingMessage, allowedOrigins: ReadonlySet<string>): Rejection | undefined {
  const origin = request.headers.origin;
  if (origin === undefined) return undefined;
  const normalized = normalizeOrigin(origin);
  if (normalized !== undefined && allowedOrigins.has(normalized)) return undefined;
  return { status: 403, message: "Forbidden: Origin is not allowed (add it with --allowed-origin)" };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Verifies a bearer token and names its principal (whose Plex state the request works on), or answers
 * `undefined` for a bearer it does not know.
 */
export type BearerVerifier = (bearer: string) => string | undefined | Promise<string | undefined>;

/** The principal of every request when one bearer token (`PLEX_MCP_AUTH_TOKEN`) is configured. */
export const BEARER_PRINCIPAL = "bearer";
/** The principal of every request when authentication is off (loopback only). */
export const ANONYMOUS_PRINCIPAL = "anonymous";

/** The bearer of an `Authorization` header, or `undefined` when there is none. */
export function bearerOf(request: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "")?.[1];
}

/**
 * A verifier for one configured token. Compares digests in constant time, so response timing says nothing
 * about how much of a guessed token was right.
 */
export function singleBearer(expected: string): BearerVerifier {
  const wanted = digest(expected);
  return (bearer) => (timingSafeEqual(digest(bearer), wanted) ? BEARER_PRINCIPAL : undefined);
}

/** The answer to a missing or wrong bearer. */
export const UNAUTHORIZED: Rejection = {
  status: 401,
  message: "Unauthorized: send Authorization: Bearer <token> (PLEX_MCP_AUTH_TOKEN, or the one printed at start)",
  headers: { "WWW-Authenticate": 'Bearer realm="plex-auth-mcp"' },
};
