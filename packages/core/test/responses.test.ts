/**
 * Guards lenient response parsing (every spec example parses; unknown fields are kept; enums stay open;
 * `Device` and `Connection` take every shape PMS renders) and the few failures that are real, which must
 * name field paths and never values.
 */

import { decodeJwt } from "jose";
import * as v from "valibot";
import { describe, expect, it } from "vitest";
import {
  createPlexAuth,
  createPlexAuthCore,
  HomeUserPinRequiredError,
  InvalidTokenError,
  JwtExpiredError,
  JwtRejectedError,
  PinExpiredError,
  type PlexAccount,
  type PlexDevice,
  type PlexSignIn,
  parseErrorBody,
  plexAccountSchema,
  ResponseValidationError,
} from "../src/index.ts";
import { verifyPlexJwt } from "../src/jwt/index.ts";
import { IDENTITY, PMS_URL, rejection, TOKEN } from "./helpers/client.ts";
import { json, mockFetch, text } from "./helpers/fetch.ts";
import { ACCOUNT, example, exampleNames, exampleText, RESOURCES, SIGN_IN, TRANSIENT } from "./helpers/fixtures.ts";

function clientAnswering(...responses: Response[]) {
  const mock = mockFetch(...responses);
  const client = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: PMS_URL, fetch: mock.fetch });
  return { ...mock, plex: client.authentication };
}

