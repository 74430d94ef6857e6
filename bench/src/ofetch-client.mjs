/**
 * A peer: the four seed operations as a user would write them with ofetch and valibot. One `ofetch.create`
 * instance with the identity headers, core's retry count (GETs only: the sign-in POST is never resent),
 * retryable statuses and per-attempt timeout; ofetch parses the JSON, throws on a status >= 400 and retries
 * network errors and timeouts; valibot checks the fields core requires (peer-schemas.mjs). What ofetch does
 * not do, it does not do either: its timeout stops at the response headers (core's includes the body), it
 * waits a fixed delay between retries and reads no `Retry-After`, it caps no body size, and (1.5.1) it
 * resends a timed-out call with that attempt's signal, already aborted, so those retries fail at once.
 * @module
 */
import { ofetch } from "ofetch";
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
export function createOfetchClient(config) {
  const api = ofetch.create(
    {
      headers: {
        accept: "application/json",
        "x-plex-client-identifier": config.clientIdentifier,
        "x-plex-product": "ofetch",
      },
      retry: PEER_RETRIES,
      retryDelay: config.retryDelayMs ?? PEER_RETRY_DELAY_MS,
      retryStatusCodes: PEER_RETRY_STATUSES,
      timeout: config.timeoutMs ?? PEER_TIMEOUT_MS,
    },
    config.fetch ? { fetch: /** @type {typeof fetch} */ (config.fetch) } : {},
  );
  return { api, serverUrl: config.serverUrl, plexTvUrl: config.plexTvUrl, token: { "x-plex-token": config.token } };
}

/** @typedef {ReturnType<typeof createOfetchClient>} OfetchClient */

/**
 * `GET /security/token`: the transient token string.
 * @param {OfetchClient} client
 */
export async function ofetchGetTransientToken(client) {
  const body = await client.api(`${client.serverUrl}/security/token`, {
    headers: client.token,
    query: { type: "delegation", scope: "all" },
  });
  return v.parse(TransientTokenSchema, body).MediaContainer.token;
}

/**
 * `GET /security/resources?source=…`: the device, with `Connection` always an array.
 * @param {OfetchClient} client
 * @param {string} source
 */
export async function ofetchGetSourceConnectionInformation(client, source) {
  const body = await client.api(`${client.serverUrl}/security/resources`, { headers: client.token, query: { source } });
  return firstDevice(v.parse(ResourcesSchema, body));
}

/**
 * `GET {plexTv}/user`: the account.
 * @param {OfetchClient} client
 */
export async function ofetchGetTokenDetails(client) {
  return v.parse(AccountSchema, await client.api(`${client.plexTvUrl}/user`, { headers: client.token }));
}

/**
 * `POST {plexTv}/users/signin`, form body, never retried: the account with its token.
 * @param {OfetchClient} client
 * @param {{ login: string, password: string }} credentials
 */
export async function ofetchPostUsersSignInData(client, credentials) {
  const body = await client.api(`${client.plexTvUrl}/users/signin`, {
    method: "POST",
    body: new URLSearchParams({ login: credentials.login, password: credentials.password, rememberMe: "false" }),
    retry: 0,
  });
  return v.parse(AccountSchema, body);
}
