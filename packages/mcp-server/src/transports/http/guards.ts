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
 * Bearer-token authentication. Compares digests in constant time, so response timing says nothing about
 * how much of a guessed token was right.
 */
export function checkBearer(request: IncomingMessage, expected: string): Rejection | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? "");
  if (match?.[1] && timingSafeEqual(digest(match[1]), digest(expected))) return undefined;
  return {
    status: 401,
    message: "Unauthorized: send Authorization: Bearer <token> (PLEX_MCP_AUTH_TOKEN, or the one printed at start)",
    headers: { "WWW-Authenticate": 'Bearer realm="plex-auth-mcp"' },
  };
}
