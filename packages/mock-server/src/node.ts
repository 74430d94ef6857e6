/**
 * The Node adapter of `@plex-auth/mock-server`: serves a mock over `node:http`, on 127.0.0.1 and an
 * ephemeral port by default, for clients that need a real socket.
 *
 * @example
 * ```ts
 * import { createPlexAuth } from "@plex-auth/core";
 * import { startMockServer } from "@plex-auth/mock-server/node";
 *
 * const server = await startMockServer();
 * const plex = createPlexAuth({ clientIdentifier: "my-test", serverUrl: server.url, plexTvUrl: server.plexTvUrl });
 * // … run the test …
 * await server.close();
 * ```
 *
 * @module
 */

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isConnectionReset } from "./connection-reset.ts";
import { createMockPlex, type MockFetch, type MockPlex } from "./mock-plex.ts";
import type { MockPlexOptions } from "./options.ts";
import { MAX_REQUEST_BODY_BYTES } from "./params.ts";
import { PLEX_TV_PATH } from "./routes/table.ts";

/**
 * Options of {@link startMockServer}: where to listen, and the mock to serve (or options to make one).
 *
 * @example
 * ```ts
 * const server = await startMockServer({ port: 32400, seed: 1, rateLimit: false });
 * ```
 */
export interface StartMockServerOptions extends MockPlexOptions {
  /** Port to listen on. Default 0: an ephemeral port, read it from `server.url`. */
  port?: number;
  /** Address to listen on. Default `127.0.0.1`, so nothing outside the machine can reach it. */
  host?: string;
  /** A mock made with `createMockPlex`, to serve instead of a new one (then pass no other mock options). */
  mock?: MockPlex;
}

/**
 * A running mock server.
 *
 * @example
 * ```ts
 * const server: MockServer = await startMockServer();
 * const plex = createPlexAuth({ clientIdentifier: "tests", serverUrl: server.url, plexTvUrl: server.plexTvUrl });
 * await server.close();
 * ```
 */
export interface MockServer {
  /** `http://127.0.0.1:<port>`: the Plex Media Server URL (`serverUrl`). */
  readonly url: string;
  /** `${url}/api/v2`: the plex.tv API base (`plexTvUrl`). */
  readonly plexTvUrl: string;
  readonly port: number;
  /** The mock behind the socket: faults, clock, request log, tokens. */
  readonly mock: MockPlex;
  /**
   * A `fetch` for clients of this server: the server's own origin over the real socket, the simulated
   * connections of its media servers (`*.connections.plex.invalid`) answered in memory as `mock.fetch`
   * does, and anything else refused like an unknown host, so no request (not even a DNS lookup) leaves
   * the machine when a client probes every connection `/resources` lists.
   */
  readonly fetch: MockFetch;
  /** Stops listening and drops every open connection (stalled responses included). */
  close(): Promise<void>;
}

const SEND_HEADERS_TIMEOUT_MS = 5_000;

function toRequest(incoming: IncomingMessage, origin: string, body: Buffer | undefined, signal: AbortSignal): Request {
  const headers = new Headers();
  for (let index = 0; index + 1 < incoming.rawHeaders.length; index += 2) {
    headers.append(incoming.rawHeaders[index] as string, incoming.rawHeaders[index + 1] as string);
  }
  return new Request(new URL(incoming.url ?? "/", origin), {
    method: incoming.method ?? "GET",
    headers,
    body: body && body.byteLength > 0 ? new Uint8Array(body) : undefined,
    signal,
  });
}

function readBody(incoming: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    if (incoming.method === "GET" || incoming.method === "HEAD") {
      incoming.resume();
      return resolve(undefined);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on("data", (chunk: Buffer) => {
      size += chunk.byteLength;
      // One byte over the cap is enough for the mock to answer 413; the rest is not kept.
      if (size <= MAX_REQUEST_BODY_BYTES + 1) chunks.push(chunk);
    });
    incoming.on("end", () => resolve(Buffer.concat(chunks)));
    incoming.on("error", reject);
  });
}

async function writeResponse(response: Response, outgoing: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  outgoing.writeHead(response.status, headers);
  if (!response.body) {
    outgoing.end();
    return;
  }
  const reader = response.body.getReader();
  // The client going away (a stalled body it gave up on) must release the stream.
  outgoing.once("close", () => void reader.cancel().catch(() => {}));
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!outgoing.write(value)) await new Promise((resolve) => outgoing.once("drain", resolve));
  }
  outgoing.end();
}

/**
 * Serves a mock Plex (see `createMockPlex`) over HTTP: `server.url` is the Plex Media Server URL and
 * `server.plexTvUrl` the plex.tv API base. Listens on 127.0.0.1 and an ephemeral port unless told otherwise.
 *
 * @example
 * ```ts
 * import { startMockServer } from "@plex-auth/mock-server/node";
 * const server = await startMockServer({ seed: 7 });
 * server.mock.faults.failNext(1, 503, { retryAfterSeconds: 1 });
 * const response = await fetch(`${server.plexTvUrl}/user`, { headers: { "X-Plex-Client-Identifier": "t" } });
 * await server.close();
 * ```
 */
export async function startMockServer(options: StartMockServerOptions = {}): Promise<MockServer> {
  const { port = 0, host = "127.0.0.1", mock: given, ...mockOptions } = options;
  if (given && Object.keys(mockOptions).length > 0) {
    throw new TypeError("startMockServer: pass either `mock` or createMockPlex options, not both");
  }
  const mock = given ?? createMockPlex(mockOptions);
  const server = createServer({ requestTimeout: 0, headersTimeout: SEND_HEADERS_TIMEOUT_MS }, (incoming, outgoing) => {
    const controller = new AbortController();
    outgoing.once("close", () => {
      if (!outgoing.writableFinished) controller.abort(new Error("the client closed the connection"));
    });
    void (async () => {
      try {
        const body = await readBody(incoming);
        const response = await mock.handle(toRequest(incoming, origin, body, controller.signal));
        await writeResponse(response, outgoing);
      } catch (error) {
        if (isConnectionReset(error) || controller.signal.aborted) {
          incoming.socket.destroy();
          return;
        }
        if (!outgoing.headersSent) outgoing.writeHead(500, { "content-type": "text/plain" });
        outgoing.end("mock server error");
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const origin = `http://${hostPart}:${address.port}`;
  let closed: Promise<void> | undefined;
  const fetch: MockFetch = (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return url.origin === origin ? globalThis.fetch(input, init) : mock.fetch(input, init);
  };
  return {
    url: origin,
    plexTvUrl: `${origin}${PLEX_TV_PATH}`,
    port: address.port,
    mock,
    fetch,
    close() {
      closed ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closed;
    },
  };
}
