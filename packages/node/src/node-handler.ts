import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";

/** A fetch handler: what `createPlexSignInHandler` returns, and what Deno, Bun and Workers serve as is. */
export type FetchHandler = (request: Request) => Response | Promise<Response>;

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /**
   * The public origin the handler is reached at (`https://my.app`), for the `Request`'s URL. Default: from
   * the connection (https when it is TLS) and the `Host` header. Set it behind a proxy that changes either.
   */
  origin?: string | undefined;
  /** Request bodies larger than this are refused with 413 before the handler runs. Default 64 KiB. */
  maxBodyBytes?: number | undefined;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
// A client that sends its body slower than this is cut off: the handler never waits on it for ever.
const BODY_TIMEOUT_MS = 30_000;

// What Express and Connect add: the path before the mount, and a body a parser already read.
type NodeRequest = IncomingMessage & { originalUrl?: string; body?: unknown };

function checkOptions(options: NodeListenerOptions): void {
  const problems: string[] = [];
  if (options.origin !== undefined) {
    let origin: string | undefined;
    try {
      origin = new URL(options.origin).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== options.origin || !/^https?:/.test(options.origin)) {
      problems.push("origin must be a web origin, like https://my.app (scheme, host, port; no path)");
    }
  }
  const max = options.maxBodyBytes;
  if (max !== undefined && !(Number.isSafeInteger(max) && max >= 0))
    problems.push("maxBodyBytes must be a whole number of bytes, 0 or more");
  if (problems.length > 0) throw new TypeError(`toNodeListener: ${problems.join("; ")}`);
}

/**
 * The body a framework's parser already read (`express.json()` before the mount): what it kept, as bytes.
 * `undefined` when it kept nothing usable; the stream is gone either way.
 */
function parsedBody(incoming: NodeRequest): Buffer | undefined {
  const body = incoming.body;
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === "string") return Buffer.from(body);
  if (body !== undefined && body !== null && typeof body === "object") return Buffer.from(JSON.stringify(body));
  return undefined;
}

function originOf(incoming: IncomingMessage, options: NodeListenerOptions): string {
  if (options.origin !== undefined) return options.origin;
  const secure = (incoming.socket as Partial<TLSSocket>).encrypted === true;
  return `${secure ? "https" : "http"}://${incoming.headers.host ?? "localhost"}`;
}

/** The body, or `"too-large"` as soon as it passes the cap (the rest is not read), or `"too-slow"`. */
function readBody(incoming: NodeRequest, maxBytes: number): Promise<Buffer | undefined | "too-large" | "too-slow"> {
  if (incoming.method === "GET" || incoming.method === "HEAD") return Promise.resolve(undefined);
  // Read already (a body parser mounted first): 'end' will never come again.
  if (incoming.readableEnded || incoming.body !== undefined) return Promise.resolve(parsedBody(incoming));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => resolve("too-slow"), BODY_TIMEOUT_MS);
    const settle = (value: Buffer | "too-large") => {
      clearTimeout(timer);
      resolve(value);
    };
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        incoming.pause();
        settle("too-large");
      } else chunks.push(chunk);
    });
    incoming.on("end", () => settle(Buffer.concat(chunks)));
    incoming.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

function toRequest(incoming: NodeRequest, origin: string, body: Buffer | undefined, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
  }
  // Express and Connect strip the mount path from `url`; `originalUrl` keeps it (cookie paths need it).
  return new Request(new URL(incoming.originalUrl ?? incoming.url ?? "/", origin), {
    method: incoming.method ?? "GET",
    headers,
    body: body && body.byteLength > 0 ? new Uint8Array(body) : undefined,
    signal,
  });
}

async function send(response: Response, outgoing: ServerResponse): Promise<void> {
  // `getSetCookie` keeps several Set-Cookie headers apart, which `forEach` would join with commas.
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  outgoing.writeHead(response.status, headers);
  if (!response.body) return void outgoing.end();
  const reader = response.body.getReader();
  outgoing.once("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    // A client gone mid-answer never drains: 'close' ends the wait too.
    if (!outgoing.write(value)) await new Promise((resolve) => outgoing.once("drain", resolve).once("close", resolve));
    if (outgoing.destroyed) break;
  }
  outgoing.end();
}

/**
 * Serves a fetch handler (`createPlexSignInHandler`'s, say) from `node:http`, Express or Connect: turns
 * each request into a `Request` (its body capped, and cut off after 30 s; a body a parser such as
 * `express.json()` already read is taken from `req.body`), and the handler's `Response` back. The
 * request's signal aborts when the client goes away. A handler that throws answers 500 without details.
 * Bad options throw a `TypeError` naming them.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createPlexSignInHandler, toNodeListener } from "@plex-auth/node";
 *
 * const plexSignIn = toNodeListener(createPlexSignInHandler({ core, onSignedIn }));
 * createServer((req, res) => (req.url?.startsWith("/api/plex/") ? plexSignIn(req, res) : app(req, res))).listen(3000);
 * ```
 */
export function toNodeListener(
  handler: FetchHandler,
  options: NodeListenerOptions = {},
): (incoming: IncomingMessage, outgoing: ServerResponse) => Promise<void> {
  checkOptions(options);
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.once("close", () => {
      if (!outgoing.writableFinished) controller.abort(new Error("the client closed the connection"));
    });
    try {
      const body = await readBody(incoming as NodeRequest, maxBodyBytes);
      if (body === "too-large" || body === "too-slow") {
        const [status, text] =
          body === "too-large" ? [413, "Request body too large."] : [408, "Request body too slow."];
        outgoing.writeHead(status, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        return void outgoing.end(text);
      }
      const request = toRequest(incoming as NodeRequest, originOf(incoming, options), body, controller.signal);
      await send(await handler(request), outgoing);
    } catch {
      // Half an answer cannot be taken back: cut the connection so the client sees the failure.
      if (outgoing.headersSent) return void outgoing.destroy();
      outgoing.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
      outgoing.end("Internal error.");
    }
  };
}
