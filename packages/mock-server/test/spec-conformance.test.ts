import { readFileSync } from "node:fs";
import { type AnyOperation, operations, parseErrorBody } from "@plex-auth/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  MOCK_ACCOUNTS,
  MOCK_HOME_PIN,
  MOCK_KID_PROFILE,
  MOCK_SOURCES,
  type MockPlex,
  PIN_TTL_MS,
  PLEX_JWT_TTL_SECONDS,
} from "../src/index.ts";
import { type Harness, plexHeaders, TRANSPORTS } from "./support/harness.ts";
import {
  clientClaims,
  exchange,
  fetchNonce,
  generateDeviceKey,
  jsonRequest,
  plexJwtFor,
  registeredDevice,
} from "./support/jwt.ts";
import { createPin, type PinBody } from "./support/requests.ts";
import { componentValidator, describeErrors, responseValidator, SPEC_DIR, type SpecName } from "./support/spec.ts";

const { plain, twoFactor, managed } = MOCK_ACCOUNTS;

/** Where the spec declares a response: path, method, status, media type (and which spec, default the newest). */
type SpecLocation = readonly [path: string, method: string, status: number, mediaType: string, spec?: SpecName];

interface ShapeCase {
  readonly name: string;
  readonly send: (harness: Harness) => Promise<Response>;
  readonly status: number;
  /** The spec's schemas this body must pass (the same error shape is declared per operation). */
  readonly spec: readonly SpecLocation[];
  /** Core's schema for success bodies. */
  readonly core?: AnyOperation;
  /** For plex.tv errors: the Plex code core must read from the body. */
  readonly plexCode?: number;
}

const json = (harness: Harness, path: string, init: RequestInit = {}, host: "plexTv" | "pms" = "plexTv") =>
  harness.fetch(`${host === "plexTv" ? harness.plexTvUrl : harness.serverUrl}${path}`, init);