/** How each example file is fed through the SDK; a new example without an entry here fails the first test. */
const EXAMPLE_CHECKS: Record<string, (name: string) => Promise<void>> = {
  "get_transient_token.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    expect(await plex.getTransientToken()).toBe("transient-5f0c2f4e-1d7b-4d7e-9a3c-2b8f6a1e9c77");
  },
  "get_transient_token.200.spec-example.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    expect(await plex.getTransientToken()).toBe("example");
  },
  "get_source_connection_information.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    const device = await plex.getSourceConnectionInformation({ source: "server://0123456789abcdef" });
    expect(device.name).toBe("Living Room PMS");
    expect(device.Connection).toHaveLength(2);
  },
  "get_token_details.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    const account = await plex.getTokenDetails();
    expect(account).toEqual(example(name));
  },
  "post_users_sign_in_data.201.json": async (name) => {
    const { plex } = clientAnswering(text(201, exampleText(name), "application/json"));
    const account = await plex.postUsersSignInData({ login: "me", password: "pw" });
    expect(account).toEqual(example(name));
  },
  "error.400.json": async (name) => {
    expect(parseErrorBody(exampleText(name)).errors).toEqual([
      { code: 1000, message: "X-Plex-Client-Identifier is missing", status: 400 },
    ]);
  },
  "error.401.json": async (name) => {
    expect(parseErrorBody(exampleText(name)).errors).toEqual([
      { code: 1001, message: "User could not be authenticated", status: 401 },
    ]);
  },
  "error.401.2fa-required.json": async (name) => {
    expect(parseErrorBody(exampleText(name)).errors).toEqual([
      { code: 1029, message: "Please enter the verification code", status: 401 },
    ]);
  },
  "error.401.ip-throttled.json": async (name) => {
    expect(parseErrorBody(exampleText(name)).errors[0]).toMatchObject({ code: 1031, status: 401 });
  },
  "create_oauth_pin.201.json": async (name) => {
    const { plex } = clientAnswering(text(201, exampleText(name), "application/json"));
    const pin = await plex.createOAuthPin();
    expect(pin).toMatchObject({ code: "7RQZ", authToken: null });
    expect(pin).toEqual(example(name));
  },
  "create_oauth_pin.201.strong.json": async (name) => {
    const { plex } = clientAnswering(text(201, exampleText(name), "application/json"));
    const pin = await plex.createOAuthPin({ strong: true });
    expect(pin.code).toHaveLength(25);
    expect(pin.expiresIn).toBe(1800);
  },
  "get_oauth_pin.200.approved.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    const pin = await plex.getOAuthPin({ pinId: 564964751 });
    expect(typeof pin.authToken).toBe("string");
    expect(pin.newRegistration).toBe(false);
  },
  "error.404.pin-expired.json": async (name) => {
    const { plex } = clientAnswering(text(404, exampleText(name), "application/json"));
    expect(await rejection(plex.getOAuthPin({ pinId: 1 }))).toBeInstanceOf(PinExpiredError);
  },
  "error.403.home-user-pin.json": async (name) => {
    const { plex } = clientAnswering(text(403, exampleText(name), "application/json"));
    const error = await rejection(plex.switchHomeUser({ uuid: "d320a7e6324aacd5", pin: "0000" }));
    expect(error).toBeInstanceOf(HomeUserPinRequiredError);
  },
  "get_server_resources.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    const resources = await plex.getServerResources();
    expect(resources.length).toBe((example(name) as unknown as unknown[]).length);
    for (const resource of resources) expect(Array.isArray(resource.connections)).toBe(true);
  },
  "get_home_users.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    const home = await plex.getHomeUsers();
    expect(home).toEqual(example(name));
  },
  "switch_home_user.201.json": async (name) => {
    const { plex } = clientAnswering(text(201, exampleText(name), "application/json"));
    const profile = await plex.switchHomeUser({ uuid: "d320a7e6324aacd5" });
    expect(profile.authToken).toBe(example(name).authToken);
  },
  "get_claim_token.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    expect(await plex.getClaimToken()).toBe(example(name).token);
  },
  "ping.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    expect(await plex.ping()).toBe(true);
  },
  "get_auth_keys.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    const { keys } = await plex.getAuthKeys();
    expect(keys).toEqual(example(name).keys);
    expect(keys[0]).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" });
  },
  "get_auth_nonce.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    expect(await plex.getAuthNonce()).toBe(example(name).nonce);
  },
  // The exchanged JWT is signed by the key of get_auth_keys.200.json: it verifies as issued (its clock).
  "exchange_jwt_token.200.json": async (name) => {
    const { plex } = clientAnswering(text(200, exampleText(name), "application/json"));
    const jwt = await plex.exchangeJWTToken({ jwt: "a.b.c" });
    expect(jwt).toBe(example(name).auth_token);
    const keysFetch = mockFetch(text(200, exampleText("get_auth_keys.200.json"), "application/json"));
    const core = createPlexAuthCore({ ...IDENTITY, fetch: keysFetch.fetch });
    const { iat, thumbprint, aud } = decodeJwt(jwt) as { iat: number; thumbprint: string; aud: string[] };
    const claims = await verifyPlexJwt(core, jwt, {
      key: { kid: thumbprint },
      clientIdentifier: aud[1],
      now: iat * 1000 + 1000,
    });
    expect(claims).toMatchObject({ iss: "plex.tv", thumbprint, user: { username: "alice" } });
    const late = await rejection(
      verifyPlexJwt(core, jwt, { key: { kid: thumbprint }, clientIdentifier: aud[1], now: (iat + 8 * 86_400) * 1000 }),
    );
    expect(late).toMatchObject({ code: "jwt_invalid", reason: "expired" });
  },
  "error.498.jwt-expired.json": async (name) => {
    const { plex } = clientAnswering(text(498, exampleText(name), "application/json"));
    const error = await rejection(plex.getTokenDetails());
    expect(error).toBeInstanceOf(JwtExpiredError);
    expect(error).toBeInstanceOf(InvalidTokenError);
  },
  "error.422.thumbprint-taken.json": async (name) => {
    const { plex } = clientAnswering(text(422, exampleText(name), "application/json"));
    const error = await rejection(plex.registerDeviceJWK({ jwk: PUBLIC_JWK }));
    expect(error).toBeInstanceOf(JwtRejectedError);
    expect(error).toMatchObject({ reason: "thumbprint_taken" });
  },
};

