/**
 * The baseline: what a careful hand-written client does for each operation, and nothing more. `fetch`,
 * a status check, `JSON.parse`, and a check of every field the caller relies on (the same fields
 * `@plex-auth/core` requires), throwing on a wrong status or a wrong body. No retries, no timeout, no
 * redaction, no error classes: the physical limit a client library is measured against.
 * @module
 */

/**
 * @typedef {(url: string, init: RequestInit) => Promise<Response>} FetchLike
 * @typedef {{ fetch: FetchLike, serverUrl: string, plexTvUrl: string, token: string, clientIdentifier: string }} RawConfig
 */

/** @param {Response} response @param {number} status */
async function readJson(response, status) {
  const text = await response.text();
  if (response.status !== status) throw new Error(`HTTP ${response.status}`);
  return JSON.parse(text);
}

/** @param {unknown} value @param {string} type @param {string} path */
function expect(value, type, path) {
  if (typeof value !== type) throw new Error(`${path} must be a ${type}`);
}

const ACCOUNT_FIELDS = /** @type {const} */ ([
  ["id", "number"],
  ["uuid", "string"],
  ["username", "string"],
  ["title", "string"],
  ["email", "string"],
  ["friendlyName", "string"],
  ["authToken", "string"],
  ["joinedAt", "number"],
  ["hasPassword", "boolean"],
  ["twoFactorEnabled", "boolean"],
]);

/** @param {any} body */
function checkAccount(body) {
  if (typeof body !== "object" || body === null) throw new Error("account must be an object");
  for (const [field, type] of ACCOUNT_FIELDS) expect(body[field], type, field);
  return body;
}

/** @param {RawConfig} config */
function identity(config) {
  return { accept: "application/json", "x-plex-client-identifier": config.clientIdentifier, "x-plex-product": "raw" };
}

/** @param {RawConfig} config */
function withToken(config) {
  return { ...identity(config), "x-plex-token": config.token };
}

/**
 * `GET /security/token`: the transient token string.
 * @param {RawConfig} config
 */
export async function rawGetTransientToken(config) {
  const url = `${config.serverUrl}/security/token?type=delegation&scope=all`;
  const body = await readJson(await config.fetch(url, { headers: withToken(config) }), 200);
  expect(body?.MediaContainer?.token, "string", "MediaContainer.token");
  return body.MediaContainer.token;
}

/**
 * `GET /security/resources?source=…`: the device, with `Connection` always an array.
 * @param {RawConfig} config
 * @param {string} source
 */
export async function rawGetSourceConnectionInformation(config, source) {
  const url = `${config.serverUrl}/security/resources?source=${encodeURIComponent(source)}`;
  const body = await readJson(await config.fetch(url, { headers: withToken(config) }), 200);
  const found = body?.MediaContainer?.Device;
  const device = Array.isArray(found) ? found[0] : found;
  if (typeof device !== "object" || device === null) throw new Error("MediaContainer.Device is missing");
  expect(device.name, "string", "Device.name");
  expect(device.clientIdentifier, "string", "Device.clientIdentifier");
  expect(device.accessToken, "string", "Device.accessToken");
  const connections = Array.isArray(device.Connection) ? device.Connection : [device.Connection];
  for (const connection of connections) expect(connection?.uri, "string", "Connection.uri");
  return { ...device, Connection: connections };
}

/**
 * `GET {plexTv}/user`: the account.
 * @param {RawConfig} config
 */
export async function rawGetTokenDetails(config) {
  const response = await config.fetch(`${config.plexTvUrl}/user`, { headers: withToken(config) });
  return checkAccount(await readJson(response, 200));
}

/**
 * `POST {plexTv}/users/signin`, form body: the account with its token.
 * @param {RawConfig} config
 * @param {{ login: string, password: string }} credentials
 */
export async function rawPostUsersSignInData(config, credentials) {
  const form = new URLSearchParams({ login: credentials.login, password: credentials.password, rememberMe: "false" });
  const response = await config.fetch(`${config.plexTvUrl}/users/signin`, {
    method: "POST",
    headers: { ...identity(config), "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  return checkAccount(await readJson(response, 201));
}
