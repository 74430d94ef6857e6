// A loopback proxy that adds the bearer token to every request: the conformance suite's CLI cannot send
// one, and the real server (bearer required) is what should be checked. Streams both ways (SSE included).
import { createServer, request as forward } from "node:http";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * @param {string} target the server's MCP URL, e.g. http://127.0.0.1:4123/mcp
 * @param {string} bearer the token to add
 * @returns {Promise<{ url: string, close: () => Promise<void> }>}
 */
export function startBearerProxy(target, bearer) {
  const upstream = new URL(target);
  const proxy = createServer((incoming, outgoing) => {
    // Host and Origin pass unchanged: the server's DNS-rebinding checks must see what the suite sent (the
    // proxy's own Host names 127.0.0.1 too, which the server answers to on any port).
    const headers = { ...incoming.headers, authorization: `Bearer ${bearer}` };
    // A page of the proxy's own origin stands for a page of the server's own origin (same host, the
    // server's port); any other Origin passes as it came.
    const origin = URL.canParse(headers.origin ?? "") ? new URL(headers.origin) : undefined;
    if (origin && origin.port === String(proxy.address().port) && LOOPBACK.has(origin.hostname)) {
      origin.port = upstream.port;
      headers.origin = origin.origin;
    }
    const relay = forward(
      { host: upstream.hostname, port: upstream.port, path: incoming.url, method: incoming.method, headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    relay.on("error", () => outgoing.destroy());
    outgoing.on("close", () => relay.destroy());
    incoming.pipe(relay);
  });
  return new Promise((resolve) => {
    proxy.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {import("node:net").AddressInfo} */ (proxy.address());
      resolve({
        url: `http://127.0.0.1:${port}${upstream.pathname}`,
        close: () =>
          new Promise((done) => {
            proxy.close(() => done(undefined));
            proxy.closeAllConnections();
          }),
      });
    });
  });
}