/** A well-formed public Ed25519 JWK (the key of get_auth_keys.200.json). */
const PUBLIC_JWK = {
  kty: "OKP",
  crv: "Ed25519",
  x: "4zE7TqK5PJmcqFvl9mNqSM3LIxQgn_HpmTlZ1pltxOI",
  use: "sig",
  alg: "EdDSA",
  kid: "JGH0NzT3AKmtZ_fdcGmcWs8Cmmt-a3J2sbRUKsU4-gw",
} as const;

describe("every example payload in spec/plex-api/examples", () => {
  it("has a check here (so a new example cannot be skipped silently)", () => {
    expect(exampleNames()).toEqual(Object.keys(EXAMPLE_CHECKS).sort());
  });

  it.each(exampleNames())("%s parses", async (name) => {
    await (EXAMPLE_CHECKS[name] as (name: string) => Promise<void>)(name);
  });
});

describe("lenient parsing", () => {
  it("keeps unknown fields at every level, including fields seen in real responses but in no spec", async () => {
    const body = {
      ...example(ACCOUNT),
      certificateVersion: 3,
      cloudSyncDevice: "abc",
      queueEmail: "queue+abc@save.plex.tv",
      queueUid: "q1",
      providers: [{ id: 1 }],
      profile: { ...(example(ACCOUNT).profile as object), brandNewPreference: "on" },
      subscription: { ...(example(ACCOUNT).subscription as object), renewalDate: "2030-01-01" },
    };
    const { plex } = clientAnswering(json(200, body));

    const account = await plex.getTokenDetails();

    expect(account).toEqual(body);
    // Kept at run time, but not typed: a field Plex adds is read through a cast, and a typo fails tsc.
    expect((account as unknown as Record<string, unknown>).certificateVersion).toBe(3);
    expect((account.profile as unknown as Record<string, unknown>).brandNewPreference).toBe("on");
    // @ts-expect-error: `usernmae` is not a field of PlexAccount (results are typed by their declared fields).
    expect(account.usernmae).toBeUndefined();
  });

  it("accepts values outside every known enum (open enums)", async () => {
    const base = example(ACCOUNT);
    const body = {
      ...base,
      mailingListStatus: "whatever",
      services: [{ identifier: "x", endpoint: "https://e", token: null, secret: null, status: "degraded" }],
      subscription: { active: false, status: "Lapsed", features: ["a-feature-from-2031"] },
      profile: {
        ...(base.profile as object),
        autoSelectSubtitle: 7,
        watchedIndicator: 42,
        defaultAudioAccessibility: 9,
        defaultAudioLanguages: ["ja", "en"],
        mediaReviewsLanguages: null,
      },
    };
    const { plex } = clientAnswering(json(200, body));

    const account = await plex.getTokenDetails();

    expect(account.mailingListStatus).toBe("whatever");
    expect(account.services?.[0]?.status).toBe("degraded");
    expect(account.profile?.autoSelectSubtitle).toBe(7);
  });

  it("accepts a minimal account: only the required fields, no subscriptions, profile or services", async () => {
    const full = example(SIGN_IN);
    const required = [
      "id",
      "uuid",
      "username",
      "title",
      "email",
      "friendlyName",
      "authToken",
      "joinedAt",
      "hasPassword",
      "twoFactorEnabled",
    ];
    const minimal = Object.fromEntries(required.map((key) => [key, full[key]]));
    const { plex } = clientAnswering(json(201, minimal), json(200, minimal));

    const signIn = await plex.postUsersSignInData({ login: "me", password: "pw" });
    const account = await plex.getTokenDetails();

    expect(signIn).toEqual(minimal);
    expect(account).toEqual(minimal);
    expect(signIn.subscriptions).toBeUndefined();
  });

  it("accepts nulls in the optional fields Plex sends as null", async () => {
    const body = { ...example(ACCOUNT), subscriptions: null, subscription: null, services: null, locale: null };
    const { plex } = clientAnswering(json(200, body));

    await expect(plex.getTokenDetails()).resolves.toMatchObject({ subscriptions: null, locale: null });
  });

  describe("Device and Connection shapes", () => {
    const wireDevice = (example(RESOURCES).MediaContainer as { Device: Record<string, unknown> }).Device;
    const wrap = (device: unknown) => ({ MediaContainer: { size: 1, Device: device } });
    const call = async (body: unknown): Promise<PlexDevice> => {
      const { plex } = clientAnswering(json(200, body));
      return plex.getSourceConnectionInformation({ source: "server://0123456789abcdef" });
    };

    it("takes Device as an object or as an array, with the same result", async () => {
      const fromObject = await call(wrap(wireDevice));
      const fromArray = await call(wrap([wireDevice]));
      expect(fromArray).toEqual(fromObject);
      expect(fromObject.Connection).toHaveLength(2);
    });

    it("picks the first device when several are listed", async () => {
      const device = await call(wrap([wireDevice, { ...wireDevice, name: "Second" }]));
      expect(device.name).toBe("Living Room PMS");
    });

    it("makes a single Connection object an array of one", async () => {
      const single = (wireDevice.Connection as unknown[])[0];
      const device = await call(wrap({ ...wireDevice, Connection: single }));
      expect(device.Connection).toEqual([single]);
    });

    it("makes a missing or null Connection an empty array", async () => {
      const { Connection: _dropped, ...withoutConnection } = wireDevice;
      expect((await call(wrap(withoutConnection))).Connection).toEqual([]);
      expect((await call(wrap({ ...wireDevice, Connection: null }))).Connection).toEqual([]);
    });

    it("keeps unknown fields of the device and its connections", async () => {
      const connections = (wireDevice.Connection as Record<string, unknown>[]).map((connection) => ({
        ...connection,
        IPv6: false,
      }));
      const device = await call(wrap({ ...wireDevice, product: "Plex Media Server", Connection: connections }));
      expect((device as unknown as Record<string, unknown>).product).toBe("Plex Media Server");
      expect((device.Connection[0] as unknown as Record<string, unknown>).IPv6).toBe(false);
    });
  });

  it("exports the account schema so others can check payloads the same way", () => {
    const parsed: PlexAccount = v.parse(plexAccountSchema, example(ACCOUNT));
    expect(parsed.uuid).toBe("dae343c1f45beb4f");
  });
});

