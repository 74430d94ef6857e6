/**
 * The example payloads of the auth flows in `spec/plex-api/examples` (taken from FLOWS.md's captures): each
 * passes core's schema for its operation, and the mock answers with the same fields, so the fake and the
 * fixtures core's own tests use cannot drift apart.
 */
import { readdirSync, readFileSync } from "node:fs";
import { type AnyOperation, operations, parseErrorBody } from "@plex-auth/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, MOCK_HOME_PIN, PLEX_JWT_TTL_SECONDS } from "../src/index.ts";
import { IN_MEMORY, plexHeaders } from "./support/harness.ts";
import { decodeJwt, jsonRequest, plexJwtFor, registeredDevice, verifiesWith } from "./support/jwt.ts";
import { createPin, jsonOf, resources } from "./support/requests.ts";
import { SPEC_DIR } from "./support/spec.ts";

const { twoFactor, managed } = MOCK_ACCOUNTS;

const fixture = (name: string): unknown => JSON.parse(readFileSync(`${SPEC_DIR}examples/${name}`, "utf8"));

type Body = Record<string, unknown>;

/**
 * Each auth-flow fixture, the operation whose success body it is, and a way to break a field core
 * requires (so the schema check is seen to fail).
 */
const SUCCESS_FIXTURES: Readonly<Record<string, readonly [AnyOperation, (body: Body) => unknown]>> = {
  "create_oauth_pin.201.json": [operations.createOAuthPin, (pin) => ({ ...pin, code: "" })],
  "create_oauth_pin.201.strong.json": [operations.createOAuthPin, (pin) => ({ ...pin, id: String(pin.id) })],
  "get_oauth_pin.200.approved.json": [operations.getOAuthPin, (pin) => ({ ...pin, authToken: 42 })],
  "get_server_resources.200.json": [
    operations.getServerResources,
    (list) => [{ ...(list as unknown as Body[])[0], provides: undefined }],
  ],
  "get_home_users.200.json": [operations.getHomeUsers, (home) => ({ ...home, users: [{ title: "no id" }] })],
  "switch_home_user.201.json": [operations.switchHomeUser, (user) => ({ ...user, authToken: "" })],
  "get_claim_token.200.json": [operations.getClaimToken, () => ({ token: "not-a-claim" })],
  "ping.200.json": [operations.ping, () => ({ pong: "yes" })],
  "get_auth_keys.200.json": [operations.getAuthKeys, () => ({ keys: [{ crv: "Ed25519", x: "no kty" }] })],
  "get_auth_nonce.200.json": [operations.getAuthNonce, () => ({ nonce: "" })],
  // The spec's name for it (FLOWS.md §2.4): core reads `auth_token` only.
  "exchange_jwt_token.200.json": [operations.exchangeJWTToken, (body) => ({ authToken: body.auth_token })],
};

/** Each auth-flow error fixture and the status and Plex code (none for the JWT errors) core must read from it. */
const ERROR_FIXTURES: Readonly<Record<string, readonly [status: number, code: number | undefined]>> = {
  "error.404.pin-expired.json": [404, 1020],
  "error.403.home-user-pin.json": [403, 1041],
  "error.498.jwt-expired.json": [498, undefined],
  "error.422.thumbprint-taken.json": [422, undefined],
};

// The fixtures of the seed operations, checked by spec-conformance.test.ts and core's own tests.
const SEED_FIXTURES = [
  "error.400.json",
  "error.401.2fa-required.json",
  "error.401.ip-throttled.json",
  "error.401.json",
  "get_source_connection_information.200.json",
  "get_token_details.200.json",
  "get_transient_token.200.json",
  "get_transient_token.200.spec-example.json",
  "post_users_sign_in_data.201.json",
];

const keysOf = (value: unknown): string[] => Object.keys(value as Record<string, unknown>).sort();

describe("the auth-flow fixtures", () => {
  it("are all checked here or with the seed fixtures (a new one cannot be skipped silently)", () => {
    const names = readdirSync(`${SPEC_DIR}examples`).filter((name) => name.endsWith(".json"));
    const known = [...Object.keys(SUCCESS_FIXTURES), ...Object.keys(ERROR_FIXTURES), ...SEED_FIXTURES];
    expect(names.sort()).toEqual(known.sort());
  });

  it.each(Object.entries(SUCCESS_FIXTURES))(
    "%s passes core's schema for its operation, and not once broken",
    (name, [operation, breaking]) => {
      const schema = operation.response as v.GenericSchema;
      const parsed = v.safeParse(schema, fixture(name));
      expect(parsed.success, JSON.stringify(parsed.issues?.map((issue) => v.getDotPath(issue)))).toBe(true);
      expect(v.safeParse(schema, breaking(fixture(name) as Body)).success).toBe(false);
    },
  );

  it.each(Object.entries(ERROR_FIXTURES))("%s is the error body core reads the code of", (name, [status, code]) => {
    const { errors } = parseErrorBody(JSON.stringify(fixture(name)));
    expect(errors[0]?.status).toBe(status);
    expect(errors[0]?.code).toBe(code);
  });

  it("exchange_jwt_token.200.json is a Plex JWT signed by the key of get_auth_keys.200.json", async () => {
    const { auth_token } = fixture("exchange_jwt_token.200.json") as { auth_token: string };
    const { keys } = fixture("get_auth_keys.200.json") as { keys: { kid: string; x: string }[] };
    expect(await verifiesWith(auth_token, keys)).toBe(true);
    expect(decodeJwt(auth_token).header).toEqual({ kid: keys[0]?.kid, typ: "JWT", alg: "EdDSA" });
    const { claims } = decodeJwt(auth_token);
    expect((claims.exp as number) - (claims.iat as number)).toBe(PLEX_JWT_TTL_SECONDS);
    expect(claims.nonce).toBe((fixture("get_auth_nonce.200.json") as { nonce: string }).nonce);
  });
});

