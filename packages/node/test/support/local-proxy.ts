import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";

/** What a {@link startLocalProxy} saw: `GET http://…` for forwarded requests, `CONNECT host:port` for tunnels. */
export interface LocalProxy {
  readonly url: string;
  readonly seen: string[];
  close(): Promise<void>;
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/**
 * A minimal HTTP proxy on 127.0.0.1. It forwards plain requests and tunnels CONNECT, but only to 127.0.0.1:
 * a CONNECT to any other host is answered 403, so a test can prove a request was routed here without anything
 * leaving the machine.
 */
export async function startLocalProxy(): Promise<LocalProxy> {
  const seen: string[] = [];
  // Tunnelled sockets leave the server's books, so closeAllConnections() would not end them.
  const tunnels = new Set<{ destroy(): void }>();
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    const target = new URL(request.url ?? "");
    if (target.hostname !== "127.0.0.1") {
      response.writeHead(403).end();
      return;
    }
    const upstream = httpRequest(target, { method: request.method, headers: request.headers }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
    });
    upstream.on("error", () => response.writeHead(502).end());
    request.pipe(upstream);
  });
  server.on("connect", (request, socket, head) => {
    seen.push(`CONNECT ${request.url}`);
    tunnels.add(socket);
    const [host, port] = (request.url ?? "").split(":");
    if (host !== "127.0.0.1") {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    const upstream = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    tunnels.add(upstream);
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });
  const url = await listen(server);
  return {
    url,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const socket of tunnels) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A plex.tv stand-in on 127.0.0.1 that answers every request with `body`. */
export async function startPlainServer(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  const url = await listen(server);
  return {
    url,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
