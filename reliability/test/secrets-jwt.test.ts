/**
 * Part 4, secrets of JWT device authentication: a planted device key (its private `d` a sentinel), a
 * planted Plex JWT, and every client JWT and Plex JWT a run makes, through the JWT flows (`createJwtPin`,
 * `waitForJwtPin`, `createJwtTokenSource` called directly and through a client, `verifyPlexJwt`) against a
 * plex.tv that breaks each step (nonce, exchange, keys, PIN poll, a call with the Plex JWT) in every way a
 * server can, echoing the JWTs it was sent; then the whole life of a device against the mock (PIN + JWK,
 * refreshes when due, after a 498, across a key rotation, failed exchanges). No error, logger event, `onPoll`
 * event or mock request log entry may hold one, and no request carries one anywhere but where Plex's
 * protocol puts it: the Plex JWT as `X-Plex-Token`, the client JWT as the exchange's `jwt` or a poll's
 * `deviceJWT`, the private key nowhere. `onToken` gets the Plex JWT by design; that is not a leak.
 */
import { inspect } from "node:util";
import { createPlexAuth, type PlexAuth, PlexAuthError } from "@plex-auth/core";
import {
  createJwtPin,
  createJwtTokenSource,
  type DeviceKey,
  exportDeviceKey,
  importDeviceKey,
  provisionJwtDevice,
  signClientJwt,
  verifyPlexJwt,
  waitForJwtPin,
} from "@plex-auth/core/jwt";
import { createMockPlex, MOCK_ACCOUNTS, type MockPlex } from "@plex-auth/mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exactly, info, recordSection } from "../src/report/figures.ts";
import { exposedText } from "../src/secrets/exposure.ts";
import {
  AUTH_TOKEN_ECHO,
  hostileJwtPlex,
  JWT_BEHAVIOURS,
  JWT_STEPS,
  type JwtBehaviour,
  type JwtStep,
} from "../src/secrets/hostile-jwt-plex.ts";
import { misplacedSecrets } from "../src/secrets/jwt-placement.ts";
import {
  JwtSecrets,
  PLANTED_CLIENT_IDENTIFIER,
  PLANTED_DEVICE_KEY,
  PLANTED_PLEX_JWT,
} from "../src/secrets/jwt-sentinels.ts";
import { jwtWire, type RecordingWire } from "../src/secrets/jwt-wire.ts";
import { tally } from "../src/stats.ts";

const PLEX_TV_URL = "http://plextv.test/api/v2";
const DAY_MS = 24 * 60 * 60_000;
const secrets = new JwtSecrets();
/** The flow of a source made with `verify: false`. */
const UNVERIFIED = "a source minting without verification";
const started = Date.now();
let key: DeviceKey;

interface Finding {
  readonly where: string;
  readonly leaked: readonly string[];
}

const found = {
  leaks: [] as Finding[],
  /** A Plex JWT echoed as `auth_token` (core redacts any compact JWT in text, under any name). */
  authTokenEchoes: [] as string[],
  untyped: [] as string[],
  /** jose's own error out of a source with `verify: false` given a token that does not decode (core wraps it). */
  joseErrors: [] as string[],
  classes: [] as string[],
  checks: 0,
  calls: 0,
};

/** Everything a flow exposed that the world can read: its error, its events, its clients. */
function check(where: string, text: string): void {
  found.checks++;
  const leaked = secrets.leaksIn(text);
  if (leaked.length > 0) found.leaks.push({ where, leaked });
  if (text.includes(AUTH_TOKEN_ECHO.split(".")[2] as string)) found.authTokenEchoes.push(where);
}

/** Runs a flow; a rejection must be a PlexAuthError, and holds no JWT secret. Returns how it ended. */
async function outcomeOf(where: string, run: () => Promise<unknown>): Promise<string> {
  found.calls++;
  try {
    await run();
    return "success";
  } catch (error) {
    const name = error instanceof PlexAuthError ? error.name : `untyped:${(error as Error)?.name ?? typeof error}`;
    const unverified = where.includes(UNVERIFIED) && (error as Error)?.name === "JWTInvalid";
    if (!(error instanceof PlexAuthError)) (unverified ? found.joseErrors : found.untyped).push(`${where}: ${name}`);
    found.classes.push(name);
    check(where, exposedText(error));
    return name;
  }
}