describe("the mock's bodies have the fixtures' fields", () => {
  it("PINs: the same fields as plex.tv's, fresh and approved", async () => {
    const harness = await IN_MEMORY.start();
    const fresh = await createPin(harness, { client: "raw-test-client" });
    expect(keysOf(fresh)).toEqual(keysOf(fixture("create_oauth_pin.201.json")));
    harness.mock.approvePin(fresh.code, "plain");
    const approved = await jsonOf(
      await harness.fetch(`${harness.plexTvUrl}/pins/${fresh.id}`, { headers: plexHeaders() }),
    );
    expect(keysOf(approved)).toEqual(keysOf(fixture("get_oauth_pin.200.approved.json")));
  });

  it("resources: every field of the fixture's servers and connections", async () => {
    const harness = await IN_MEMORY.start();
    const [server] = await resources(harness, twoFactor.token);
    const [expected] = fixture("get_server_resources.200.json") as { connections: unknown[] }[];
    expect(keysOf(server)).toEqual(keysOf(expected));
    expect(keysOf(server?.connections[0])).toEqual(keysOf(expected?.connections[0]));
  });

  it("Home users and a switch: the fixture's fields (the switch without its hashed pin)", async () => {
    const harness = await IN_MEMORY.start();
    const home = await jsonOf<{ users: unknown[] }>(
      await harness.fetch(`${harness.plexTvUrl}/home/users`, {
        headers: plexHeaders({ "X-Plex-Token": twoFactor.token }),
      }),
    );
    const expected = fixture("get_home_users.200.json") as { users: unknown[] };
    expect(keysOf(home)).toEqual(keysOf(expected));
    expect(keysOf(home.users[0])).toEqual(keysOf(expected.users[0]));
    const switched = await jsonOf(
      await harness.fetch(`${harness.plexTvUrl}/home/users/${managed.uuid}/switch?pin=${MOCK_HOME_PIN}`, {
        method: "POST",
        headers: plexHeaders({ "X-Plex-Token": twoFactor.token }),
      }),
    );
    expect(keysOf(switched)).toEqual(keysOf(fixture("switch_home_user.201.json")).filter((key) => key !== "pin"));
  });

  it("JWT keys, nonce and exchange: the fixtures' fields, and the same claims and user fields", async () => {
    const harness = await IN_MEMORY.start();
    const keys = await jsonOf<{ keys: unknown[] }>(await jsonRequest(harness, "/auth/keys"));
    const expectedKeys = fixture("get_auth_keys.200.json") as { keys: unknown[] };
    expect(keysOf(keys)).toEqual(keysOf(expectedKeys));
    expect(keysOf(keys.keys[0])).toEqual(keysOf(expectedKeys.keys[0]));
    expect(keysOf(await jsonOf(await jsonRequest(harness, "/auth/nonce")))).toEqual(
      keysOf(fixture("get_auth_nonce.200.json")),
    );
    const device = await registeredDevice(harness, MOCK_ACCOUNTS.plain);
    const jwt = await plexJwtFor(harness, device);
    const expected = fixture("exchange_jwt_token.200.json") as { auth_token: string };
    const { claims } = decodeJwt(jwt);
    const { claims: expectedClaims } = decodeJwt(expected.auth_token);
    expect(Object.keys(claims)).toEqual(Object.keys(expectedClaims));
    expect(Object.keys(claims.user as object)).toEqual(Object.keys(expectedClaims.user as object));
  });

  it("JWT errors: the mock's 498 and thumbprint-taken bodies are the fixtures", async () => {
    const harness = await IN_MEMORY.start();
    const device = await registeredDevice(harness, MOCK_ACCOUNTS.plain);
    const jwt = await plexJwtFor(harness, device);
    harness.mock.advanceTime(PLEX_JWT_TTL_SECONDS * 1000);
    const expired = await jsonRequest(harness, "/user", { token: jwt });
    expect(await expired.json()).toEqual(fixture("error.498.jwt-expired.json"));
    const taken = await jsonRequest(harness, "/auth/jwk", {
      token: MOCK_ACCOUNTS.managed.token,
      body: { jwk: device.key.publicJwk },
    });
    expect(await taken.json()).toEqual(fixture("error.422.thumbprint-taken.json"));
  });
});
