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

type NodeRequest = IncomingMessage & { originalUrl?: string };

function originOf(incoming: IncomingMessage, options: NodeListenerOptions): string {
  if (options.origin !== undefined) return options.origin;
  const secure = (incoming.socket as Partial<TLSSocket>).encrypted === true;
  return `${secure ? "https" : "http"}://${incoming.headers.host ?? "localhost"}`;
}

/** The body, or `"too-large"` as soon as it passes the cap (the rest is not read). */
function readBody(incoming: IncomingMessage, maxBytes: number): Promise<Buffer | undefined | "too-large"> {
  if (incoming.method === "GET" || incoming.method === "HEAD") return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > maxBytes) {
        incoming.pause();
        resolve("too-large");
      } else chunks.push(chunk);
    });
    incoming.on("end", () => resolve(Buffer.concat(chunks)));
    incoming.on("error", reject);
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
    if (!outgoing.write(value)) await new Promise((resolve) => outgoing.once("drain", resolve));
  }
  outgoing.end();
}

/**
 * Serves a fetch handler (`createPlexSignInHandler`'s, say) from `node:http`, Express or Connect: turns
 * each request into a `Request` (its body capped), and the handler's `Response` back. The request's
 * signal aborts when the client goes away. A handler that throws answers 500 without details.
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
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return async (incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.once("close", () => {
      if (!outgoing.writableFinished) controller.abort(new Error("the client closed the connection"));
    });
    try {
      const body = await readBody(incoming, maxBodyBytes);
      if (body === "too-large") {
        outgoing.writeHead(413, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        return void outgoing.end("Request body too large.");
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