const signIn = (harness: Harness, fields: Record<string, string>, client = "spec-client") =>
  json(harness, "/users/signin", {
    method: "POST",
    headers: {
      ...plexHeaders({ "X-Plex-Client-Identifier": client }),
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams(fields).toString(),
  });

const withToken = (token: string) => ({ headers: plexHeaders({ "X-Plex-Token": token }) });

async function currentCode(mock: MockPlex): Promise<string> {
  return mock.totp("twoFactor");
}

const USER_200: SpecLocation = ["/user", "get", 200, "application/json"];
const SIGN_IN_201: SpecLocation = ["/users/signin", "post", 201, "application/json"];
const PLEX_TV_400: SpecLocation[] = [
  ["/user", "get", 400, "application/json"],
  ["/users/signin", "post", 400, "application/json"],
];
const PLEX_TV_401: SpecLocation[] = [
  ["/user", "get", 401, "application/json"],
  ["/users/signin", "post", 401, "application/json"],
];

const SUCCESS_CASES: ShapeCase[] = [
  ...[plain, twoFactor, managed].map(
    (account): ShapeCase => ({
      name: `GET /user 200 (${account.key})`,
      send: (harness) => json(harness, "/user", withToken(account.token)),
      status: 200,
      spec: [USER_200],
      core: operations.getTokenDetails,
    }),
  ),
  ...[plain, managed].map(
    (account): ShapeCase => ({
      name: `POST /users/signin 201 (${account.key})`,
      send: (harness) => signIn(harness, { login: account.login, password: account.password }),
      status: 201,
      spec: [SIGN_IN_201],
      core: operations.postUsersSignInData,
    }),
  ),
  {
    name: "POST /users/signin 201 (twoFactor, with code, rememberMe)",
    send: async (harness) =>
      signIn(harness, {
        login: twoFactor.login,
        password: twoFactor.password,
        verificationCode: await currentCode(harness.mock),
        rememberMe: "true",
      }),
    status: 201,
    spec: [SIGN_IN_201],
    core: operations.postUsersSignInData,
  },
  {
    name: "/security/token 200",
    send: (harness) => json(harness, "/security/token?type=delegation&scope=all", withToken(plain.token), "pms"),
    status: 200,
    // The newest spec declares the operation under POST; PMS answers every verb the same.
    spec: [["/security/token", "post", 200, "application/json"]],
    core: operations.getTransientToken,
  },
  ...Object.entries(MOCK_SOURCES).map(
    ([key, source]): ShapeCase => ({
      name: `/security/resources 200 (${key})`,
      send: (harness) =>
        json(
          harness,
          `/security/resources?source=${encodeURIComponent(source.source)}`,
          withToken(twoFactor.token),
          "pms",
        ),
      status: 200,
      spec: [["/security/resources", "get", 200, "application/json"]],
      core: operations.getSourceConnectionInformation,
    }),
  ),
];

const PLEX_TV_ERROR_CASES: ShapeCase[] = [
  {
    name: "400/1000 missing client identifier",
    send: (harness) => json(harness, "/user", { headers: { Accept: "application/json", "X-Plex-Token": plain.token } }),
    status: 400,
    spec: PLEX_TV_400,
    plexCode: 1000,
  },
  {
    name: "401/1001 unknown token",
    send: (harness) => json(harness, "/user", withToken("unknown-token-00000000")),
    status: 401,
    spec: PLEX_TV_401,
    plexCode: 1001,
  },
  {
    name: "401/1001 wrong password",
    send: (harness) => signIn(harness, { login: plain.login, password: "wrong-password" }),
    status: 401,
    spec: PLEX_TV_401,
    plexCode: 1001,
  },
  {
    name: "401/1029 code required",
    send: (harness) => signIn(harness, { login: twoFactor.login, password: twoFactor.password }),
    status: 401,
    spec: PLEX_TV_401,
    plexCode: 1029,
  },
  {
    name: "401/1028 wrong code",
    send: (harness) =>
      signIn(harness, { login: twoFactor.login, password: twoFactor.password, verificationCode: "000000x" }),
    status: 401,
    spec: PLEX_TV_401,
    plexCode: 1028,
  },
  {
    name: "401/1031 locked out",
    send: async (harness) => {
      for (let attempt = 0; attempt < 5; attempt++) {
        const failed = await signIn(harness, { login: plain.login, password: `guess-${attempt}` }, "locked-client");
        await failed.body?.cancel();
      }
      return signIn(harness, { login: plain.login, password: plain.password }, "locked-client");
    },
    status: 401,
    spec: PLEX_TV_401,
    plexCode: 1031,
  },
  {
    // Not in the spec (plex.tv sends it anyway): held to the spec's error shape.
    name: "422 revoked token",
    send: (harness) => {
      harness.mock.revokeToken(managed.token);
      return json(harness, "/user", withToken(managed.token));
    },
    status: 422,
    spec: [],
  },
  {
    name: "429/1003 rate limited",
    send: async (harness) => {
      harness.mock.faults.failNext(1, 429, { retryAfterSeconds: 3 });
      return json(harness, "/user", withToken(plain.token));
    },
    status: 429,
    spec: [],
    plexCode: 1003,
  },
];

const PMS_ERROR_CASES: ShapeCase[] = [
  {
    name: "/security/token 400 wrong scope",
    send: (harness) => json(harness, "/security/token?type=delegation&scope=none", withToken(plain.token), "pms"),
    status: 400,
    spec: [["/security/token", "post", 400, "text/html"]],
  },
  {
    name: "/security/resources 400 unknown source",
    send: (harness) => json(harness, "/security/resources?source=provider://nope", withToken(twoFactor.token), "pms"),
    status: 400,
    spec: [["/security/resources", "get", 400, "text/html"]],
  },
  {
    name: "/security/resources 403 non-admin token",
    send: (harness) =>
      json(harness, `/security/resources?source=${MOCK_SOURCES.vodProvider.source}`, withToken(plain.token), "pms"),
    status: 403,
    spec: [["/security/resources", "get", 403, "text/html"]],
  },
  {
    // 401 is what PMS sends for a missing token (the contract); the spec only lists 403. Same page shape.
    name: "/security/token 401 no token",
    send: (harness) => json(harness, "/security/token?type=delegation&scope=all", { headers: plexHeaders() }, "pms"),
    status: 401,
    spec: [["/security/token", "post", 403, "text/html"]],
  },
];

/**
 * A success of an auth-flow operation. Its body must pass core's schema, and the trimmed spec
 * (`openapi.auth-flows.yaml`) where that spec is right. Where FLOWS.md shows the spec wrong, the case
 * names the deviation and checks that it is real, so a spec that gets fixed upstream is noticed.
 */
interface FlowCase {
  readonly name: string;
  readonly send: (harness: Harness) => Promise<Response>;
  readonly status: number;
  readonly core: AnyOperation;
  /** The spec's schema the body must pass (after `deviation.patch`, when there is one). */
  readonly spec?: SpecLocation;
  readonly deviation?: {
    /** What the spec gets wrong, citing FLOWS.md. */
    readonly cite: string;
    /** The body with the spec's mistake applied, when the spec's schema is checked; else undefined. */
    readonly patch?: (body: unknown) => unknown;
    /** Shows the deviation is real: the mock's body differs from what the spec says. */
    readonly check: (body: unknown) => void;
  };
}

type RawInit = Omit<RequestInit, "headers"> & { headers?: Record<string, string> };
const raw = (harness: Harness, path: string, init: RawInit = {}) =>
  harness.fetch(`${harness.serverUrl}${path}`, {
    ...init,
    headers: plexHeaders({ "X-Plex-Product": "Spec App", ...init.headers }),
  });
const tokenOf = (token: string) => ({ headers: { "X-Plex-Token": token } });
const FRESH_PIN_NULL_REGISTRATION = {
  cite: "FLOWS.md §1.1: a PIN's newRegistration is null until it is approved (the spec types it boolean)",
  patch: (body: unknown) => ({ ...(body as PinBody), newRegistration: false }),
  check: (body: unknown) => expect((body as PinBody).newRegistration).toBeNull(),
};
const PIN_CREATED_201 = {
  cite: "FLOWS.md §0.6 and §1.1: plex.tv answers 201 (the spec declares 200; its 200 schema is checked)",
};
const EMPTY_204 = (section: string) => ({
  cite: `FLOWS.md §${section} and §6.3: 204 with no body (the spec's 200 {"success":true} is unverified)`,
  check: (body: unknown) => expect(body).toBe(""),
});

const FLOW_CASES: FlowCase[] = [
  {
    name: "POST /pins 201 (4-character)",
    send: (harness) => raw(harness, "/api/v2/pins", { method: "POST" }),
    status: 201,
    core: operations.createOAuthPin,
    spec: ["/pins", "post", 200, "application/json", "authFlows"],
    deviation: { ...FRESH_PIN_NULL_REGISTRATION, cite: `${PIN_CREATED_201.cite}; ${FRESH_PIN_NULL_REGISTRATION.cite}` },
  },
  {
    name: "POST /pins?strong=true 201",
    send: (harness) => raw(harness, "/api/v2/pins?strong=true", { method: "POST" }),
    status: 201,
    core: operations.createOAuthPin,
    spec: ["/pins", "post", 200, "application/json", "authFlows"],
    deviation: { ...FRESH_PIN_NULL_REGISTRATION, cite: `${PIN_CREATED_201.cite}; ${FRESH_PIN_NULL_REGISTRATION.cite}` },
  },
  {
    name: "GET /pins/{id} 200 (waiting)",
    send: async (harness) =>
      raw(harness, `/api/v2/pins/${(await createPin(harness, { client: "raw-test-client" })).id}`),
    status: 200,
    core: operations.getOAuthPin,
    spec: ["/pins/{pinId}", "get", 200, "application/json", "authFlows"],
    deviation: FRESH_PIN_NULL_REGISTRATION,
  },
  {
    name: "GET /pins/{id} 200 (approved)",
    send: async (harness) => {
      const pin = await createPin(harness, { strong: true, client: "raw-test-client" });
      harness.mock.approvePin(pin.code, "plain");
      return raw(harness, `/api/v2/pins/${pin.id}`);
    },
    status: 200,
    core: operations.getOAuthPin,
    spec: ["/pins/{pinId}", "get", 200, "application/json", "authFlows"],
  },
  {
    name: "GET /resources 200",
    send: (harness) =>
      raw(harness, "/api/v2/resources?includeHttps=1&includeRelay=1&includeIPv6=1", tokenOf(twoFactor.token)),
    status: 200,
    core: operations.getServerResources,
    spec: ["/resources", "get", 200, "application/json", "authFlows"],
    deviation: {
      cite: "FLOWS.md §3.3: accessToken is null for some client devices (the spec requires a string)",
      patch: (body) =>
        (body as Record<string, unknown>[]).map((item) => ({ ...item, accessToken: item.accessToken ?? "" })),
      check: (body) =>
        expect((body as { accessToken: unknown }[]).some((item) => item.accessToken === null)).toBe(true),
    },
  },
  {
    name: "GET /home/users 200",
    send: (harness) => raw(harness, "/api/v2/home/users", tokenOf(twoFactor.token)),
    status: 200,
    core: operations.getHomeUsers,
    deviation: {
      cite: "FLOWS.md §0.6 and §4.1: the body is {id, name, …, users} (the spec's MediaContainer of Directory is wrong)",
      check: (body) => {
        expect(body).not.toHaveProperty("MediaContainer");
        expect(body).toHaveProperty("users");
      },
    },
  },
  {
    name: "POST /home/users/{uuid}/switch 201",
    send: (harness) =>
      raw(harness, `/api/v2/home/users/${managed.uuid}/switch?pin=${MOCK_HOME_PIN}`, {
        method: "POST",
        ...tokenOf(twoFactor.token),
      }),
    status: 201,
    core: operations.switchHomeUser,
    deviation: {
      cite: "FLOWS.md §4.2 and §4.3: 201 with the profile's user object and its authToken, by uuid (the spec's 200 {success:true} by integer id is wrong)",
      check: (body) => {
        expect(body).not.toHaveProperty("success");
        expect(body).toHaveProperty("authToken");
      },
    },
  },
  {
    name: "GET /api/claim/token.json 200",
    send: (harness) => raw(harness, "/api/claim/token.json", tokenOf(plain.token)),
    status: 200,
    core: operations.getClaimToken,
    spec: ["/claim/token.json", "get", 200, "application/json", "authFlows"],
  },
  {
    name: "GET /ping 200",
    send: (harness) => raw(harness, "/api/v2/ping", tokenOf(plain.token)),
    status: 200,
    core: operations.ping,
    deviation: {
      cite: 'FLOWS.md §0.6 and §3.1: {"pong":true} for a valid token (the spec\'s {"success":true} without auth is wrong)',
      check: (body) => expect(body).toEqual({ pong: true }),
    },
  },
  {
    name: "PUT /pins/link 204",
    send: async (harness) => {
      const pin = await createPin(harness);
      return raw(harness, "/api/v2/pins/link", {
        method: "PUT",
        headers: { "X-Plex-Token": plain.token, "Content-Type": "application/x-www-form-urlencoded" },
        body: `code=${pin.code}`,
      });
    },
    status: 204,
    core: operations.linkOAuthPin,
    deviation: EMPTY_204("1.4"),
  },
  {
    name: "DELETE /users/signout 204",
    send: (harness) => raw(harness, "/api/v2/users/signout", { method: "DELETE", ...tokenOf(managed.token) }),
    status: 204,
    core: operations.signOut,
    deviation: EMPTY_204("3.2"),
  },
];

const UNAUTHORIZED_RESOURCES: SpecLocation = ["/resources", "get", 401, "application/json", "authFlows"];

const FLOW_ERROR_CASES: ShapeCase[] = [
  {
    // Not declared for /pins/{pinId} in the spec: held to its error shape.
    name: "404/1020 expired PIN",
    send: async (harness) => {
      const pin = await createPin(harness, { client: "raw-test-client" });
      harness.mock.advanceTime(PIN_TTL_MS);
      return raw(harness, `/api/v2/pins/${pin.id}`);
    },
    status: 404,
    spec: [],
    plexCode: 1020,
  },
  {
    name: "404/1020 PIN of another client",
    send: async (harness) => raw(harness, `/api/v2/pins/${(await createPin(harness, { client: "creator" })).id}`),
    status: 404,
    spec: [],
    plexCode: 1020,
  },
  {
    name: "401/1001 resources without a token",
    send: (harness) => raw(harness, "/api/v2/resources"),
    status: 401,
    spec: [UNAUTHORIZED_RESOURCES],
    plexCode: 1001,
  },
  {
    name: "403/1041 switch without the PIN",
    send: (harness) =>
      raw(harness, `/api/v2/home/users/${managed.uuid}/switch`, { method: "POST", ...tokenOf(twoFactor.token) }),
    status: 403,
    spec: [],
    plexCode: 1041,
  },
  {
    name: "404 home users of an account without a Home",
    send: (harness) => raw(harness, "/api/v2/home/users", tokenOf(plain.token)),
    status: 404,
    spec: [],
  },
  {
    name: "404 switch to a uuid outside the Home",
    send: (harness) =>
      raw(harness, `/api/v2/home/users/${plain.uuid}/switch`, { method: "POST", ...tokenOf(MOCK_KID_PROFILE.token) }),
    status: 404,
    spec: [],
  },
  ...["/api/v2/pins/link", "/api/v2/users/signout", "/api/claim/token.json", "/api/v2/home/users"].map(
    (path): ShapeCase => ({
      name: `401/1001 ${path} with an unknown token`,
      send: (harness) =>
        raw(harness, path, {
          method: path.endsWith("link") ? "PUT" : path.endsWith("signout") ? "DELETE" : "GET",
          ...tokenOf("NotARealToken1234567"),
        }),
      status: 401,
      spec: [],
      plexCode: 1001,
    }),
  ),
];

/** A client JWT the mock takes, from a device of casey's registered with a fresh key. */
async function exchangeResponse(harness: Harness): Promise<Response> {
  const device = await registeredDevice(harness, plain);
  return exchange(harness, await device.key.sign(clientClaims(device.clientIdentifier, await fetchNonce(harness))));
}

const JWT_FLOW_CASES: FlowCase[] = [
  {
    name: "GET /auth/keys 200",
    send: (harness) => raw(harness, "/api/v2/auth/keys"),
    status: 200,
    core: operations.getAuthKeys,
    spec: ["/auth/keys", "get", 200, "application/json", "authFlows"],
    deviation: {
      cite:
        "FLOWS.md §0.6 and §2.6: Plex's keys are Ed25519 (kty OKP, crv, x); the spec models RSA n/e " +
        "(its schema requires no member, so it passes the body all the same)",
      check: (body) => {
        for (const key of (body as { keys: Record<string, unknown>[] }).keys) {
          expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
          expect(key).not.toHaveProperty("n");
          expect(key).not.toHaveProperty("e");
        }
      },
    },
  },
  {
    name: "GET /auth/nonce 200",
    send: (harness) => raw(harness, "/api/v2/auth/nonce"),
    status: 200,
    core: operations.getAuthNonce,
    spec: ["/auth/nonce", "get", 200, "application/json", "authFlows"],
  },
  {
    name: "POST /auth/jwk 201",
    send: async (harness) =>
      raw(harness, "/api/v2/auth/jwk", {
        method: "POST",
        headers: { "X-Plex-Token": plain.token, "Content-Type": "application/json" },
        body: JSON.stringify({ jwk: (await generateDeviceKey()).publicJwk }),
      }),
    status: 201,
    core: operations.registerDeviceJWK,
    deviation: {
      cite:
        "FLOWS.md §2.2 and §6.3: 2xx with an empty body, 201 here (the spec's 200 AuthTokenResponse " +
        "{authToken, clientIdentifier, jwt} is unverified; every client ignores the body)",
      check: (body) => expect(body).toBe(""),
    },
  },
  {
    name: "POST /auth/token 200",
    send: exchangeResponse,
    status: 200,
    core: operations.exchangeJWTToken,
    spec: ["/auth/token", "post", 200, "application/json", "authFlows"],
    deviation: {
      cite:
        "FLOWS.md §0.6 and §2.4: the body is {auth_token} (the spec's AuthTokenResponse names authToken, " +
        "clientIdentifier and jwt; its schema requires none of them, so it passes the body all the same)",
      check: (body) => {
        expect(Object.keys(body as object)).toEqual(["auth_token"]);
        expect(body).not.toHaveProperty("authToken");
      },
    },
  },
  {
    name: "POST /pins 201 (JSON { jwk, strong })",
    send: async (harness) =>
      raw(harness, "/api/v2/pins", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jwk: (await generateDeviceKey()).publicJwk, strong: true }),
      }),
    status: 201,
    core: operations.createOAuthPin,
    spec: ["/pins", "post", 200, "application/json", "authFlows"],
    deviation: { ...FRESH_PIN_NULL_REGISTRATION, cite: `${PIN_CREATED_201.cite}; ${FRESH_PIN_NULL_REGISTRATION.cite}` },
  },
  {
    name: "GET /pins/{id}?deviceJWT= 200 (approved JWK PIN: a Plex JWT)",
    send: async (harness) => {
      const key = await generateDeviceKey();
      const created = await raw(harness, "/api/v2/pins", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ jwk: key.publicJwk, strong: true }),
      });
      const pin = (await created.json()) as PinBody;
      harness.mock.approvePin(pin.code, "plain");
      return raw(
        harness,
        `/api/v2/pins/${pin.id}?deviceJWT=${await key.sign(clientClaims("raw-test-client", undefined))}`,
      );
    },
    status: 200,
    core: operations.getOAuthPin,
    spec: ["/pins/{pinId}", "get", 200, "application/json", "authFlows"],
    deviation: {
      cite: "FLOWS.md §2.3: an approved JWK PIN's authToken is a Plex JWT (the spec says nothing of deviceJWT)",
      check: (body) => expect((body as PinBody).authToken).toMatch(/^eyJ[\w-]*\.[\w-]+\.[\w-]+$/),
    },
  },
];

