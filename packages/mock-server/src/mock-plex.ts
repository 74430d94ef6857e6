import type { MockAccountKey } from "./accounts.ts";
import { createClock } from "./clock.ts";
import { isConnectionReset } from "./connection-reset.ts";
import { FaultQueue } from "./faults/queue.ts";
import type { MockFaults } from "./faults/types.ts";
import { type MockPlexOptions, resolveMockOptions } from "./options.ts";
import { createHandler } from "./pipeline.ts";
import { createRandom } from "./random.ts";
import { type MockRequestLogEntry, RequestLog } from "./request-log.ts";
import { PLEX_TV_PATH } from "./routes/table.ts";
import { AccountTokens, type MockDevice } from "./state/account-tokens.ts";
import type { MockState } from "./state/mock-state.ts";
import { RateLimiter } from "./state/rate-limiter.ts";
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
   * Other origins fail like an unknown host (`TypeError("fetch failed")`, cause code `ENOTFOUND`).
   */
  readonly fetch: MockFetch;
  /** The fetch handler, for `Deno.serve(mock.handle)`, `Bun.serve({ fetch: mock.handle })` or a worker. */
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
  /** Revokes an account or transient token; plex.tv then answers 422 for it. Returns whether it was live. */
  revokeToken(token: string): boolean;
  /** "Sign out of all devices": revokes every token of an account. Returns how many were live. */
  signOutEverywhere(accountKey: MockAccountKey): number;
  /** The devices signed in to plex.tv (one per account and client identifier), seeded ones included. */
  devices(accountKey?: MockAccountKey): readonly MockDevice[];
  /**
   * The tokens the mock has handed out, so a test can assert that none of them appears in logs or output:
   * every account and source token, and the last 10,000 transient tokens (older ones are forgotten, so a
   * long-running mock does not grow without bound).
   */
  issuedTokens(): readonly string[];
}

function fetchFailed(message: string, code: string): TypeError {
  // The shape undici gives: TypeError("fetch failed") with the system error as its cause.
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Creates a fake plex.tv and Plex Media Server: seeded accounts (see `MOCK_ACCOUNTS`), two-factor
 * sign-in, transient tokens, real failure behaviour (400/1000, 401/1001/1028/1029/1031, 422, 429/1003,
 * HTML pages on PMS routes) and fault injection. Runtime-agnostic: Web APIs only.
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
  const clock = createClock(resolved.now);
  const random = createRandom(resolved.seed, 0);
  const state: MockState = {
    clock,
    accounts: resolved.accounts,
    accountTokens: new AccountTokens(random, clock.now(), resolved.accounts),
    transientTokens: new TransientTokens(random, resolved.transientTokenTtlMs),
    sourceTokens: new SourceTokens(random),
    signInGuard: new SignInGuard(resolved.lockoutThreshold, resolved.lockoutMs),
    rateLimiter: resolved.rateLimit === false ? undefined : new RateLimiter(resolved.rateLimit),
    rejectReusedCodes: resolved.rejectReusedCodes,
  };
  const issuedTokens = (): string[] => [
    ...state.accountTokens.tokens(),
    ...state.transientTokens.tokens(),
    ...state.sourceTokens.tokens(),
  ];
  // Faults roll on their own random stream, so injecting one never changes the tokens a seed produces.
  const faults = new FaultQueue(createRandom(resolved.seed, 1));
  const log = new RequestLog(
    resolved.maxLoggedRequests,
    resolved.accounts.map((account) => account.password),
  );
  const handle = createHandler({ state, faults, log });
  const origin = resolved.origin;

  const fetch: MockFetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== origin) throw fetchFailed(`getaddrinfo ENOTFOUND ${url.hostname}`, "ENOTFOUND");
    try {
      return await abortable(handle(request), request.signal);
    } catch (error) {
      if (isConnectionReset(error)) throw fetchFailed("other side closed", "UND_ERR_SOCKET");
      throw error;
    }
  };

  const plexTvUrl = `${origin}${PLEX_TV_PATH}`;
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
    revokeToken: (token) => state.accountTokens.revoke(token) || state.transientTokens.revoke(token),
    signOutEverywhere: (accountKey) => state.accountTokens.revokeAccount(accountKey),
    devices: (accountKey) =>
      state.accountTokens.devices().filter((device) => accountKey === undefined || device.accountKey === accountKey),
    issuedTokens,
  };
}
