import type { MockAccountKey } from "./accounts.ts";
import { createClock } from "./clock.ts";
import { FaultQueue } from "./faults/queue.ts";
import type { MockFaults } from "./faults/types.ts";
import type { MockPublicJwk } from "./jwt/public-jwk.ts";
import { type MockPlexOptions, type ResolvedMockOptions, resolveMockOptions } from "./options.ts";
import { createHandler } from "./pipeline.ts";
import { createRandom } from "./random.ts";
import { type MockRequestLogEntry, RequestLog } from "./request-log.ts";
import { PLEX_TV_PATH } from "./routes/table.ts";
import { createMockFetch } from "./servers/network.ts";
import { AccountTokens, type MockDevice } from "./state/account-tokens.ts";
import { ClaimTokens, type MockClaimTokenStatus } from "./state/claim-tokens.ts";
import { DeviceKeys, type MockDeviceKey } from "./state/device-keys.ts";
import type { MockState } from "./state/mock-state.ts";
import { Nonces } from "./state/nonces.ts";
import { approvePin } from "./state/pin-approval.ts";
import { Pins } from "./state/pins.ts";
import { PlexJwts } from "./state/plex-jwts.ts";
import { PlexSigningKeys } from "./state/plex-signing-keys.ts";
import { RateLimiter } from "./state/rate-limiter.ts";
import { ServerAccessTokens } from "./state/server-access-tokens.ts";
import { SignInGuard } from "./state/sign-in-guard.ts";
import { SourceTokens } from "./state/source-tokens.ts";
import { TransientTokens } from "./state/transient-tokens.ts";
import { totpCode } from "./totp.ts";

/**
 * A `fetch` that only reaches the mock.
 *
 * @example
 * ```ts
 * const fetch: MockFetch = mock.fetch;
 * const response = await fetch(`${mock.plexTvUrl}/user`, { headers: { "X-Plex-Client-Identifier": "t" } });
 * ```
 */
export type MockFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * The options to spread into `createPlexAuth` so the client talks to the mock.
 *
 * @example
 * ```ts
 * const plex = createPlexAuth({ clientIdentifier: "tests", ...mock.clientOptions });
 * ```
 */
export interface MockClientOptions {
  readonly serverUrl: string;
  readonly plexTvUrl: string;
  readonly fetch: MockFetch;
}

/**
 * A fake plex.tv and Plex Media Server in one fetch handler. Made by {@link createMockPlex}.
 *
 * @example
 * ```ts
 * const mock: MockPlex = createMockPlex();
 * const plex = createPlexAuth({ clientIdentifier: "tests", token: MOCK_ADMIN_TOKEN, ...mock.clientOptions });
 * mock.restartServer(); // transient tokens die
 * console.log(mock.requests.map((request) => `${request.method} ${request.path} ${request.status}`));
 * ```
 */
