/**
 * A peer: the four seed operations as a user would write them with ky and valibot. One `ky.create`
 * instance with the identity headers, core's retry count for GETs only (the sign-in POST is never resent),
 * retryable statuses, retries of timeouts too (as core retries an idempotent call that timed out) and
 * core's per-attempt timeout (ky 2's covers the body read of `.json()` too, like core's); ky throws on a
 * status >= 400, retries network errors, backs off exponentially (from core's first delay) and honours
 * `Retry-After`; valibot checks the fields core requires (peer-schemas.mjs). It caps no body size.
 * ky 2.1.0 declares Node >= 22; it runs on Node 20 for everything this client does (test/peers.test.mjs).
 * @module
 */
import ky from "ky";
import * as v from "valibot";
import {
  AccountSchema,
  firstDevice,
  PEER_RETRIES,
  PEER_RETRY_DELAY_MS,
  PEER_RETRY_STATUSES,
  PEER_TIMEOUT_MS,
  ResourcesSchema,
  TransientTokenSchema,
} from "./peer-schemas.mjs";

/**
 * @param {import("./peer-schemas.mjs").PeerConfig} config
 */
export function createKyClient(config) {
  const delay = config.retryDelayMs ?? PEER_RETRY_DELAY_MS;
  const custom = config.fetch;
  const api = ky.create({
    headers: {
      accept: "application/json",
      "x-plex-client-identifier": config.clientIdentifier,
      "x-plex-product": "ky",
    },
    retry: {
      limit: PEER_RETRIES,
      methods: ["get"],
      statusCodes: PEER_RETRY_STATUSES,
      retryOnTimeout: true,
      delay: (attempt) => delay * 2 ** (attempt - 1),
    },
    timeout: config.timeoutMs ?? PEER_TIMEOUT_MS,
    // ky hands its fetch a Request; a (url, init) fetch gets its URL, and the Request as init.
    ...(custom ? { fetch: (/** @type {Request} */ request) => custom(request.url, request) } : {}),
  });
  return { api, serverUrl: config.serverUrl, plexTvUrl: config.plexTvUrl, token: { "x-plex-token": config.token } };
}

/** @typedef {ReturnType<typeof createKyClient>} KyClient */

/**
 * `GET /security/token`: the transient token string.
 * @param {KyClient} client
 */
export async function kyGetTransientToken(client) {
  const body = await client.api
    .get(`${client.serverUrl}/security/token`, {
      headers: client.token,
      searchParams: { type: "delegation", scope: "all" },
    })
    .json();
  return v.parse(TransientTokenSchema, body).MediaContainer.token;
}

/**
 * `GET /security/resources?source=…`: the device, with `Connection` always an array.
 * @param {KyClient} client
 * @param {string} source
 */
export async function kyGetSourceConnectionInformation(client, source) {
  const body = await client.api
    .get(`${client.serverUrl}/security/resources`, { headers: client.token, searchParams: { source } })
    .json();
  return firstDevice(v.parse(ResourcesSchema, body));
}

/**
 * `GET {plexTv}/user`: the account.
 * @param {KyClient} client
 */
export async function kyGetTokenDetails(client) {
  return v.parse(AccountSchema, await client.api.get(`${client.plexTvUrl}/user`, { headers: client.token }).json());
}

/**
 * `POST {plexTv}/users/signin`, form body, never retried: the account with its token.
 * @param {KyClient} client
 * @param {{ login: string, password: string }} credentials
 */
export async function kyPostUsersSignInData(client, credentials) {
  const body = await client.api
    .post(`${client.plexTvUrl}/users/signin`, {
      body: new URLSearchParams({ login: credentials.login, password: credentials.password, rememberMe: "false" }),
    })
    .json();
  return v.parse(AccountSchema, body);
}
