/**
 * What answers at a server's connection in the picker part: the server itself, or something broken at its
 * address (a reset mid-answer, a socket that accepts and stalls, a drip, a short body, an HTML page, another
 * machine). Each kind says what `NoServerConnectionError.attempts` must report for it.
 */
import type net from "node:net";
import { type Behaviour, writeHead } from "./raw-server.ts";

export type ConnectionKind = "live" | "reset" | "stall" | "drip" | "short" | "html" | "foreign";

export const KINDS: readonly ConnectionKind[] = ["live", "reset", "stall", "drip", "short", "html", "foreign"];

/** An answer written in full, after which the server closes: a finished answer is not the client's to close. */
function answerAndClose(socket: net.Socket, status: string, contentType: string, body: string): void {
  writeHead(socket, status, {
    "Content-Type": contentType,
    "Content-Length": String(body.length),
    Connection: "close",
  });
  socket.end(body);
}

function drip(socket: net.Socket): void {
  writeHead(socket, "200 OK", { "Content-Type": "application/json", "Content-Length": "1000" });
  const timer = setInterval(() => {
    if (!socket.destroyed) socket.write(" ");
  }, 500);
  socket.once("close", () => clearInterval(timer));
}

/** The behaviour of a connection of kind `kind` of the server named `machineIdentifier`. */
export function behaviourOf(kind: ConnectionKind, machineIdentifier: string): Behaviour {
  const root = (id: string) => JSON.stringify({ MediaContainer: { machineIdentifier: id, friendlyName: "x" } });
  switch (kind) {
    case "live":
      return (socket) => answerAndClose(socket, "200 OK", "application/json", root(machineIdentifier));
    case "foreign":
      return (socket) => answerAndClose(socket, "200 OK", "application/json", root("another-machine-0000"));
    case "html":
      return (socket) => answerAndClose(socket, "200 OK", "text/html", "<html><body>Router login</body></html>");
    case "reset":
      return (socket) => {
        writeHead(socket, "200 OK", { "Content-Type": "application/json", "Content-Length": "2000" });
        socket.write('{"MediaContainer":{"machineIdentifier":"');
        setTimeout(() => socket.resetAndDestroy(), 20);
      };
    case "short":
      return (socket) => {
        writeHead(socket, "200 OK", { "Content-Type": "application/json", "Content-Length": "5000" });
        socket.end('{"MediaContainer":{');
      };
    case "stall":
      return () => {};
    case "drip":
      return drip;
  }
}

/** What the picker must say a candidate of this kind did (`attempts[].outcome`), when none worked. */
export const ATTEMPT_OUTCOME: Readonly<Record<Exclude<ConnectionKind, "live">, RegExp>> = {
  stall: /^timed out$/,
  drip: /^timed out$/,
  reset: /^connection (reset|failed)/,
  short: /^connection (reset|failed)/,
  html: /^not a Plex Media Server answer$/,
  foreign: /^another server answered/,
};

/** The `X-Plex-Token` of a raw request, as its head shows it. */
export function tokenIn(head: string): string | undefined {
  return /^x-plex-token: *(.*?)\r$/im.exec(head)?.[1];
}