export interface MockPlex {
  /** The origin `fetch` answers for, e.g. `http://mock.plex.invalid`. Also the PMS `serverUrl`. */
  readonly baseUrl: string;
  /** The Plex Media Server base URL (same as `baseUrl`): the `/security/*` routes live here. */
  readonly serverUrl: string;
  /** The plex.tv API base: `${baseUrl}/api/v2`. */
  readonly plexTvUrl: string;
  /** `{ serverUrl, plexTvUrl, fetch }`, to spread into `createPlexAuth`. */
  readonly clientOptions: MockClientOptions;
  /**
   * A `fetch` that answers from the mock with no socket: pass it as `createPlexAuth({ fetch: mock.fetch })`.
   * The URIs of the servers' simulated connections (`https://…connections.plex.invalid:32400`) behave as
   * their `behaviour` says (live, slow, refused, blackhole, tls-error, foreign); other origins fail like an
   * unknown host (`TypeError("fetch failed")`, cause code `ENOTFOUND`).
   */
  readonly fetch: MockFetch;
  /**
   * The fetch handler, for `Deno.serve(mock.handle)`, `Bun.serve({ fetch: mock.handle })` or a worker: the
   * mock's origin only (the simulated connections of other servers live in `mock.fetch`).
   */
  readonly handle: (request: Request) => Promise<Response>;
  /** Fault injection: status failures, delays, stalls, resets, broken bodies. */
  readonly faults: MockFaults;
  /** Every request received so far (up to `maxLoggedRequests`), oldest first, secrets redacted. */
  readonly requests: readonly MockRequestLogEntry[];
  /** Empties the request log. */
  clearRequests(): void;
  /**
   * The TOTP code an authenticator would show now (or at `atMs`, mock-clock milliseconds) for a 2FA
   * account. Async because it uses Web Crypto. Codes are single-use: advance the time 30 s for a new one.
   */
  totp(accountKey: MockAccountKey, atMs?: number): Promise<string>;
  /** The mock's current time, in epoch milliseconds. */
  now(): number;
  /** Moves the mock's clock forward (transient tokens expire, lockouts and rate windows lift). */
  advanceTime(ms: number): void;
  /** Restarts the Plex Media Server: every transient token dies. Account tokens survive. */
  restartServer(): void;
  /**
   * Revokes an account token, a Plex JWT or a transient token; plex.tv then answers 422 for it (a
   * signed-out token, by contrast, is unknown: 401). Returns whether it was live.
   */
  revokeToken(token: string): boolean;
  /**
   * "Sign out of all devices": revokes every token of an account, its Plex JWTs included. Returns how many
   * were live.
   */
  signOutEverywhere(accountKey: MockAccountKey): number;
  /**
   * The devices signed in to plex.tv (one per account and client identifier), seeded ones, approved PINs and
   * Home switches included; a signed-out device has left the list.
   */
  devices(accountKey?: MockAccountKey): readonly MockDevice[];
  /**
   * The tokens the mock has handed out, so a test can assert that none of them appears in logs or output:
   * every account (signed-out ones included), source and server access token, and the last 10,000
   * transient tokens, claim tokens and Plex JWTs (older ones are forgotten, so a long-running mock does not
   * grow without bound).
   */
  issuedTokens(): readonly string[];
  /**
   * The user approves the live PIN with this code as the account (as on the auth page or plex.tv/link):
   * its `authToken` becomes a device token of the account for the PIN's client identifier, or, for a PIN
   * made with a `jwk`, the key is registered for that device (a poll with a `deviceJWT` then gets a Plex
   * JWT). Returns whether the PIN was approved: `false` when no live PIN had that code (case-insensitive),
   * or its JWK's `kid` is registered by another device.
   */
  approvePin(code: string, accountKey: MockAccountKey): boolean;
  /**
   * The public keys `GET /api/v2/auth/keys` lists (the current signing key last). Async: Web Crypto makes
   * the keys, on first use.
   */
  jwtKeys(): Promise<readonly MockPublicJwk[]>;
  /**
   * Plex rotates its signing keys: from now on Plex JWTs are signed with a new key, and the previous one
   * stays listed (and its tokens keep working); the key before that is dropped, so tokens it signed are
   * unknown (401). Takes effect at once for the requests that follow; the promise says when the new key
   * exists.
   */
  rotateKeys(): Promise<void>;
  /** The device keys registered (`POST /api/v2/auth/jwk`, approved JWK PINs), oldest first. */
  deviceKeys(accountKey?: MockAccountKey): readonly MockDeviceKey[];
  /**
   * The `accessToken` `/api/v2/resources` gives the account for a server (see `MOCK_MEDIA_SERVERS`), or
   * `undefined` when the server is not the account's or shared with it. Throws for an unknown server key.
   */
  serverAccessToken(serverKey: string, accountKey: MockAccountKey): string | undefined;
  /** Whether a claim token from `GET /api/claim/token.json` is still usable (it lives 4 minutes). */
  claimTokenStatus(token: string): MockClaimTokenStatus;
}

/**
 * Creates a fake plex.tv and Plex Media Server: seeded accounts (see `MOCK_ACCOUNTS`), two-factor
 * sign-in, "Sign in with Plex" PINs and an auth page, servers with connections that fail in each of the
 * ways real ones do, a Plex Home, sign-out, claim tokens, transient tokens, JWT device authentication
 * (device keys, nonces, Plex JWTs signed with Ed25519, key rotation), real failure behaviour (400/1000,
 * 401/1001/1028/1029/1031, 403/1041, 404/1020, 422, 422/1097, 429/1003, 498, HTML pages on PMS routes) and
 * fault injection. Runtime-agnostic: Web APIs only.
 *
 * @example
 * ```ts
 * import { createPlexAuth } from "@plex-auth/core";
 * import { createMockPlex, MOCK_ACCOUNTS } from "@plex-auth/mock-server";
 *
 * const mock = createMockPlex({ seed: 1 });
 * const plex = createPlexAuth({ clientIdentifier: "test-client", ...mock.clientOptions });
 * const { login, password } = MOCK_ACCOUNTS.twoFactor;
 * const account = await plex.authentication.postUsersSignInData({
 *   login, password, verificationCode: await mock.totp("twoFactor"),
 * });
 * ```
 */
