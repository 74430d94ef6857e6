/**
 * Guards findServerConnection: candidates in the order a person wants them (and no local ones for a server
 * you do not own), the server's own token sent only to its own URIs, an endpoint that needs the token (a
 * server answering only /identity is not a connection), the right machine, tiers started a stagger step
 * apart and losers cancelled, one typed error listing what every candidate did, and abort. Over real
 * 127.0.0.1 sockets: 10 candidates of which 7 are dead, picked within the fastest live one's latency plus
 * one stagger step (a loose bound here; the bench measures it).
 */
import { createServer, type Server, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { connectionCandidates } from "../src/flows/connection-candidates.ts";
import {
  createPlexAuth,
  findServerConnection,
  InvalidInputError,
  NoServerConnectionError,
  type PlexResource,
  type PlexResourceConnection,
  RequestAbortedError,
} from "../src/index.ts";
import { IDENTITY, rejection } from "./helpers/client.ts";
import { connectionRefused, type FetchCall, json, mockFetch, text } from "./helpers/fetch.ts";
import { closedPortUrl, type TestServer, useServers } from "./helpers/server.ts";

const ACCOUNT_TOKEN = "account-token-never-sent-0001";
const SERVER_TOKEN = "server-access-token-0001";
const MACHINE = "8276c3fa6bc24e44b347e19c71fbb98b9287c1e9";

function connection(uri: string, extra: Partial<PlexResourceConnection> = {}): PlexResourceConnection {
  return { uri, protocol: uri.startsWith("https") ? "https" : "http", local: false, relay: false, ...extra };
}

function server(connections: PlexResourceConnection[], extra: Partial<PlexResource> = {}): PlexResource {
  return {
    name: "StreamMaster",
    clientIdentifier: MACHINE,
    provides: "server",
    owned: true,
    presence: true,
    accessToken: SERVER_TOKEN,
    connections,
    ...extra,
  };
}

const rootAnswer = (machineIdentifier = MACHINE) =>
  json(200, { MediaContainer: { machineIdentifier, friendlyName: "StreamMaster", version: "1.50.7" } });

const client = (fetch: ReturnType<typeof mockFetch>["fetch"]) =>
  createPlexAuth({ ...IDENTITY, token: ACCOUNT_TOKEN, fetch });

describe("the candidates", () => {
  it("local, then remote, then relay; https before http; IPv4 before IPv6; duplicates and junk dropped", () => {
    const order = connectionCandidates(
      server([
        connection("https://relay.example:8443", { relay: true }),
        connection("http://10.0.0.2:32400", { local: true }),
        connection("https://remote6.example:32400", { IPv6: true }),
        connection("https://remote.example:32400"),
        connection("https://local.example:32400", { local: true }),
        connection("https://remote.example:32400/"),
        connection("not a url"),
        connection("ftp://local.example", { local: true }),
      ]),
    ).map((candidate) => [candidate.uri, candidate.tier]);
    expect(order).toEqual([
      ["https://local.example:32400", 0],
      ["http://10.0.0.2:32400", 0],
      ["https://remote.example:32400", 1],
      ["https://remote6.example:32400", 1],
      ["https://relay.example:8443", 2],
    ]);
  });

  it("a server you do not own gets no local candidates", () => {
    const shared = server(
      [connection("https://local.example:32400", { local: true }), connection("https://remote.example:32400")],
      { owned: false },
    );
    expect(connectionCandidates(shared).map((candidate) => candidate.uri)).toEqual(["https://remote.example:32400"]);
  });
});

describe("findServerConnection", () => {
  it("sends the server's own token, and only to the server's own URIs, never the account token", async () => {
    const mock = mockFetch((call: FetchCall) =>
      call.url.startsWith("https://remote.example") ? rootAnswer() : Promise.reject(connectionRefused()),
    );
    const resource = server([
      connection("https://local.example:32400", { local: true }),
      connection("https://remote.example:32400"),
    ]);
    const found = await findServerConnection(client(mock.fetch), resource, { staggerMs: 10 });
    expect(found).toMatchObject({
      uri: "https://remote.example:32400",
      accessToken: SERVER_TOKEN,
      local: false,
      relay: false,
    });
    expect(found.latencyMs).toBeGreaterThanOrEqual(0);
    for (const call of mock.calls) {
      expect(call.headers["x-plex-token"]).toBe(SERVER_TOKEN);
      expect(["https://local.example:32400/", "https://remote.example:32400/"]).toContain(call.url);
      expect(JSON.stringify(call)).not.toContain(ACCOUNT_TOKEN);
    }
  });

  it("prefers a local connection that answers over a remote one", async () => {
    const mock = mockFetch(() => rootAnswer());
    const resource = server([
      connection("https://remote.example:32400"),
      connection("https://local.example:32400", { local: true }),
    ]);
    expect((await findServerConnection(client(mock.fetch), resource)).local).toBe(true);
    // The remote tier never started: the local one answered within its stagger step.
    expect(mock.calls.map((call) => call.url)).toEqual(["https://local.example:32400/"]);
  });

  it("rejects with NoServerConnectionError naming what each candidate did, with no token in it", async () => {
    const mock = mockFetch((call: FetchCall) => {
      if (call.url.includes("refused")) return Promise.reject(connectionRefused());
      if (call.url.includes("tls")) {
        const cause = Object.assign(new Error("Hostname/IP does not match certificate's altnames"), {
          code: "ERR_TLS_CERT_ALTNAME_INVALID",
        });
        return Promise.reject(new TypeError("fetch failed", { cause }));
      }
      if (call.url.includes("unauthorized")) return text(401, "<html>401 Unauthorized</html>", "text/html");
      if (call.url.includes("other")) return rootAnswer("someone-elses-server");
      if (call.url.includes("anonymous")) return json(200, {});
      if (call.url.includes("nginx")) return text(200, "<html>Welcome to nginx</html>", "text/html");
      return new Promise<Response>((_resolve, reject) =>
        call.init.signal?.addEventListener("abort", () => reject(call.init.signal?.reason)),
      );
    });
    const resource = server([
      connection("https://refused.example:1"),
      connection("https://tls.example:2"),
      connection("https://unauthorized.example:3"),
      connection("https://other.example:4"),
      connection("https://anonymous.example:7"),
      connection("https://nginx.example:5"),
      connection("https://blackhole.example:6"),
    ]);
    const error = (await rejection(
      findServerConnection(client(mock.fetch), resource, { probeTimeoutMs: 100, staggerMs: 10 }),
    )) as NoServerConnectionError;
    expect(error).toBeInstanceOf(NoServerConnectionError);
    expect(error.code).toBe("no_server_connection");
    expect(error.attempts).toEqual([
      { uri: "https://refused.example:1", outcome: "refused" },
      { uri: "https://tls.example:2", outcome: "TLS failed" },
      { uri: "https://unauthorized.example:3", outcome: "token refused (401)" },
      {
        uri: "https://other.example:4",
        outcome: "another server answered (its machine identifier differs or is missing)",
      },
      // A 200 that names no machine is not taken for the server (anything at that address could answer it).
      {
        uri: "https://anonymous.example:7",
        outcome: "another server answered (its machine identifier differs or is missing)",
      },
      { uri: "https://nginx.example:5", outcome: "not a Plex Media Server answer" },
      { uri: "https://blackhole.example:6", outcome: "timed out" },
    ]);
    const shown = `${error.message}${JSON.stringify(error)}${error.stack}`;
    expect(shown).not.toContain(SERVER_TOKEN);
    expect(shown).not.toContain(ACCOUNT_TOKEN);
    expect(error.message).toContain('No connection to "StreamMaster" worked');
  });

  it("cancels the probes that lost", async () => {
    const signals: AbortSignal[] = [];
    const mock = mockFetch((call: FetchCall) => {
      if (call.init.signal) signals.push(call.init.signal);
      if (call.url.includes("winner")) return rootAnswer();
      return new Promise<Response>(() => {});
    });
    const resource = server([
      connection("https://stuck-1.example:1", { local: true }),
      connection("https://stuck-2.example:2", { local: true }),
      connection("https://winner.example:3"),
    ]);
    await findServerConnection(client(mock.fetch), resource, { staggerMs: 20 });
    expect(signals).toHaveLength(3);
    expect(signals.filter((signal) => signal.aborted)).toHaveLength(2);
  });

  it("an abort ends every probe with RequestAbortedError", async () => {
    const mock = mockFetch(
      (call: FetchCall) =>
        new Promise<Response>((_resolve, reject) =>
          call.init.signal?.addEventListener("abort", () => reject(call.init.signal?.reason)),
        ),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const pending = findServerConnection(client(mock.fetch), server([connection("https://a.example:1")]), {
      signal: controller.signal,
    });
    expect(await rejection(pending)).toBeInstanceOf(RequestAbortedError);
  });

  it("refuses a resource without its own token: the account token is never used instead", async () => {
    const mock = mockFetch(() => rootAnswer());
    const error = await rejection(
      findServerConnection(client(mock.fetch), server([connection("https://a.example:1")], { accessToken: null })),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).issues[0]?.path).toBe("resource.accessToken");
    expect(mock.calls).toHaveLength(0);
  });

  it("a server with no usable connection fails at once", async () => {
    const mock = mockFetch(() => rootAnswer());
    const error = await rejection(findServerConnection(client(mock.fetch), server([])));
    expect(error).toBeInstanceOf(NoServerConnectionError);
    expect((error as Error).message).toContain("it lists no connection");
  });
});

describe("findServerConnection over real 127.0.0.1 sockets", () => {
  const serve = useServers();

  /** A Plex Media Server that answers its root after `delayMs`, to the right token only. */
  const livePms = (delayMs: number) =>
    serve(async (request, response) => {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      if (request.url === "/identity") {
        response.writeHead(200, { "content-type": "application/json" });
        return void response.end(JSON.stringify({ MediaContainer: { machineIdentifier: MACHINE } }));
      }
      if (request.headers["x-plex-token"] !== SERVER_TOKEN) return void response.writeHead(401).end();
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ MediaContainer: { machineIdentifier: MACHINE, friendlyName: "StreamMaster" } }));
    });

  /** A PMS that answers /identity (no token needed, so it proves nothing) and 401 to everything else. */
  const identityOnly = () =>
    serve((request, response) => {
      if (request.url === "/identity") {
        response.writeHead(200, { "content-type": "application/json" });
        return void response.end(JSON.stringify({ MediaContainer: { machineIdentifier: MACHINE } }));
      }
      response.writeHead(401, { "content-type": "text/html" }).end("<html>401 Unauthorized</html>");
    });

  /** Accepts connections and never answers: a black-holed address. */
  async function blackHole(): Promise<{ url: string; close: () => Promise<void> }> {
    const sockets = new Set<Socket>();
    const holder: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const { port } = holder.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}`,
      close: () =>
        new Promise<void>((resolve) => {
          for (const socket of sockets) socket.destroy();
          holder.close(() => resolve());
        }),
    };
  }

  it("10 candidates, 7 dead: picks a live one within the fastest live latency plus one stagger step", async () => {
    const holes = await Promise.all([blackHole(), blackHole(), blackHole(), blackHole()]);
    try {
      const refused = [await closedPortUrl(), await closedPortUrl()];
      const impostor: TestServer = await identityOnly();
      const live: TestServer[] = [await livePms(60), await livePms(30), await livePms(90)];
      const staggerMs = 100;
      const resource = server([
        ...holes.map((hole) => connection(hole.url, { local: true })),
        ...refused.map((url) => connection(url, { local: true })),
        connection(impostor.url),
        ...live.slice(0, 2).map((pms) => connection(pms.url)),
        connection((live[2] as TestServer).url, { relay: true }),
      ]);
      const started = Date.now();
      const found = await findServerConnection(createPlexAuth({ ...IDENTITY, token: ACCOUNT_TOKEN }), resource, {
        staggerMs,
        probeTimeoutMs: 3000,
      });
      const took = Date.now() - started;
      expect(live.map((pms) => pms.url).slice(0, 2)).toContain(found.uri);
      expect(found.uri).not.toBe(impostor.url);
      // Fastest live remote: 30 ms, after one stagger step (the black-holed local tier). Loose on a
      // shared machine; the bench reports the figure against a one-after-another picker.
      expect(took).toBeLessThan(30 + staggerMs + 100 + 400);
      // The impostor was asked for the root, with the server's token, and refused it.
      expect(impostor.requests.some((request) => request.url === "/")).toBe(true);
    } finally {
      await Promise.all(holes.map((hole) => hole.close()));
    }
  });

  it("never returns a server that only answers /identity", async () => {
    const impostor = await identityOnly();
    const error = await rejection(
      findServerConnection(
        createPlexAuth({ ...IDENTITY, token: ACCOUNT_TOKEN }),
        server([connection(impostor.url, { local: true })]),
      ),
    );
    expect(error).toBeInstanceOf(NoServerConnectionError);
    expect((error as NoServerConnectionError).attempts[0]?.outcome).toBe("token refused (401)");
  });
});
