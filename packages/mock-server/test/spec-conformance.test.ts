import { readFileSync } from "node:fs";
import { type AnyOperation, operations, parseErrorBody } from "@plex-auth/core";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS, MOCK_SOURCES, type MockPlex } from "../src/index.ts";
import { type Harness, plexHeaders, TRANSPORTS } from "./support/harness.ts";
import { componentValidator, describeErrors, responseValidator, SPEC_DIR } from "./support/spec.ts";

const { plain, twoFactor, managed } = MOCK_ACCOUNTS;

/** Where the spec declares a response: path, method, status, media type. */
type SpecLocation = readonly [path: string, method: string, status: number, mediaType: string];

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
  });

  it("reject a body the spec does not allow, so the checks above can fail", () => {
    const validate = responseValidator(...SIGN_IN_201);
    const fixture = JSON.parse(readFileSync(`${SPEC_DIR}examples/post_users_sign_in_data.201.json`, "utf8"));
    expect(validate({ ...fixture, email: "not an email" })).toBe(false);
    expect(validate({ ...fixture, pastSubscriptions: undefined })).toBe(false);
    expect(validate({ ...fixture, joinedAt: "yesterday" })).toBe(false);
  });
});
