/**
 * The five clients under test, each made the same way for every section: `raw` (the hand-written
 * baseline), `ours` (`@plex-auth/core`'s `createPlexAuth`, default options), the two peers `ofetch`
 * (ofetch + valibot, ofetch-client.mjs) and `ky` (ky + valibot, ky-client.mjs), written as a user would
 * with core's retry count and timeout and the fields core requires, and `plexjs` (`@lukehagar/plexjs`
 * 0.43.0's `PlexAPI`). Each exposes the operations it has as `() => Promise<result>`.
 * plexjs 0.43.0 has only the two Plex Media Server operations (`general.getTransientToken`,
 * `general.getSourceConnectionInformation`); its plex.tv operations are not in that release.
 * @module
 */
import { CLIENT_IDENTIFIER, CREDENTIALS, ROUTES, SOURCE, TOKEN } from "./payloads.mjs";
import {
  rawGetSourceConnectionInformation,
  rawGetTokenDetails,
  rawGetTransientToken,
  rawPostUsersSignInData,
} from "./raw-client.mjs";

export { PEER_LABELS, PEER_VERSIONS } from "./peer-versions.mjs";

/** Operation names, in the order of the operations table. */
export const OPERATIONS = /** @type {const} */ ([
  "getTransientToken",
  "getSourceConnectionInformation",
  "getTokenDetails",
  "postUsersSignInData",
]);

/** Client names, baseline first. */
export const CLIENTS = /** @type {const} */ (["raw", "ours", "ofetch", "ky", "plexjs"]);

/**
 * @typedef {{ serverUrl: string, plexTvUrl: string, fetch?: (url: string, init: RequestInit) => Promise<Response> }} Target
 * @typedef {Partial<Record<(typeof OPERATIONS)[number], () => Promise<unknown>>>} ClientOps
 */

/**
 * A fetch that answers from memory, with no socket: a fresh `Response` of the route's example body. Every
 * client gets this same function, so the cost of making the `Response` is in the baseline too.
 * @param {string} origin the origin the clients are pointed at
 */
export function createStubFetch(origin) {
  const byUrl = new Map();
  for (const route of Object.values(ROUTES)) byUrl.set(`${origin}${route.path}`, route);
  const headers = { "content-type": "application/json" };
  /** @param {string} url */
  return async (url) => {
    const query = url.indexOf("?");
    const route = byUrl.get(query < 0 ? url : url.slice(0, query));
    if (!route) return new Response("{}", { status: 404, headers });
    return new Response(route.body, { status: route.status, headers });
  };
}

/**
 * Node's `fetch` asked for what core's guarantees need of undici, as a user would write it: a timeout
 * signal per call (so a timed-out request's socket is let go) and `redirect: "manual"` (so no token follows
 * a redirect). Raw fetch over it tells how much of core's loopback gap is undici's price for them.
 * @param {string} url
 * @param {RequestInit} init
 */
export function guardedFetch(url, init) {
  return fetch(url, { ...init, signal: AbortSignal.timeout(30_000), redirect: "manual" });
}

/**
 * Makes one client's operations. Each client's package is imported only here, so a process that makes
 * one client (the memory bench) loads only that one.
 * @param {(typeof CLIENTS)[number]} name
 * @param {Target} target
 * @returns {Promise<ClientOps>}
 */
