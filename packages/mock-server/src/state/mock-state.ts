import type { MockAccount } from "../accounts.ts";
import type { MockClock } from "../clock.ts";
import type { AccountTokens } from "./account-tokens.ts";
import type { RateLimiter } from "./rate-limiter.ts";
import type { SignInGuard } from "./sign-in-guard.ts";
import type { SourceTokens } from "./source-tokens.ts";
import type { ServerPrincipal, TransientTokens } from "./transient-tokens.ts";

/** Everything the routes read and change: plex.tv's accounts and devices, and the server's tokens. */
export interface MockState {
  readonly clock: MockClock;
  /** Every account that can sign in: the seeded ones and any added with the `accounts` option. */
  readonly accounts: readonly MockAccount[];
  readonly accountTokens: AccountTokens;
  readonly transientTokens: TransientTokens;
  readonly sourceTokens: SourceTokens;
  readonly signInGuard: SignInGuard;
  /** `undefined` when rate limiting is off. */
  readonly rateLimiter: RateLimiter | undefined;
  readonly rejectReusedCodes: boolean;
}

/**
 * Who a token on a Plex Media Server route speaks for: an account token that is live, or a live transient
 * token whose root account token is still live (revoking an account token kills what was made from it).
 */
export function serverPrincipal(state: MockState, token: string | undefined): ServerPrincipal | undefined {
  if (token === undefined) return undefined;
  const now = state.clock.now();
  const direct = state.accountTokens.lookup(token, now);
  if (direct.status === "valid") return { account: direct.account, rootToken: token, transient: false };
  const transient = state.transientTokens.lookup(token, now);
  if (transient.status !== "valid") return undefined;
  const root = state.accountTokens.lookup(transient.rootToken);
  return root.status === "valid"
    ? { account: root.account, rootToken: transient.rootToken, transient: true }
    : undefined;
}
