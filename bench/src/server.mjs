#!/usr/bin/env node
/**
 * The loopback server of the bench, run as a child process so it never competes with the client for the
 * same event loop: a bare `node:http` server on 127.0.0.1 answering each route of `payloads.mjs` with its
 * example body (any method, so plexjs' POST to /security/token gets the same bytes as our GET). Prints
 * `{"port":N}` once listening, and exits when its stdin closes, so it cannot outlive the bench.
 * @module
 */
import { createServer } from "node:http";
import { ROUTES } from "./payloads.mjs";

const answers = new Map(
  Object.values(ROUTES).map((route) => [
    route.path,
    {
      status: route.status,
      body: Buffer.from(route.body),
    },
  ]),
);
const notFound = Buffer.from('{"errors":[{"code":1001,"message":"not found","status":404}]}');

const server = createServer((request, response) => {
  const path = request.url?.split("?")[0] ?? "";
  const answer = answers.get(path);
  // Read (and drop) any request body before answering, so keep-alive connections stay reusable.
  request.resume();
  request.on("end", () => {
    const status = answer?.status ?? 404;
    const body = answer?.body ?? notFound;
    response.writeHead(status, { "content-type": "application/json", "content-length": body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 60_000;

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 })}\n`);
});

const stop = () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
};
process.stdin.on("end", stop);
process.stdin.on("close", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