export async function makeClient(name, target) {
  if (name === "raw") {
    const config = {
      fetch: target.fetch ?? ((url, init) => fetch(url, init)),
      serverUrl: target.serverUrl,
      plexTvUrl: target.plexTvUrl,
      token: TOKEN,
      clientIdentifier: CLIENT_IDENTIFIER,
    };
    return {
      getTransientToken: () => rawGetTransientToken(config),
      getSourceConnectionInformation: () => rawGetSourceConnectionInformation(config, SOURCE),
      getTokenDetails: () => rawGetTokenDetails(config),
      postUsersSignInData: () => rawPostUsersSignInData(config, CREDENTIALS),
    };
  }
  if (name === "ours") {
    const { createPlexAuth } = await import("@plex-auth/core");
    const plex = createPlexAuth({
      clientIdentifier: CLIENT_IDENTIFIER,
      product: "plex-auth-bench",
      token: TOKEN,
      serverUrl: target.serverUrl,
      plexTvUrl: target.plexTvUrl,
      ...(target.fetch ? { fetch: target.fetch } : {}),
    });
    const auth = plex.authentication;
    return {
      getTransientToken: () => auth.getTransientToken(),
      getSourceConnectionInformation: () => auth.getSourceConnectionInformation({ source: SOURCE }),
      getTokenDetails: () => auth.getTokenDetails(),
      postUsersSignInData: () => auth.postUsersSignInData(CREDENTIALS),
    };
  }
  if (name === "ofetch" || name === "ky") {
    const config = {
      serverUrl: target.serverUrl,
      plexTvUrl: target.plexTvUrl,
      token: TOKEN,
      clientIdentifier: CLIENT_IDENTIFIER,
      ...(target.fetch ? { fetch: target.fetch } : {}),
    };
    if (name === "ofetch") {
      const peer = await import("./ofetch-client.mjs");
      const client = peer.createOfetchClient(config);
      return {
        getTransientToken: () => peer.ofetchGetTransientToken(client),
        getSourceConnectionInformation: () => peer.ofetchGetSourceConnectionInformation(client, SOURCE),
        getTokenDetails: () => peer.ofetchGetTokenDetails(client),
        postUsersSignInData: () => peer.ofetchPostUsersSignInData(client, CREDENTIALS),
      };
    }
    const peer = await import("./ky-client.mjs");
    const client = peer.createKyClient(config);
    return {
      getTransientToken: () => peer.kyGetTransientToken(client),
      getSourceConnectionInformation: () => peer.kyGetSourceConnectionInformation(client, SOURCE),
      getTokenDetails: () => peer.kyGetTokenDetails(client),
      postUsersSignInData: () => peer.kyPostUsersSignInData(client, CREDENTIALS),
    };
  }
  const { PlexAPI } = await import("@lukehagar/plexjs");
  const { HTTPClient } = await import("@lukehagar/plexjs/lib/http.js");
  const stub = target.fetch;
  const plex = new PlexAPI({
    serverURL: target.serverUrl,
    token: TOKEN,
    clientIdentifier: CLIENT_IDENTIFIER,
    product: "plexjs-bench",
    ...(stub
      ? { httpClient: new HTTPClient({ fetcher: (/** @type {Request} */ request) => stub(request.url, request) }) }
      : {}),
  });
  return {
    getTransientToken: async () => {
      const result = await plex.general.getTransientToken({ type: "delegation", scope: "all" });
      return result.object?.mediaContainer?.token;
    },
    getSourceConnectionInformation: async () => {
      const result = await plex.general.getSourceConnectionInformation({ source: SOURCE });
      return result.object?.mediaContainer?.device ?? result.object;
    },
  };
}

/**
 * Calls every operation of every client once and checks it returned the expected value, so the bench never
 * times an error path. Returns the operations each client really supports.
 * @param {Target} target
 * @returns {Promise<Record<string, ClientOps>>}
 */
export async function makeCheckedClients(target) {
  /** @type {Record<string, ClientOps>} */
  const clients = {};
  for (const name of CLIENTS) {
    const ops = await makeClient(name, target);
    for (const [op, call] of Object.entries(ops)) {
      const result = await call();
      if (!isExpected(op, result)) {
        throw new Error(`${name}.${op} returned an unexpected result: ${JSON.stringify(result)?.slice(0, 200)}`);
      }
    }
    clients[name] = ops;
  }
  return clients;
}

/** @param {string} op @param {any} result */
function isExpected(op, result) {
  if (op === "getTransientToken") return result === JSON.parse(ROUTES.getTransientToken.body).MediaContainer.token;
  if (op === "getSourceConnectionInformation")
    return typeof (result?.accessToken ?? result?.clientIdentifier) === "string";
  return typeof result?.authToken === "string" && typeof result?.username === "string";
}
