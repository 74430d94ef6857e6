import type { MockAccount } from "../accounts.ts";
import type { MockClock } from "../clock.ts";
import type { ResolvedMediaServer } from "../servers/resolve.ts";
import type { AccountTokens } from "./account-tokens.ts";
import type { ClaimTokens } from "./claim-tokens.ts";
import type { DeviceKeys } from "./device-keys.ts";
import type { Nonces } from "./nonces.ts";
import type { Pins } from "./pins.ts";
import type { PlexJwts } from "./plex-jwts.ts";
import type { PlexSigningKeys } from "./plex-signing-keys.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import type { ServerAccessTokens } from "./server-access-tokens.ts";
import type { SignInGuard } from "./sign-in-guard.ts";
import type { SourceTokens } from "./source-tokens.ts";
import type { ServerPrincipal, TransientTokens } from "./transient-tokens.ts";

/**
 * Whether a PIN may be polled by a client identifier other than the one that created it. plex.tv's
 * behaviour is unknown, so the mock rejects it by default (404, code 1020) and can allow it.
 *
 * @example
 * ```ts
 * const policy: PinReadPolicy = "allow";
 * const mock = createMockPlex({ pinReadsFromOtherClients: policy });
 * ```
 */
export type PinReadPolicy = "reject" | "allow";

/** Everything the routes read and change: plex.tv's accounts, devices, PINs and servers, and the PMS's tokens. */
export interface MockState {
  readonly clock: MockClock;
  /** Every account: the seeded ones (the managed profile included) and any added with the `accounts` option. */
  readonly accounts: readonly MockAccount[];
  readonly accountTokens: AccountTokens;
  readonly transientTokens: TransientTokens;
  readonly sourceTokens: SourceTokens;
  readonly signInGuard: SignInGuard;
  /** `undefined` when rate limiting is off. */
  readonly rateLimiter: RateLimiter | undefined;
  readonly rejectReusedCodes: boolean;
  readonly pins: Pins;
  readonly pinReadsFromOtherClients: PinReadPolicy;
  readonly claimTokens: ClaimTokens;
  /** The servers `/api/v2/resources` lists (the `servers` option, or the seeded ones). */
  readonly servers: readonly ResolvedMediaServer[];
  readonly serverAccessTokens: ServerAccessTokens;
  /** Plex's JWT signing keys (`/auth/keys`). */
  readonly signingKeys: PlexSigningKeys;
  readonly nonces: Nonces;
  readonly deviceKeys: DeviceKeys;
  /** The Plex JWTs issued, which work as tokens. */
  readonly plexJwts: PlexJwts;
  /** Whether the first Plex JWT of a device revokes its legacy token. */
  readonly invalidateLegacyTokenOnJwt: boolean;
  /** Whether the mock's own Plex Media Server accepts Plex JWTs (real ones answered 401 in 2026). */
  readonly pmsAcceptsJwt: boolean;
  /** The auth page's `Cross-Origin-Opener-Policy`, if it sends one. */
  readonly authPageOpenerPolicy: string | undefined;
}

/** Who a root token (an account token, or an access token of the mock's own server) speaks for. */
function rootPrincipal(state: MockState, token: string, transient: boolean): ServerPrincipal | undefined {
  // Using a transient token does not count as seeing the account token behind it.
  const direct = state.accountTokens.lookup(token, transient ? undefined : state.clock.now());
  if (direct.status === "valid") return { account: direct.account, rootToken: token, transient, viaServerToken: false };
  const jwt = state.pmsAcceptsJwt ? state.plexJwts.lookup(token, state.clock.now()) : undefined;
  if (jwt?.status === "valid") return { account: jwt.account, rootToken: token, transient, viaServerToken: false };
  const access = state.serverAccessTokens.lookup(token);
  return access?.server.isMockServer
    ? { account: access.account, rootToken: token, transient, viaServerToken: true }
    : undefined;
}

/**
 * Who a token on a route of the mock's own Plex Media Server speaks for: a live account token, an access
 * token of this server (from `/api/v2/resources`), a live Plex JWT when `pmsAcceptsJwt` is on, or a live
 * transient token made from one of those (revoking or signing out the root token kills what was made from it).
 */
export function serverPrincipal(state: MockState, token: string | undefined): ServerPrincipal | undefined {
  if (token === undefined) return undefined;
  const direct = rootPrincipal(state, token, false);
  if (direct) return direct;
  const transient = state.transientTokens.lookup(token, state.clock.now());
  return transient.status === "valid" ? rootPrincipal(state, transient.rootToken, true) : undefined;
}
