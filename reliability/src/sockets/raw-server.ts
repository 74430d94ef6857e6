/**
 * A TCP server on 127.0.0.1 that speaks just enough HTTP/1.1 to misbehave on purpose: each connection is
 * handed to a behaviour once its first request bytes arrive. It records, per connection, when the request
 * came, when the client closed its side or the socket closed, and how many body bytes were written, so a
 * test can check that the client gave up on the connection (the body was cancelled, not drained).
 */
import net from "node:net";

/** What the server saw of one connection. */
export interface ConnectionRecord {
  /** Requests seen on it (request lines). */
  requests: number;
  /** ms since the server started: first request bytes, client FIN, socket closed. */
  requestAt: number | undefined;
  endAt: number | undefined;
  closeAt: number | undefined;
  /** Bytes the server wrote. */
  bytesWritten: number;
  /** The first request bytes, as latin1 text (the request line and headers, for a test to read). */
  head: string;
}

/** Misbehaves on one connection; `record` is that connection's record. */
export type Behaviour = (socket: net.Socket, record: ConnectionRecord) => void;

export interface RawServer {
  readonly url: string;
  readonly connections: ConnectionRecord[];
  /** Total requests seen across connections. */
  requests(): number;
  /** Milliseconds since the server started. */
  now(): number;
  /**
   * Resolves true once every connection that carried a request (or, with `idleToo`, every connection) has
   * been closed or ended by the client; false if one is still open after `withinMs`.
   */
  allClosed(withinMs: number, idleToo?: boolean): Promise<boolean>;
  close(): Promise<void>;
}

const REQUEST_LINE = /^(GET|POST|PUT|HEAD|DELETE|OPTIONS|PATCH) \S+ HTTP\/1\.[01]\r$/gm;

export async function startRawServer(behaviour: Behaviour): Promise<RawServer> {
  const started = performance.now();
  const now = () => Math.round(performance.now() - started);
  const connections: ConnectionRecord[] = [];
  const sockets = new Set<net.Socket>();
  // allowHalfOpen: a client FIN must not make Node end our side for us; the half-open case needs it.
  const server = net.createServer({ allowHalfOpen: true }, (socket) => {
    const record: ConnectionRecord = {
      requests: 0,
      requestAt: undefined,
      endAt: undefined,
      closeAt: undefined,
      bytesWritten: 0,
      head: "",
    };
    connections.push(record);
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("end", () => {
      record.endAt ??= now();
      record.bytesWritten = socket.bytesWritten;
    });
    socket.on("close", () => {
      record.closeAt ??= now();
      record.bytesWritten = socket.bytesWritten;
      sockets.delete(socket);
    });
    let started = false;
    socket.on("drain", () => {
      record.bytesWritten = socket.bytesWritten;
    });
    socket.on("data", (chunk: Buffer) => {
      record.requests += chunk.toString("latin1").match(REQUEST_LINE)?.length ?? 0;
      if (started) return;
      started = true;
      record.head = chunk.toString("latin1");
      record.requestAt = now();
      behaviour(socket, record);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const isClosed = (record: ConnectionRecord) => record.endAt !== undefined || record.closeAt !== undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    connections,
    requests: () => connections.reduce((sum, record) => sum + record.requests, 0),
    now,
    async allClosed(withinMs, idleToo = false) {
      const deadline = performance.now() + withinMs;
      const watched = () => connections.filter((record) => idleToo || record.requests > 0);
      while (!watched().every(isClosed)) {
        if (performance.now() > deadline) return false;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return true;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes a status line and headers. */
export function writeHead(socket: net.Socket, status: string, headers: Record<string, string>): void {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.write(`HTTP/1.1 ${status}\r\n${lines.join("")}\r\n`);
}

/**
 * Streams `totalBytes` of body (chunked when `chunked`), honouring back-pressure, until done or the socket
 * closes. Resolves with the body bytes handed to the socket.
 */
export function streamBody(socket: net.Socket, totalBytes: number, chunked: boolean): Promise<number> {
  const chunk = Buffer.alloc(64 * 1024, "x");
  let sent = 0;
  return new Promise((resolve) => {
    const finish = () => resolve(sent);
    socket.once("close", finish);
    const pump = () => {
      while (sent < totalBytes && !socket.destroyed) {
        const size = Math.min(chunk.length, totalBytes - sent);
        const piece = size === chunk.length ? chunk : chunk.subarray(0, size);
        const ok = chunked
          ? socket.write(Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), piece, Buffer.from("\r\n")]))
          : socket.write(piece);
        sent += size;
        if (!ok) return void socket.once("drain", pump);
      }
      if (!socket.destroyed && chunked) socket.end("0\r\n\r\n");
      else if (!socket.destroyed) socket.end();
      socket.off("close", finish);
      finish();
    };
    pump();
  });
}
