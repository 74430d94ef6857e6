/**
 * What the two peer clients (ofetch + valibot, ky + valibot) share, written as their user would: valibot
 * schemas of the fields `@plex-auth/core` requires (the same fields raw-client.mjs checks), lenient
 * (`v.looseObject`: unknown fields allowed and kept), and core's retry count, whole-request timeout and
 * retryable statuses. Every valibot function is marked side-effect free, so a bundle keeps only the
 * schemas its operations use.
 * @module
 */
import * as v from "valibot";

/** Retries after the first attempt: core's `DEFAULT_RETRY.maxRetries`. */
export const PEER_RETRIES = 2;
/** First backoff delay: core's `DEFAULT_RETRY.initialDelayMs`. */
export const PEER_RETRY_DELAY_MS = 500;
/** Per-attempt timeout: core's `DEFAULT_TIMEOUT_MS`. */
export const PEER_TIMEOUT_MS = 30_000;
/** The statuses retried (GETs only): core's transient statuses, 429 and the 5xx of a struggling server. */
export const PEER_RETRY_STATUSES = [408, 429, 500, 502, 503, 504];

/**
 * @typedef {(url: string, init: RequestInit) => Promise<Response>} FetchLike
 * @typedef {{ serverUrl: string, plexTvUrl: string, token: string, clientIdentifier: string, fetch?: FetchLike,
 *   retryDelayMs?: number, timeoutMs?: number }} PeerConfig
 */

/** The plex.tv account (`/user`, sign-in): the fields Plex always sends. */
export const AccountSchema = v.looseObject({
  id: v.number(),
  uuid: v.string(),
  username: v.string(),
  title: v.string(),
  email: v.string(),
  friendlyName: v.string(),
  authToken: v.string(),
  joinedAt: v.number(),
  hasPassword: v.boolean(),
  twoFactorEnabled: v.boolean(),
});

/** `/security/token`: a non-empty token. */
export const TransientTokenSchema = v.looseObject({
  MediaContainer: v.looseObject({ token: v.pipe(v.string(), v.minLength(1)) }),
});

const ConnectionSchema = v.looseObject({ uri: v.string() });
const DeviceSchema = v.looseObject({
  name: v.string(),
  clientIdentifier: v.string(),
  accessToken: v.string(),
  Connection: v.union([v.array(ConnectionSchema), ConnectionSchema]),
});

/** `/security/resources`: one device, or a non-empty list of them. */
export const ResourcesSchema = v.looseObject({
  MediaContainer: v.looseObject({ Device: v.union([v.pipe(v.array(DeviceSchema), v.minLength(1)), DeviceSchema]) }),
});

/**
 * The first device, with `Connection` always an array (as raw-client.mjs and core return it).
 * @param {v.InferOutput<typeof ResourcesSchema>} body
 */
export function firstDevice(body) {
  const found = body.MediaContainer.Device;
  const device = Array.isArray(found) ? found[0] : found;
  return { ...device, Connection: Array.isArray(device.Connection) ? device.Connection : [device.Connection] };
}
