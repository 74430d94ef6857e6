// A device key and client JWTs for the tests, written apart from the mock's own JWS code (Node's Buffer
// for base64url, Web Crypto for Ed25519), so a mistake in the mock's code cannot hide in the tests.
import { createHash } from "node:crypto";
import { expect } from "vitest";
import { FIXED_NOW, type Harness, plexHeaders } from "./harness.ts";

/** A device's public key as Plex takes it. */
export interface TestPublicJwk {
  readonly kty: "OKP";
  readonly crv: "Ed25519";
  readonly x: string;
  readonly use: "sig";
  readonly alg: "EdDSA";
  readonly kid: string;
}

/** A device key: its public JWK and a signer of client JWTs. */
export interface TestDeviceKey {
  readonly publicJwk: TestPublicJwk;
  /** The JWK Web Crypto exports for the private key (with `d`): what must never be sent. */
  readonly privateJwk: JsonWebKey;
  /** A compact JWS of `claims` under `header` (default `{ alg: "EdDSA", typ: "JWT", kid }`). */
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
}

const ED25519 = { name: "Ed25519" };

/** Base64url of bytes or of a string's UTF-8. */
export function base64url(data: Uint8Array | string): string {
  return Buffer.from(data).toString("base64url");
}

function jsonPart(value: unknown): string {
  return base64url(JSON.stringify(value));
}

/** The RFC 7638 thumbprint of an Ed25519 key's `x`. */
export function thumbprintOf(x: string): string {
  return createHash("sha256").update(`{"crv":"Ed25519","kty":"OKP","x":"${x}"}`).digest("base64url");
}

/** A fresh Ed25519 device key; `kid` defaults to its RFC 7638 thumbprint. */
export async function generateDeviceKey(kid?: string): Promise<TestDeviceKey> {
  const pair = (await crypto.subtle.generateKey(ED25519, true, ["sign", "verify"])) as CryptoKeyPair;
  const privateJwk = await crypto.subtle.exportKey("jwk", pair.privateKey);
  const x = privateJwk.x as string;
  const publicJwk: TestPublicJwk = {
    kty: "OKP",
    crv: "Ed25519",
    x,
    use: "sig",
    alg: "EdDSA",
    kid: kid ?? thumbprintOf(x),
  };
  return {
    publicJwk,
    privateJwk,
    async sign(claims, header = { alg: "EdDSA", typ: "JWT", kid: publicJwk.kid }) {
      const input = `${jsonPart(header)}.${jsonPart(claims)}`;
      const signature = await crypto.subtle.sign(ED25519, pair.privateKey, new TextEncoder().encode(input));
      return `${input}.${base64url(new Uint8Array(signature))}`;
    },
  };
}

/** The header and claims of a compact JWT, unverified. */
export function decodeJwt(token: string): { header: Record<string, unknown>; claims: Record<string, unknown> } {
  const [header, claims] = token.split(".") as [string, string];
  const part = (text: string) => JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Record<string, unknown>;
  return { header: part(header), claims: part(claims) };
}

/** Whether a JWT's signature verifies with the key of its `kid` among `keys` (a JWKS as `/auth/keys` lists it). */
export async function verifiesWith(token: string, keys: readonly { kid?: unknown; x?: unknown }[]): Promise<boolean> {
  const [header, claims, signature] = token.split(".") as [string, string, string];
  const kid = decodeJwt(token).header.kid;
  const jwk = keys.find((key) => key.kid === kid);
  if (!jwk || typeof jwk.x !== "string") return false;
  const publicKey = await crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, ED25519, true, [
    "verify",
  ]);
  const data = new TextEncoder().encode(`${header}.${claims}`);
  return crypto.subtle.verify(ED25519, publicKey, Buffer.from(signature, "base64url"), data);
}

/** Epoch seconds of the tests' fixed clock. */
export const NOW_SECONDS: number = Math.floor(FIXED_NOW / 1000);

/** The mock's clock in epoch seconds. */
export function mockSeconds(harness: Harness): number {
  return Math.floor(harness.mock.now() / 1000);
}

/** The claims of a client JWT that the mock accepts: a 5-minute JWT from `clientIdentifier` with `nonce`. */
export function clientClaims(clientIdentifier: string, nonce: string | undefined, nowSeconds = NOW_SECONDS) {
  return {
    ...(nonce === undefined ? {} : { nonce }),
    scope: "username,email,friendly_name,restricted,anonymous,joinedAt",
    aud: "plex.tv",
    iss: clientIdentifier,
    iat: nowSeconds,
    exp: nowSeconds + 300,
  };
}

/** A JSON request of the plex.tv API from `client`, with `token` when given. */
export function jsonRequest(
  harness: Harness,
  path: string,
  init: { method?: string; client?: string; token?: string; body?: unknown } = {},
): Promise<Response> {
  const headers = plexHeaders({
    "X-Plex-Client-Identifier": init.client ?? "raw-test-client",
    ...(init.token === undefined ? {} : { "X-Plex-Token": init.token }),
    ...(init.body === undefined ? {} : { "Content-Type": "application/json" }),
  });
  return harness.fetch(`${harness.plexTvUrl}${path}`, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
}

/** A fresh nonce from `GET /auth/nonce`. */
export async function fetchNonce(harness: Harness, client = "raw-test-client"): Promise<string> {
  const response = await jsonRequest(harness, "/auth/nonce", { client });
  expect(response.status).toBe(200);
  return ((await response.json()) as { nonce: string }).nonce;
}

/** A device signed in with a password and its key registered: what the exchange needs. */
export interface RegisteredDevice {
  readonly clientIdentifier: string;
  /** The device's legacy token (from the password sign-in). */
  readonly legacyToken: string;
  readonly key: TestDeviceKey;
}

/** Signs `login`/`password` in from `clientIdentifier`, then registers a new key for that device. */
export async function registeredDevice(
  harness: Harness,
  account: { readonly login: string; readonly password: string },
  clientIdentifier = "jwt-device",
): Promise<RegisteredDevice> {
  const signIn = await harness.fetch(`${harness.plexTvUrl}/users/signin`, {
    method: "POST",
    headers: { ...plexHeaders({ "X-Plex-Client-Identifier": clientIdentifier }), "Content-Type": "application/json" },
    body: JSON.stringify({ login: account.login, password: account.password }),
  });
  expect(signIn.status).toBe(201);
  const legacyToken = ((await signIn.json()) as { authToken: string }).authToken;
  const key = await generateDeviceKey();
  const registered = await jsonRequest(harness, "/auth/jwk", {
    client: clientIdentifier,
    token: legacyToken,
    body: { jwk: key.publicJwk },
  });
  expect(registered.status).toBe(201);
  return { clientIdentifier, legacyToken, key };
}

/** `POST /auth/token` with `jwt`. */
export function exchange(harness: Harness, jwt: string, client = "raw-test-client"): Promise<Response> {
  return jsonRequest(harness, "/auth/token", { client, body: { jwt } });
}

/** A Plex JWT for a registered device: a fresh nonce, a signed client JWT, the exchange. */
export async function plexJwtFor(harness: Harness, device: RegisteredDevice): Promise<string> {
  const nonce = await fetchNonce(harness, device.clientIdentifier);
  const claims = clientClaims(device.clientIdentifier, nonce, mockSeconds(harness));
  const response = await exchange(harness, await device.key.sign(claims));
  expect(response.status).toBe(200);
  return ((await response.json()) as { auth_token: string }).auth_token;
}