function clientFor(fetch: RecordingWire, behaviour: JwtBehaviour, inner: ReturnType<typeof hostileJwtPlex>): PlexAuth {
  return createPlexAuth({
    clientIdentifier: PLANTED_CLIENT_IDENTIFIER,
    plexTvUrl: PLEX_TV_URL,
    fetch: fetch.record(inner),
    timeoutMs: behaviour.needs === "short-timeout" ? 50 : 1_000,
    maxResponseBytes: behaviour.needs === "small-cap" ? 1_024 : undefined,
    retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
    logger: fetch.logger,
  });
}

function signalFor(behaviour: JwtBehaviour): AbortSignal {
  const controller = new AbortController();
  if (behaviour.needs === "abort") setTimeout(() => controller.abort(new Error(PLANTED_PLEX_JWT)), 5);
  return controller.signal;
}

/** The flows that reach `step`, each against a plex.tv that breaks it with `behaviour`. */
function flowsThrough(step: JwtStep, behaviour: JwtBehaviour, on: RecordingWire): [string, () => Promise<unknown>][] {
  const plex = clientFor(on, behaviour, hostileJwtPlex(step, behaviour));
  const signal = signalFor(behaviour);
  const throwingOnToken = () => {
    throw new Error(`could not store ${PLANTED_PLEX_JWT}`);
  };
  const minting = (verify: boolean) => createJwtTokenSource(plex, { key, verify, onToken: throwingOnToken });
  const holding = () => createJwtTokenSource(plex, { key, token: PLANTED_PLEX_JWT });
  switch (step) {
    case "nonce":
    case "exchange":
    case "keys":
      return [
        [
          "a source minting, through a client",
          () => plex.withToken(minting(true)).authentication.ping(undefined, { signal }),
        ],
        ["a source minting, called directly", () => minting(true)()],
        [`${UNVERIFIED}, called directly`, () => minting(false).refresh()],
        ["verifyPlexJwt", () => verifyPlexJwt(plex, PLANTED_PLEX_JWT, { key })],
      ];
    case "call":
      return [
        [
          "getTokenDetails with a held Plex JWT",
          () => plex.withToken(holding()).authentication.getTokenDetails(undefined, { signal }),
        ],
        ["ping with a held Plex JWT", () => plex.withToken(holding()).authentication.ping(undefined, { signal })],
      ];
    case "poll":
      return [
        [
          "createJwtPin, then waitForJwtPin",
          async () => {
            const pin = await createJwtPin(plex, key);
            await waitForJwtPin(plex, { ...pin, expiresIn: 1 }, key, {
              signal,
              intervalMs: 100,
              pollTimeoutMs: behaviour.needs === "short-timeout" ? 100 : 1_000,
              onPoll: (poll) => check(`${behaviour.name} / onPoll`, JSON.stringify(poll)),
            });
          },
        ],
      ];
  }
}

/** A device signed in through the mock's PIN + JWK route with the planted key; its source on the mock's clock. */
async function mockDevice(mock: MockPlex, on: RecordingWire) {
  const plex = createPlexAuth({
    clientIdentifier: PLANTED_CLIENT_IDENTIFIER,
    ...mock.clientOptions,
    fetch: on.record(mock.fetch),
    logger: on.logger,
    retry: false,
    timeoutMs: 300,
  });
  const now = () => mock.now();
  const pin = await createJwtPin(plex, key);
  const approved = await waitForJwtPin(plex, pin, key, {
    intervalMs: 100,
    now,
    onPoll: (poll) => {
      check("mock: onPoll", JSON.stringify(poll));
      mock.approvePin(pin.code, "plain");
    },
  });
  const source = createJwtTokenSource(plex, {
    key,
    token: approved.authToken,
    now,
    onToken: (token) => secrets.addJwt("Plex JWT", token),
  });
  return { plex, source, signedIn: plex.withToken(source) };
}

/** Every Plex JWT the mock issued is a secret of the run. */
function learnIssued(mock: MockPlex): void {
  for (const token of mock.issuedTokens()) if (token.split(".").length === 3) secrets.addJwt("Plex JWT", token);
}

