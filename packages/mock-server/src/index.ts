/**
 * A faithful fake of plex.tv and a Plex Media Server, for tests and demos: seeded accounts with
 * passwords and two-factor secrets, stateful tokens and devices, transient tokens that expire and die on
 * restart, Plex's real failure behaviour, and fault injection. It is a fetch handler (Web APIs only), so
 * it runs in Node, Deno, Bun and workers; `mock.fetch` plugs into the client with no socket at all, and
 * `@plex-auth/mock-server/node` serves it on 127.0.0.1.
 *
 * @example
 * ```ts
 * import { createPlexAuth, TwoFactorRequiredError } from "@plex-auth/core";
 * import { createMockPlex, MOCK_ACCOUNTS, MOCK_SOURCES } from "@plex-auth/mock-server";
 *
 * const mock = createMockPlex({ seed: 42 });
 * const plex = createPlexAuth({ clientIdentifier: "my-test", ...mock.clientOptions });
 * const { login, password } = MOCK_ACCOUNTS.twoFactor;
 * await plex.authentication.postUsersSignInData({ login, password }).catch((error) => {
 *   console.log(error instanceof TwoFactorRequiredError); // true
 * });
 * const account = await plex.authentication.postUsersSignInData({
 *   login, password, verificationCode: await mock.totp("twoFactor"),
 * });
 * const device = await plex.authentication.getSourceConnectionInformation(
 *   { source: MOCK_SOURCES.sharedServer.source }, { token: account.authToken },
 * );
 * ```
 *
 * @module
 */

export {
  MOCK_ACCOUNT_LIST,
  MOCK_ACCOUNTS,
  MOCK_ADMIN_TOKEN,
  type MockAccount,
  type MockAccountKey,
  type MockAccounts,
  type MockServerAccess,
} from "./accounts.ts";
export { isConnectionReset, MockConnectionReset } from "./connection-reset.ts";
export type { MockAccountInit } from "./extra-accounts.ts";
export type {
  FaultOptions,
  MalformedBodyKind,
  MockFault,
  MockFaults,
  MockOperationName,
} from "./faults/types.ts";
export { createMockPlex, type MockClientOptions, type MockFetch, type MockPlex } from "./mock-plex.ts";
export {
  DEFAULT_LOCKOUT_MS,
  DEFAULT_LOCKOUT_THRESHOLD,
  DEFAULT_MOCK_ORIGIN,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TRANSIENT_TOKEN_TTL_MS,
  type MockPlexOptions,
} from "./options.ts";
export type { MockRequestLogEntry } from "./request-log.ts";
export {
  MOCK_SERVER,
  MOCK_SOURCES,
  type MockConnection,
  type MockServerIdentity,
  type MockSource,
  type MockSources,
} from "./sources.ts";
export type { MockDevice } from "./state/account-tokens.ts";
export type { RateLimitOptions } from "./state/rate-limiter.ts";
export { decodeBase32, totpCode } from "./totp.ts";
