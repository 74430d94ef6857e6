/**
 * The flows of the Authentication group, on real 127.0.0.1 sockets:
 * - connection picking: a server with 10 connections of which 7 are dead (4 black-holed local addresses
 *   that accept and never answer, 2 refused ports, 1 Plex Media Server that answers only /identity) and 3
 *   live ones (30, 60 and 90 ms). `findServerConnection` against a one-after-another picker (the same
 *   probe, candidate by candidate, in the same order) in alternating rounds; medians.
 * - PIN approval: `waitForOAuthPin` at Plex's one-second cadence against a server whose PIN is approved at
 *   a random moment; the time from approval to the wait resolving.
 * @module
 */
import http from "node:http";
import net from "node:net";
import { createPlexAuth, findServerConnection, waitForOAuthPin } from "@plex-auth/core";
import { median } from "./stats.mjs";

const MACHINE = "bench-machine-identifier-0001";
const SERVER_TOKEN = "bench-server-token-0001";
const LIVE_LATENCIES_MS = [60, 30, 90];
const STAGGER_MS = 250;
const PROBE_TIMEOUT_MS = 1_000;

/**
 * Listens on 127.0.0.1 and an ephemeral port; `close` destroys the open sockets too, so a black hole's
 * held connections cannot keep the bench alive.
 * @param {import("node:net").Server} server
 */
async function serve(server) {
  const sockets = new Set();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve(undefined));
      }),
  };
}

/** @param {http.RequestListener} handler */
const listen = (handler) => serve(http.createServer(handler));

/** @param {number} delayMs */
function livePms(delayMs) {
  return listen((request, response) => {
    setTimeout(() => {
      if (request.headers["x-plex-token"] !== SERVER_TOKEN) return response.writeHead(401).end();
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ MediaContainer: { machineIdentifier: MACHINE } }));
    }, delayMs);
  });
}

function identityOnly() {
  return listen((request, response) => {
    if (request.url === "/identity") {
      response.writeHead(200, { "content-type": "application/json" });
      return response.end(JSON.stringify({ MediaContainer: { machineIdentifier: MACHINE } }));
    }
    response.writeHead(401).end();
  });
}

/** Accepts connections and never answers. */
const blackHole = () => serve(net.createServer(() => {}));

async function refusedUrl() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve(undefined)));
  return `http://127.0.0.1:${port}`;
}

/** @param {string} uri @param {{ local?: boolean, relay?: boolean }} [kind] */
const connection = (uri, kind = {}) => ({
  uri,
  protocol: "http",
  local: kind.local ?? false,
  relay: kind.relay ?? false,
});

/** The same probe, one candidate after another: what a picker without staggering does. */
async function oneAfterAnother(plex, resource) {
  for (const candidate of resource.connections) {
    try {
      return await findServerConnection(
        plex,
        { ...resource, connections: [candidate] },
        { probeTimeoutMs: PROBE_TIMEOUT_MS },
      );
    } catch {
      // Next candidate.
    }
  }
  throw new Error("no connection worked");
}

/** @param {{ rounds: number }} plan */
export async function measureConnectionPick(plan) {
  const holes = await Promise.all([blackHole(), blackHole(), blackHole(), blackHole()]);
  const servers = await Promise.all([identityOnly(), ...LIVE_LATENCIES_MS.map(livePms)]);
  const [impostor, ...live] = servers;
  try {
    const resource = {
      name: "bench server",
      clientIdentifier: MACHINE,
      provides: "server",
      owned: true,
      accessToken: SERVER_TOKEN,
      connections: [
        ...holes.map((hole) => connection(hole.url, { local: true })),
        connection(await refusedUrl(), { local: true }),
        connection(await refusedUrl(), { local: true }),
        connection(impostor.url),
        connection(live[0].url),
        connection(live[1].url),
        connection(live[2].url, { relay: true }),
      ],
    };
    const plex = createPlexAuth({ clientIdentifier: "plex-auth-bench", token: "bench-account-token" });
    const ours = [];
    const sequential = [];
    const liveUris = new Set(live.map((server) => server.url));
    for (let round = 0; round < plan.rounds; round++) {
      for (const [times, pick] of round % 2 === 0
        ? [
            [
              ours,
              () => findServerConnection(plex, resource, { staggerMs: STAGGER_MS, probeTimeoutMs: PROBE_TIMEOUT_MS }),
            ],
            [sequential, () => oneAfterAnother(plex, resource)],
          ]
        : [
            [sequential, () => oneAfterAnother(plex, resource)],
            [
              ours,
              () => findServerConnection(plex, resource, { staggerMs: STAGGER_MS, probeTimeoutMs: PROBE_TIMEOUT_MS }),
            ],
          ]) {
        const started = performance.now();
        const found = await pick();
        times.push(performance.now() - started);
        if (!liveUris.has(found.uri)) throw new Error(`picked a dead connection: ${found.uri}`);
      }
    }
    const fastestLiveMs = Math.min(...LIVE_LATENCIES_MS.slice(0, 2));
    return {
      candidates: resource.connections.length,
      dead: resource.connections.length - live.length,
      staggerMs: STAGGER_MS,
      probeTimeoutMs: PROBE_TIMEOUT_MS,
      fastestLiveMs,
      rounds: plan.rounds,
      ours: { medianMs: median(ours), maxMs: Math.max(...ours) },
      sequential: { medianMs: median(sequential), maxMs: Math.max(...sequential) },
    };
  } finally {
    await Promise.all([...holes, ...servers].map((server) => server.close()));
  }
}

/** @param {{ samples: number, intervalMs: number }} plan */
export async function measurePinApproval(plan) {
  let approvedAt = Number.POSITIVE_INFINITY;
  const pin = (authToken) => ({ id: 123456789, code: "BNCH", expiresIn: 900, authToken });
  const server = await listen((_request, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(pin(performance.now() >= approvedAt ? "bench-approved-token" : null)));
  });
  try {
    const plex = createPlexAuth({ clientIdentifier: "plex-auth-bench", plexTvUrl: `${server.url}/api/v2` });
    const afterApproval = [];
    for (let sample = 0; sample < plan.samples; sample++) {
      approvedAt = Number.POSITIVE_INFINITY;
      // Approve at a random moment of the cadence, as a person would.
      const delay = plan.intervalMs * (0.5 + Math.random());
      const timer = setTimeout(() => {
        approvedAt = performance.now();
      }, delay);
      await waitForOAuthPin(plex, pin(null), { intervalMs: plan.intervalMs });
      afterApproval.push(performance.now() - approvedAt);
      clearTimeout(timer);
    }
    return {
      samples: plan.samples,
      intervalMs: plan.intervalMs,
      medianMs: median(afterApproval),
      maxMs: Math.max(...afterApproval),
    };
  } finally {
    await server.close();
  }
}
