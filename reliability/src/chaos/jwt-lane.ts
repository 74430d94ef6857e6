/**
 * One lane of the chaos over JWT refreshes: its own mock (its own clock), a device key registered for the
 * lane's client, and one long-lived token source on the mock's clock that the lane's rounds drive, with
 * the wire, the refresh ledger and the count of refreshes it started watching it.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { createPlexAuth, type PlexAuth, type RetryOptions } from "@plex-auth/core";
import { createJwtTokenSource, generateDeviceKey } from "@plex-auth/core/jwt";
import { createMockPlex, MOCK_ACCOUNTS, type MockPlex } from "@plex-auth/mock-server";
import { type MockServer, startMockServer } from "@plex-auth/mock-server/node";
import { type ObservedSource, observeSource } from "./observed-source.ts";
import { RefreshLedger } from "./refresh-ledger.ts";
import { type RefreshWire, refreshWire } from "./refresh-wire.ts";

/** Each request's whole-request timeout, and the retry policy, of the source's client (and its callers'). */
export const REFRESH_TIMEOUT_MS = 200;
export const REFRESH_RETRY: Required<RetryOptions> = {
  maxRetries: 2,
  initialDelayMs: 10,
  maxDelayMs: 50,
  maxRetryAfterMs: 200,
};
export const MAX_RESPONSE_BYTES = 256 * 1024;
/** The source refreshes a JWT with less than this left (by its own clock). */
export const REFRESH_WITHIN_MS = 10_000;
/**
 * How far behind the mock a lagging source's clock runs: its JWT still looks 10 to 30 s from due while
 * plex.tv already answers 498, yet its client JWTs are recent enough for plex.tv, and plex.tv's new JWTs
 * are within the verifier's minute of `iat` leeway.
 */
export const LAG_MS = 30_000;
/** The mock's clock stands still but for `advanceTime`, so only the test moves a JWT towards its expiry. */
const START = Date.UTC(2030, 0, 1);

/** Which caller (of a round) a request was made for: its async context, read by the wire. */
export const callerContext: AsyncLocalStorage<number> = new AsyncLocalStorage<number>();

export type Transport = "mock.fetch" | "socket";

export interface JwtLane {
  readonly index: number;
  readonly transport: Transport;
  readonly mock: MockPlex;
  readonly server: MockServer | undefined;
  readonly wire: RefreshWire;
  readonly ledger: RefreshLedger;
  readonly source: ObservedSource;
  /** The client that makes calls with the source's token (`plex.withToken(source)`). */
  readonly signedIn: PlexAuth;
  /** How far behind the mock's clock the source's runs now. */
  lagMs: number;
  /** When the token the source adopted last expires (its `exp`), epoch ms. */
  expiresAt: number;
  /** Key rotations since the source adopted a token: a second would make that token unknown (401). */
  rotationsSinceAdoption: number;
  /** Refreshes started: a nonce asked for the first time (its retries are the same refresh). */
  refreshes: number;
}

/** A client of the lane's mock signs in and registers a new device key for its own client identifier. */
async function registeredKey(plex: PlexAuth) {
  const { login, password } = MOCK_ACCOUNTS.plain;
  const account = await plex.authentication.postUsersSignInData({ login, password });
  const key = await generateDeviceKey();
  await plex.withToken(account.authToken).authentication.registerDeviceJWK({ jwk: key.publicJwk });
  return key;
}

export async function startLane(index: number, transport: Transport, seed: number): Promise<JwtLane> {
  const mock = createMockPlex({ seed, rateLimit: false, now: () => START, maxLoggedRequests: 100_000 });
  const server = transport === "socket" ? await startMockServer({ mock }) : undefined;
  const ledger = new RefreshLedger();
  const wire = refreshWire(server ? server.fetch : mock.fetch, () => callerContext.getStore(), {
    started: (request) => {
      if (request.kind === "nonce") ledger.refreshStarted(`lane ${index} round ${request.round}`);
    },
    answered: (request) => ledger.answered(request.token, request.status),
  });
  const plex = createPlexAuth({
    clientIdentifier: `reliability-jwt-${index}`,
    product: "plex-auth reliability",
    serverUrl: server?.url ?? mock.serverUrl,
    plexTvUrl: server?.plexTvUrl ?? mock.plexTvUrl,
    fetch: wire.fetch,
    timeoutMs: REFRESH_TIMEOUT_MS,
    retry: REFRESH_RETRY,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    logger: {
      debug: (message, details) => {
        if (message === "plex-auth request" && details?.operation === "getAuthNonce" && details.attempt === 1) {
          lane.refreshes++;
        }
      },
    },
  });
  const key = await registeredKey(plex);
  const source = observeSource(
    createJwtTokenSource(plex, {
      key,
      refreshWithinMs: REFRESH_WITHIN_MS,
      now: () => mock.now() - lane.lagMs,
      onToken: (token, claims) => {
        lane.expiresAt = claims.exp * 1000;
        lane.rotationsSinceAdoption = 0;
        ledger.adopted(token, `lane ${index} round ${wire.round}`);
      },
    }),
  );
  const lane: JwtLane = {
    index,
    transport,
    mock,
    server,
    wire,
    ledger,
    source,
    signedIn: plex.withToken(source.token),
    lagMs: 0,
    expiresAt: 0,
    rotationsSinceAdoption: 0,
    refreshes: 0,
  };
  // The first token: a source with none must mint one, before any fault, given time for a cold start.
  ledger.due();
  await lane.signedIn.authentication.ping(undefined, { timeoutMs: 5_000 });
  return lane;
}