const JWT_ERROR_CASES: ShapeCase[] = [
  {
    // FLOWS.md §2.8: the body format of a 498 is unverified; the plex.tv envelope, without a code.
    name: "498 expired Plex JWT",
    send: async (harness) => {
      const jwt = await plexJwtFor(harness, await registeredDevice(harness, plain));
      harness.mock.advanceTime(PLEX_JWT_TTL_SECONDS * 1000);
      return raw(harness, "/api/v2/user", tokenOf(jwt));
    },
    status: 498,
    spec: [],
  },
  {
    name: "422 thumbprint already taken",
    send: async (harness) => {
      const device = await registeredDevice(harness, plain);
      return jsonRequest(harness, "/auth/jwk", { token: managed.token, body: { jwk: device.key.publicJwk } });
    },
    status: 422,
    spec: [],
  },
  {
    name: "422 invalid client JWT",
    send: (harness) => exchange(harness, "e30.e30.e30"),
    status: 422,
    spec: [],
  },
  {
    name: "422/1097 client JWT issuer mismatch",
    send: async (harness) => {
      const device = await registeredDevice(harness, plain);
      return exchange(harness, await device.key.sign(clientClaims("someone-else", await fetchNonce(harness))));
    },
    status: 422,
    spec: [],
    plexCode: 1097,
  },
  {
    name: "400 private JWK",
    send: async (harness) => {
      const key = await generateDeviceKey();
      const jwk = { ...key.publicJwk, d: key.privateJwk.d };
      return jsonRequest(harness, "/auth/jwk", { token: plain.token, body: { jwk } });
    },
    status: 400,
    spec: [],
  },
];