export function createMockPlex(options: MockPlexOptions = {}): MockPlex {
  const resolved = resolveMockOptions(options);
  const state = createState(resolved);
  // Faults roll on their own random stream, so injecting one never changes the tokens a seed produces.
  const faults = new FaultQueue(createRandom(resolved.seed, 1));
  const log = new RequestLog(
    resolved.maxLoggedRequests,
    // A managed profile has no password ("") to look for.
    resolved.accounts.map((account) => account.password).filter((password) => password !== ""),
  );
  const handle = createHandler({ state, faults, log });
  const origin = resolved.origin;
  const fetch: MockFetch = createMockFetch({ origin, handle, state, log });
  const plexTvUrl = `${origin}${PLEX_TV_PATH}`;
  const { clock } = state;
  const accountOf = (accountKey: MockAccountKey, method: string) => {
    const account = resolved.accounts.find((candidate) => candidate.key === accountKey);
    if (!account) throw new TypeError(`mock.${method}: no account "${accountKey}"`);
    return account;
  };
  return {
    baseUrl: origin,
    serverUrl: origin,
    plexTvUrl,
    clientOptions: Object.freeze({ serverUrl: origin, plexTvUrl, fetch }),
    fetch,
    handle,
    faults,
    get requests() {
      return log.entries();
    },
    clearRequests: () => log.clear(),
    totp(accountKey, atMs) {
      const secret = resolved.accounts.find((account) => account.key === accountKey)?.totpSecret;
      if (secret === undefined) {
        return Promise.reject(new TypeError(`mock.totp: account "${accountKey}" has no two-factor authentication`));
      }
      return totpCode(secret, atMs ?? clock.now());
    },
    now: () => clock.now(),
    advanceTime: (ms) => clock.advance(ms),
    restartServer: () => state.transientTokens.clear(),
    revokeToken: (token) =>
      state.accountTokens.revoke(token) || state.plexJwts.revoke(token) || state.transientTokens.revoke(token),
    signOutEverywhere: (accountKey) =>
      state.accountTokens.revokeAccount(accountKey) + state.plexJwts.revokeAccount(accountKey),
    devices: (accountKey) =>
      state.accountTokens.devices().filter((device) => accountKey === undefined || device.accountKey === accountKey),
    issuedTokens: () => [
      ...state.accountTokens.tokens(),
      ...state.transientTokens.tokens(),
      ...state.sourceTokens.tokens(),
      ...state.serverAccessTokens.tokens(),
      ...state.claimTokens.tokens(),
      ...state.plexJwts.tokens(),
    ],
    approvePin: (code, accountKey) => approvePin(state, code, accountOf(accountKey, "approvePin")) === "approved",
    jwtKeys: () => state.signingKeys.publicJwks(),
    rotateKeys: () => state.signingKeys.rotate(),
    deviceKeys: (accountKey) =>
      state.deviceKeys.list().filter((key) => accountKey === undefined || key.accountKey === accountKey),
    serverAccessToken(serverKey, accountKey) {
      if (!state.servers.some((server) => server.key === serverKey)) {
        throw new TypeError(`mock.serverAccessToken: no server "${serverKey}"`);
      }
      return state.serverAccessTokens.tokenFor(serverKey, accountKey);
    },
    claimTokenStatus: (token) => state.claimTokens.status(token, clock.now()),
  };
}

/**
 * The mock's state. PINs, server access tokens, claim tokens, signing keys and nonces draw from random
 * streams of their own, so the tokens a seed gave before they existed stay the same (adding a PIN to a test
 * keeps its tokens).
 */
function createState(resolved: ResolvedMockOptions): MockState {
  const clock = createClock(resolved.now);
  const random = (stream: number) => createRandom(resolved.seed, stream);
  // Account, transient and source tokens share stream 0, as they always have: a seed keeps giving them.
  const tokens = random(0);
  const seededTokens = new Set(resolved.accounts.map((account) => account.token));
  const signingKeys = new PlexSigningKeys(random(5));
  return {
    clock,
    accounts: resolved.accounts,
    accountTokens: new AccountTokens(tokens, clock.now(), resolved.accounts),
    transientTokens: new TransientTokens(tokens, resolved.transientTokenTtlMs),
    sourceTokens: new SourceTokens(tokens),
    signInGuard: new SignInGuard(resolved.lockoutThreshold, resolved.lockoutMs),
    rateLimiter: resolved.rateLimit === false ? undefined : new RateLimiter(resolved.rateLimit),
    rejectReusedCodes: resolved.rejectReusedCodes,
    pins: new Pins(random(2)),
    pinReadsFromOtherClients: resolved.pinReadsFromOtherClients,
    claimTokens: new ClaimTokens(random(4)),
    servers: resolved.servers,
    serverAccessTokens: new ServerAccessTokens(random(3), resolved.servers, seededTokens),
    signingKeys,
    nonces: new Nonces(random(6)),
    deviceKeys: new DeviceKeys(),
    plexJwts: new PlexJwts(signingKeys),
    invalidateLegacyTokenOnJwt: resolved.invalidateLegacyTokenOnJwt,
    pmsAcceptsJwt: resolved.pmsAcceptsJwt,
    authPageOpenerPolicy: resolved.authPageOpenerPolicy,
  };
}