describe("responses that really are wrong: ResponseValidationError with paths and no values", () => {
  async function failure(response: Response, run: "signIn" | "details" | "transient" | "resources") {
    const { plex, calls } = clientAnswering(response);
    const promise =
      run === "signIn"
        ? plex.postUsersSignInData({ login: "me", password: "pw" })
        : run === "details"
          ? plex.getTokenDetails()
          : run === "transient"
            ? plex.getTransientToken()
            : plex.getSourceConnectionInformation({ source: "server://abc" });
    const error = await rejection(promise);
    expect(error).toBeInstanceOf(ResponseValidationError);
    // Not retried: the server answered, and asking again would get the same body.
    expect(calls).toHaveLength(1);
    return error as ResponseValidationError;
  }

  it("a body that is not JSON", async () => {
    const error = await failure(text(200, "Service temporarily fine, honestly", "text/plain"), "details");
    expect(error.status).toBe(200);
    expect(error.issues).toEqual([{ path: "body", message: "is not valid JSON" }]);
    expect(error.message).not.toContain("honestly");
    expect(error.message).toContain("please report it");
  });

  it("an empty body", async () => {
    const error = await failure(text(200, "", "application/json"), "transient");
    expect(error.issues).toEqual([{ path: "body", message: "is empty" }]);
  });

  it("JSON null", async () => {
    const error = await failure(text(201, "null", "application/json"), "signIn");
    expect(error.status).toBe(201);
    expect(error.issues).toEqual([{ path: "", message: "must be an object" }]);
  });

  it("an XML success body (what PMS sends when the Accept header is lost)", async () => {
    const xml = '<?xml version="1.0"?><MediaContainer size="0" token="transient-secret-xyz"/>';
    const error = await failure(text(200, xml, "application/xml"), "transient");
    expect(error.issues).toEqual([{ path: "body", message: expect.stringContaining("XML") }]);
    expect(JSON.stringify(error)).not.toContain("transient-secret-xyz");
  });

  it("a sign-in answer without authToken names the field and no value", async () => {
    const { authToken: _dropped, ...body } = example(SIGN_IN);
    const error = await failure(json(201, body), "signIn");
    expect(error.issues).toEqual([{ path: "authToken", message: expect.any(String) }]);
    expect(error.message).toContain("authToken");
    expect(JSON.stringify(error)).not.toContain("username@email.com");
  });

  it("a field of the wrong type names its path and not the value it had", async () => {
    const body = { ...example(SIGN_IN), authToken: 987654321, id: "not-a-number-5551234" };
    const error = await failure(json(201, body), "signIn");
    expect(error.issues.map((issue) => issue.path).sort()).toEqual(["authToken", "id"]);
    const exposed = `${error.message} ${JSON.stringify(error)}`;
    expect(exposed).not.toContain("987654321");
    expect(exposed).not.toContain("not-a-number-5551234");
  });

  it("a transient token body without the token names MediaContainer.token", async () => {
    const error = await failure(json(200, { MediaContainer: { size: 0 } }), "transient");
    expect(error.issues.map((issue) => issue.path)).toEqual(["MediaContainer.token"]);
  });

  // valibot's object schemas also accept arrays: these once came back as a bogus empty device.
  it.each([
    ["an empty Device list", { Device: [] }, "MediaContainer.Device"],
    ["a Device list holding a non-object", { Device: [5] }, "MediaContainer.Device.0"],
    ["a Device that is a number", { Device: 5 }, "MediaContainer.Device"],
    [
      "a bad connection in a Device list",
      { Device: [{ Connection: [{ port: "x" }] }] },
      "MediaContainer.Device.0.Connection.0.port",
    ],
    [
      "a bad connection in a Device object",
      { Device: { Connection: [{ port: "x" }] } },
      "MediaContainer.Device.Connection.0.port",
    ],
    [
      "a bad single Connection object",
      { Device: { Connection: { port: "x" } } },
      "MediaContainer.Device.Connection.port",
    ],
  ])("%s is an error with the field's path, not a bogus device", async (_what, container, path) => {
    const error = await failure(json(200, { MediaContainer: { size: 1, ...container } }), "resources");
    expect(error.issues.map((issue) => issue.path)).toEqual([path]);
  });

  it("a missing required profile field is reported with its nested path", async () => {
    const body = example(ACCOUNT);
    delete (body.profile as Record<string, unknown>).watchedIndicator;
    const error = await failure(json(200, body), "details");
    expect(error.issues.map((issue) => issue.path)).toEqual(["profile.watchedIndicator"]);
  });
});

describe("result types", () => {
  it("sign-in resolves to the account plus pastSubscriptions and trials", async () => {
    const { plex } = clientAnswering(json(201, example(SIGN_IN)));
    const account: PlexSignIn = await plex.postUsersSignInData({ login: "me", password: "pw" });
    expect(account.pastSubscriptions?.[0]?.type).toBe("plexpass");
    expect(account.trials).toEqual([]);
  });

  it("getTransientToken resolves to the token string itself", async () => {
    const { plex } = clientAnswering(json(200, example(TRANSIENT)));
    const token: string = await plex.getTransientToken();
    expect(typeof token).toBe("string");
  });
});