function expectSpec(locations: readonly SpecLocation[], body: unknown): void {
  for (const location of locations) {
    const validate = responseValidator(...location);
    expect(validate(body), `${location.join(" ")}: ${describeErrors(validate).join("; ")}`).toBe(true);
  }
}

describe.each(TRANSPORTS)("spec conformance over $name", (transport) => {
  it.each(SUCCESS_CASES)("$name passes the spec's schema and core's", async (shape) => {
    const harness = await transport.start();
    const response = await shape.send(harness);
    expect(response.status).toBe(shape.status);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body: unknown = JSON.parse(await response.text());
    expectSpec(shape.spec, body);
    const core = v.safeParse(shape.core?.response as v.GenericSchema, body);
    expect(core.success, JSON.stringify(core.issues?.map((issue) => v.getDotPath(issue)))).toBe(true);
  });

  it.each(PLEX_TV_ERROR_CASES)("plex.tv error $name passes the spec's error schema", async (shape) => {
    const harness = await transport.start();
    const response = await shape.send(harness);
    expect(response.status).toBe(shape.status);
    const text = await response.text();
    const body: unknown = JSON.parse(text);
    expectSpec(shape.spec, body);
    const errorShape = componentValidator("UnauthorizedErrorResponse");
    expect(errorShape(body), describeErrors(errorShape).join("; ")).toBe(true);
    expect(parseErrorBody(text).errors[0]?.code).toBe(shape.plexCode);
  });

  it.each([...FLOW_CASES, ...JWT_FLOW_CASES])(
    "$name passes core's schema, and the spec's where FLOWS.md does not show it wrong",
    async (flow) => {
      const harness = await transport.start();
      const response = await flow.send(harness);
      expect(response.status).toBe(flow.status);
      const text = await response.text();
      const body: unknown = text === "" ? text : JSON.parse(text);
      if (flow.core.response !== "empty") {
        const core = v.safeParse(flow.core.response as v.GenericSchema, body);
        expect(core.success, JSON.stringify(core.issues?.map((issue) => v.getDotPath(issue)))).toBe(true);
      }
      flow.deviation?.check(body);
      if (!flow.spec) return;
      const validate = responseValidator(...flow.spec);
      if (flow.deviation?.patch) {
        // The deviation is real: the spec rejects the body as the mock (and plex.tv) sends it.
        expect(validate(body), `${flow.deviation.cite}: expected the spec to reject it`).toBe(false);
      }
      const checked = flow.deviation?.patch ? flow.deviation.patch(body) : body;
      expect(validate(checked), describeErrors(validate).join("; ")).toBe(true);
    },
  );

  it.each([...FLOW_ERROR_CASES, ...JWT_ERROR_CASES])(
    "plex.tv error $name passes the spec's error schema",
    async (shape) => {
      const harness = await transport.start();
      const response = await shape.send(harness);
      expect(response.status).toBe(shape.status);
      const text = await response.text();
      const body: unknown = JSON.parse(text);
      expectSpec(shape.spec, body);
      const errorShape = componentValidator("UnauthorizedErrorResponse", "authFlows");
      expect(errorShape(body), describeErrors(errorShape).join("; ")).toBe(true);
      expect(parseErrorBody(text).errors[0]?.code).toBe(shape.plexCode);
    },
  );

  it.each(PMS_ERROR_CASES)("PMS error $name is a text/html page", async (shape) => {
    const harness = await transport.start();
    const response = await shape.send(harness);
    expect(response.status).toBe(shape.status);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const text = await response.text();
    expect(text).toMatch(/^<html>.*<\/html>$/);
    expectSpec(shape.spec, text);
  });
});

