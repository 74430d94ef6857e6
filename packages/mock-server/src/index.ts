/**
 * A faithful fake of plex.tv and a Plex Media Server, for tests and demos: seeded accounts with
 * passwords and two-factor secrets, stateful tokens and devices, "Sign in with Plex" PINs (with a stand-in
 * for Plex's auth page), JWT device authentication (Ed25519 keys, nonces, Plex JWTs, key rotation),
 * servers whose connections are live, slow, refused, black holes, TLS failures or another machine, a Plex
 * Home with a PIN-protected profile, sign-out, claim tokens, transient tokens that expire and die on
 * restart, Plex's real failure behaviour (and CORS), and fault injection. It is a fetch
 * handler (Web APIs only), so it runs in Node, Deno, Bun and workers; `mock.fetch` plugs into the client
 * with no socket at all, and `@plex-auth/mock-server/node` serves it on 127.0.0.1.
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
 * @example
 * ```ts
 * // "Sign in with Plex": the user approves the PIN (here the test does, as casey).
 * const pin = await plex.authentication.createOAuthPin({ strong: true });
 * mock.approvePin(pin.code, "plain");
 * const { authToken } = await plex.authentication.getOAuthPin({ pinId: pin.id });
 * const servers = await plex.withToken(authToken as string).authentication.getServerResources();
 * ```
 *
 * @example
 * ```ts
 * // JWT device authentication: register a device key, trade a signed client JWT for a Plex JWT.
 * await plex.withToken(legacyToken).authentication.registerDeviceJWK({ jwk: publicJwk });
 * const nonce = await plex.authentication.getAuthNonce();
 * const plexJwt = await plex.authentication.exchangeJWTToken({ jwt: await signClientJwt({ nonce }) });
 * mock.advanceTime(PLEX_JWT_TTL_SECONDS * 1000); // plexJwt now answers 498 (JwtExpiredError)
 * await mock.rotateKeys(); // /api/v2/auth/keys lists two keys; the next rotation drops the first
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
export {
  MOCK_HOME,
  MOCK_HOME_PIN,
  MOCK_KID_PROFILE,
  type MockHome,
  type MockHomeMember,
  type MockRestrictionProfile,
} from "./home.ts";
export { CLIENT_JWT_IAT_LEEWAY_SECONDS, MAX_CLIENT_JWT_LIFETIME_SECONDS } from "./jwt/client-jwt.ts";
export type { MockPublicJwk } from "./jwt/public-jwk.ts";
export { createMockPlex, type MockClientOptions, type MockFetch, type MockPlex } from "./mock-plex.ts";
export {
  DEFAULT_LOCKOUT_MS,
  DEFAULT_LOCKOUT_THRESHOLD,
  DEFAULT_MOCK_ORIGIN,
  DEFAULT_RATE_LIMIT,
  DEFAULT_TRANSIENT_TOKEN_TTL_MS,
  type MockPlexOptions,
} from "./options.ts";
export { PLEX_JWT_TTL_SECONDS } from "./render/plex-jwt-claims.ts";
export type { MockRequestLogEntry } from "./request-log.ts";
export {
  DEFAULT_SLOW_CONNECTION_MS,
  MOCK_MEDIA_SERVER_LIST,
  MOCK_MEDIA_SERVERS,
  type MockMediaServers,
} from "./servers/defaults.ts";
export type { MockConnectionBehaviour, MockConnectionInit, MockMediaServerInit } from "./servers/types.ts";
export {
  MOCK_SERVER,
  MOCK_SOURCES,
  type MockConnection,
  type MockServerIdentity,
  type MockSource,
  type MockSources,
} from "./sources.ts";
export type { MockDevice } from "./state/account-tokens.ts";
export { CLAIM_TOKEN_TTL_MS, type MockClaimTokenStatus } from "./state/claim-tokens.ts";
export type { MockDeviceKey } from "./state/device-keys.ts";
export type { PinReadPolicy } from "./state/mock-state.ts";
export { NONCE_TTL_MS } from "./state/nonces.ts";
export { PIN_TTL_MS, STRONG_PIN_TTL_MS } from "./state/pins.ts";
export type { RateLimitOptions } from "./state/rate-limiter.ts";
export { decodeBase32, totpCode } from "./totp.ts";