/** No request carried a JWT secret where the protocol does not put it; no logger event holds one. */
function checkWire(where: string, on: RecordingWire): void {
  for (const request of on.sent) {
    found.checks++;
    const misplaced = misplacedSecrets(request, secrets);
    if (misplaced.length > 0) found.leaks.push({ where: `${where}: request`, leaked: misplaced });
  }
  check(`${where}: logger events`, exposedText(on.logs));
}

describe("part 4: secrets of JWT device authentication", () => {
  beforeAll(async () => {
    key = await importDeviceKey(PLANTED_DEVICE_KEY);
  });

  it("the planted key is the key it says (its d signs, its kid is its thumbprint); nothing that holds it prints it", async () => {
    const mark = found.leaks.length;
    expect(key.kid).toBe(PLANTED_DEVICE_KEY.kid);
    expect((await exportDeviceKey(key)).d).toBe(PLANTED_DEVICE_KEY.d);
    const clientJwt = await signClientJwt(key, { clientIdentifier: PLANTED_CLIENT_IDENTIFIER, nonce: "n" });
    secrets.addJwt("client JWT", clientJwt);
    const plex = createPlexAuth({ clientIdentifier: PLANTED_CLIENT_IDENTIFIER, fetch: async () => new Response("{}") });
    const source = createJwtTokenSource(plex, { key, token: PLANTED_PLEX_JWT });
    for (const [where, value] of [
      ["the DeviceKey", key],
      ["its private CryptoKey", key.privateKey],
      ["a token source holding a Plex JWT", source],
      ["a client whose token is that source", plex.withToken(source)],
    ] as const) {
      check(where, `${exposedText(value)}\n${inspect(value, { showHidden: true, depth: 10, getters: true })}`);
    }
    expect(found.leaks.slice(mark)).toEqual([]);
  });

  it("a stored key that is wrong, a key that cannot sign, options holding the key: typed errors that never print d", async () => {
    const mark = found.leaks.length;
    const { d } = PLANTED_DEVICE_KEY;
    const nonExtractable = await importDeviceKey(PLANTED_DEVICE_KEY, { extractable: false });
    const plex = createPlexAuth({ clientIdentifier: PLANTED_CLIENT_IDENTIFIER, fetch: async () => new Response("{}") });
    const publicOnly = {
      ...key,
      privateKey: ((await crypto.subtle.generateKey({ name: "Ed25519" }, true, ["sign", "verify"])) as CryptoKeyPair)
        .publicKey,
    };
    const nonce = async () =>
      new Response(JSON.stringify({ nonce: "n" }), { headers: { "content-type": "application/json" } });
    const cases: [string, () => Promise<unknown>][] = [
      ["a kid that is not its thumbprint", () => importDeviceKey({ ...PLANTED_DEVICE_KEY, kid: `${d}x` })],
      ["an x of another key", () => importDeviceKey({ ...PLANTED_DEVICE_KEY, x: key.kid })],
      ["a d one character too long", () => importDeviceKey({ ...PLANTED_DEVICE_KEY, d: `${d}A` })],
      [
        "a d with a character outside base64url",
        () => importDeviceKey({ ...PLANTED_DEVICE_KEY, d: `${d.slice(0, -1)}=` }),
      ],
      ["an RSA-looking key holding d", () => importDeviceKey({ ...PLANTED_DEVICE_KEY, kty: "RSA" } as never)],
      ["exporting a key made non-extractable", () => exportDeviceKey(nonExtractable)],
      [
        "a stored key passed where a DeviceKey goes",
        async () => createJwtTokenSource(plex, { key: PLANTED_DEVICE_KEY as never }),
      ],
      [
        "a key whose private half is a public key (the refresh cannot sign)",
        () => createJwtTokenSource(createPlexAuth({ clientIdentifier: "x", fetch: nonce }), { key: publicOnly })(),
      ],
    ];
    for (const [name, run] of cases) {
      const outcome = await outcomeOf(`device key: ${name}`, run);
      expect(outcome, name).not.toBe("success");
    }
    expect(found.untyped).toEqual([]);
    expect(found.leaks.slice(mark)).toEqual([]);
  });

  it("a plex.tv that breaks each step of the JWT flows, echoing what it was sent: no error, event, log or misplaced request holds a JWT secret", async () => {
    const mark = found.leaks.length;
    const on = jwtWire(secrets);
    const outcomes: string[] = [];
    await Promise.all(
      JWT_STEPS.flatMap((step) =>
        JWT_BEHAVIOURS.flatMap((behaviour) =>
          flowsThrough(step, behaviour, on).map(async ([flow, run]) => {
            outcomes.push(await outcomeOf(`${step} / ${behaviour.name} / ${flow}`, run));
          }),
        ),
      ),
    );
    checkWire("hostile plex.tv", on);
    // Each step was reached: a client JWT went to the exchange and to the polls, the Plex JWT to the calls.
    const paths = on.sent.map((request) => new URL(request.url).pathname);
    for (const path of ["/api/v2/auth/nonce", "/api/v2/auth/token", "/api/v2/auth/keys", "/api/v2/user"]) {
      expect(paths, path).toContain(path);
    }
    expect(found.leaks.slice(mark)).toEqual([]);
    expect(found.untyped).toEqual([]);
    expect(secrets.tokens("client JWT").length).toBeGreaterThan(JWT_BEHAVIOURS.length);
    expect(on.sent.some((request) => request.headers.get("x-plex-token") === PLANTED_PLEX_JWT)).toBe(true);
    expect(tally(outcomes).success ?? 0).toBeLessThan(outcomes.length);
  });

  it("a device's whole life against the mock: PIN + JWK, refreshes when due, after a 498, across a key rotation, failed exchanges", async () => {
    const mark = found.leaks.length;
    const mock = createMockPlex({ seed: 41, rateLimit: false, now: () => Date.UTC(2030, 0, 1) });
    const on = jwtWire(secrets);
    const { plex, source, signedIn } = await mockDevice(mock, on);
    const ended: Record<string, string> = {};
    const step = async (where: string, run: () => Promise<unknown>) => {
      ended[where] = await outcomeOf(`mock: ${where}`, run);
    };
    await step("getTokenDetails with the PIN's Plex JWT", () => signedIn.authentication.getTokenDetails());
    mock.advanceTime(6.5 * DAY_MS);
    await step("a call once the JWT is due (refresh)", () => signedIn.authentication.ping());
    mock.faults.failNext(1, 498, { operation: "getTokenDetails" });
    await step("a call answered 498 once (renewal)", () => signedIn.authentication.getTokenDetails());
    mock.faults.failNext(2, 498, { operation: "getTokenDetails" });
    await step("a call answered 498 twice", () => signedIn.authentication.getTokenDetails());
    await mock.rotateKeys();
    mock.advanceTime(8 * DAY_MS);
    await step("a call once the JWT expired, across a key rotation", () => signedIn.authentication.getTokenDetails());
    for (const fault of ["stall-body", "reset", "xml-body", "html-body"] as const) {
      mock.faults.inject({ kind: fault }, { operation: "exchangeJWTToken" });
      await step(`a refresh whose exchange got ${fault}`, () => source.refresh());
    }
    // A rotation first, so that the verifier must fetch the keys again.
    await mock.rotateKeys();
    mock.faults.failNext(1, 503, { operation: "getAuthKeys" });
    await step("a refresh whose keys got 503", () => source.refresh());
    // Once plex.tv read a client JWT, its nonce is spent: sending it again is refused (422), quoting nothing.
    await step("a refresh", () => source.refresh());
    const spent = secrets.tokens("client JWT").at(-1) as string;
    await step("an exchange of a spent client JWT", () => plex.authentication.exchangeJWTToken({ jwt: spent }));
    await step("a poll of another client's PIN with a device JWT", async () =>
      plex.authentication.getOAuthPin({ pinId: 1, deviceJWT: await signClientJwt(key, { clientIdentifier: "x" }) }),
    );
    await step("signing out with the Plex JWT", () => signedIn.authentication.signOut());
    // provisionJwtDevice beside an account token that must keep working, on a mock of its own.
    const second = createMockPlex({ seed: 42, rateLimit: false, now: () => Date.UTC(2030, 0, 1) });
    const client = (clientIdentifier: string) =>
      createPlexAuth({
        clientIdentifier,
        ...second.clientOptions,
        fetch: on.record(second.fetch),
        logger: on.logger,
        timeoutMs: 300,
      });
    const { login, password } = MOCK_ACCOUNTS.plain;
    const account = await client("reliability-account").authentication.postUsersSignInData({ login, password });
    await step("provisionJwtDevice", () =>
      provisionJwtDevice(
        client("reliability-account").withToken(account.authToken),
        client(PLANTED_CLIENT_IDENTIFIER),
        key,
        {
          intervalMs: 100,
          now: () => second.now(),
        },
      ),
    );
    learnIssued(mock);
    learnIssued(second);
    check("mock.requests", exposedText(mock.requests));
    check("the second mock's requests", exposedText(second.requests));
    checkWire("mock", on);
    expect(found.leaks.slice(mark)).toEqual([]);
    expect(found.untyped).toEqual([]);
    // Each step went where it says, or it proves less than its name.
    expect(ended).toEqual({
      "getTokenDetails with the PIN's Plex JWT": "success",
      "a call once the JWT is due (refresh)": "success",
      "a call answered 498 once (renewal)": "success",
      "a call answered 498 twice": "JwtExpiredError",
      "a call once the JWT expired, across a key rotation": "success",
      "a refresh whose exchange got stall-body": "TimeoutError",
      "a refresh whose exchange got reset": "ConnectionError",
      "a refresh whose exchange got xml-body": "ResponseValidationError",
      "a refresh whose exchange got html-body": "ResponseValidationError",
      "a refresh whose keys got 503": "ServerError",
      "a refresh": "success",
      "an exchange of a spent client JWT": "JwtRejectedError",
      "a poll of another client's PIN with a device JWT": "PinExpiredError",
      "signing out with the Plex JWT": "success",
      provisionJwtDevice: "success",
    });
    expect(secrets.tokens("Plex JWT").length).toBeGreaterThan(5);
  });
});