describe("the spec validators themselves", () => {
  it("accept the spec's example payloads", () => {
    const fixture = (name: string): unknown => JSON.parse(readFileSync(`${SPEC_DIR}examples/${name}`, "utf8"));
    expectSpec([USER_200], fixture("get_token_details.200.json"));
    expectSpec([SIGN_IN_201], fixture("post_users_sign_in_data.201.json"));
    expectSpec([["/security/token", "post", 200, "application/json"]], fixture("get_transient_token.200.json"));
    expectSpec(
      [["/security/resources", "get", 200, "application/json"]],
      fixture("get_source_connection_information.200.json"),
    );
    expectSpec(PLEX_TV_401, fixture("error.401.2fa-required.json"));
    expectSpec([["/auth/nonce", "get", 200, "application/json", "authFlows"]], fixture("get_auth_nonce.200.json"));
    expectSpec([["/auth/keys", "get", 200, "application/json", "authFlows"]], fixture("get_auth_keys.200.json"));
  });

  it("reject a body the spec does not allow, so the checks above can fail", () => {
    const validate = responseValidator(...SIGN_IN_201);
    const fixture = JSON.parse(readFileSync(`${SPEC_DIR}examples/post_users_sign_in_data.201.json`, "utf8"));
    expect(validate({ ...fixture, email: "not an email" })).toBe(false);
    expect(validate({ ...fixture, pastSubscriptions: undefined })).toBe(false);
    expect(validate({ ...fixture, joinedAt: "yesterday" })).toBe(false);
  });
});
