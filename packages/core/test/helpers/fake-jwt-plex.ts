/**
 * A fake of plex.tv's JWT endpoints for core's tests, as a fetch double: an Ed25519 signing key (rotatable)
 * served at /auth/keys, nonces, /auth/token that checks the client JWT against the device key under test
 * and answers a Plex JWT, and /user that takes a Plex JWT (498 once it expired), on `Date.now()` (tests
 * move it with vi.setSystemTime). The mock server has the faithful version; this keeps core's tests free
 * of it.
 */
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from "jose";
import type { DeviceKey } from "../../src/jwt/index.ts";
import { json } from "./fetch.ts";
import { ACCOUNT, example } from "./fixtures.ts";

interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: Record<string, unknown>;
}

export interface FakeJwtPlex {
  readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  /** Requests by path, in order. */
  readonly calls: string[];
  /** Plex JWTs issued, in order. */
  readonly issued: string[];
  /** Makes the next `count` exchanges fail with this status. */
  failExchanges(count: number, status: number): void;
  /** Starts signing with a new key; `keep` old keys stay listed. */
  rotate(keep: number): Promise<void>;
  /** Signs any claims with the current key (for verification tests). */
  sign(claims: Record<string, unknown>, header?: Record<string, unknown>): Promise<string>;
  readonly keys: SigningKey[];
}

async function signingKey(index: number): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const kid = `plex-signing-key-${index}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, use: "sig", alg: "EdDSA" } };
}

/** The fake, for the device `key` under `clientIdentifier`. */
export async function fakeJwtPlex(key: DeviceKey, clientIdentifier: string): Promise<FakeJwtPlex> {
  const keys = [await signingKey(0)];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const fake: FakeJwtPlex = {
    calls: [],
    issued: [],
    keys,
    failExchanges(count, status) {
      failures = { count, status };
    },
    async rotate(keep) {
      keys.unshift(await signingKey(keys.length));
      keys.splice(keep + 1);
    },
    async sign(claims, header = {}) {
      const current = keys[0] as SigningKey;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "EdDSA", typ: "JWT", kid: current.kid, ...header })
        .sign(current.privateKey);
    },
    async fetch(url, init) {
      const path = new URL(url).pathname.replace(/^\/api\/v2/, "");
      fake.calls.push(path);
      if (path === "/auth/keys") return json(200, { keys: keys.map((signing) => signing.publicJwk) });
      if (path === "/auth/nonce") return json(200, { nonce: `nonce-${fake.calls.length}` });
      if (path === "/auth/token") return exchange(JSON.parse(String(init.body)).jwt as string);
      if (path === "/user") return user(new Headers(init.headers).get("x-plex-token") ?? "");
      return json(404, { errors: [{ message: "Not Found", status: 404 }] });
    },
  };

  async function exchange(clientJwt: string): Promise<Response> {
    if (failures.count > 0) {
      failures.count--;
      return json(failures.status, { errors: [{ message: "Exchange failed", status: failures.status }] });
    }
    const publicKey = await importJWK(key.publicJwk, "EdDSA");
    const { payload } = await jwtVerify(clientJwt, publicKey, { audience: "plex.tv", issuer: clientIdentifier });
    const iat = Math.floor(Date.now() / 1000);
    const token = await fake.sign({
      nonce: payload.nonce,
      thumbprint: decodeProtectedHeader(clientJwt).kid,
      iss: "plex.tv",
      aud: ["plex.tv", clientIdentifier],
      iat,
      exp: iat + 7 * 24 * 3600,
      user: { id: 1, uuid: "u-1", username: "Username" },
    });
    fake.issued.push(token);
    return json(200, { auth_token: token });
  }

  function user(token: string): Response {
    if (!fake.issued.includes(token))
      return json(401, { errors: [{ code: 1001, message: "User could not be authenticated" }] });
    if ((decodeJwt(token).exp as number) * 1000 <= Date.now()) {
      return json(498, { errors: [{ message: "Your JWT has expired and needs refresh", status: 498 }] });
    }
    return json(200, example(ACCOUNT));
  }

  return fake;
}