afterAll(() => {
  recordSection({
    part: 4,
    key: "4-jwt",
    title: "JWT device authentication: the device's private key, client JWTs, Plex JWTs",
    promise:
      "A planted device key (its private d), a planted Plex JWT and every client JWT and Plex JWT the run made never " +
      "appear in any error (message, stack, cause, own properties, JSON.stringify, util.inspect), logger event, onPoll " +
      "event or mock request log entry, nor in the key, source and client objects themselves, across the JWT flows " +
      `against a plex.tv breaking each of ${JWT_STEPS.length} steps in ${JWT_BEHAVIOURS.length} ways (echoing what it was ` +
      "sent) and a device's whole life against the mock; no request carries one but where Plex's protocol puts it " +
      "(the Plex JWT as X-Plex-Token, the client JWT as the exchange's jwt or a poll's deviceJWT, the key nowhere); " +
      "every failure is a PlexAuthError",
    metrics: [
      info("exposure checks (errors, events, objects, requests)", found.checks),
      info("flow calls", found.calls),
      info(
        "client JWTs / Plex JWTs looked for",
        `${secrets.tokens("client JWT").length} / ${secrets.tokens("Plex JWT").length}`,
      ),
      exactly("JWT secrets found", found.leaks.length, 0),
      exactly("failures that were not a PlexAuthError", found.untyped.length, 0),
      exactly(
        "failures of a verify: false source that were jose's own JWTInvalid, not a PlexAuthError",
        found.joseErrors.length,
        0,
      ),
      exactly("errors holding a Plex JWT a server echoed as auth_token", found.authTokenEchoes.length, 0),
    ],
    tables: [
      {
        title: "Errors examined, by class",
        columns: ["class", "errors"],
        rows: Object.entries(tally(found.classes)).sort(([, a], [, b]) => b - a),
      },
      ...(found.leaks.length
        ? [
            {
              title: "Leaks",
              columns: ["where", "secrets"],
              rows: found.leaks.map((f) => [f.where, f.leaked.join(", ")]),
            },
          ]
        : []),
      ...(found.joseErrors.length
        ? [{ title: "jose errors out of a source", columns: ["where"], rows: found.joseErrors.map((where) => [where]) }]
        : []),
      ...(found.authTokenEchoes.length
        ? [
            {
              title: "Errors holding a Plex JWT echoed as auth_token, by the step the server broke",
              columns: ["step", "errors"],
              rows: Object.entries(tally(found.authTokenEchoes.map((where) => where.split(" / ")[0] as string))),
            },
          ]
        : []),
    ],
    totals: { calls: found.calls, leaks: found.leaks.length + found.untyped.length },
    durationMs: Date.now() - started,
  });
});
