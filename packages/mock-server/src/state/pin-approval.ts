import type { MockAccount } from "../accounts.ts";
import type { MockState } from "./mock-state.ts";

/** What approving a PIN did. */
export type PinApproval = "approved" | "not-found" | "thumbprint-taken" | "forward-url-mismatch";

/**
 * Plex's auth app forwards only to a `forwardUrl` on the host of the `Origin` the PIN was created from
 * (FLOWS.md §1.2): a server creating the PIN for a browser must forward the browser's `Origin`.
 */
function forwardsToOwnHost(origin: string | undefined, forwardUrl: string): boolean {
  try {
    return origin !== undefined && new URL(forwardUrl).hostname === new URL(origin).hostname;
  } catch {
    return false;
  }
}

/**
 * The user approved the live PIN with this code as `account` (on the auth page, at plex.tv/link, or with
 * `mock.approvePin`). A PIN without a JWK carries from then on a device token of the account for the PIN's
 * client identifier, which works on `/user`, `/ping` and the PMS. A PIN made with a JWK registers the key
 * for that device instead (FLOWS.md §2.3), which fails when another device holds its `kid`; its poll then
 * mints a Plex JWT, and no legacy token is made. Approving an approved PIN again signs its device in again
 * (as the same account, the same token). With a `forwardUrl` (the auth page's), the PIN must have been
 * created from an origin on that URL's host.
 */
export function approvePin(state: MockState, code: string, account: MockAccount, forwardUrl?: string): PinApproval {
  const now = state.clock.now();
  const pin = state.pins.findByCode(code, now);
  if (!pin) return "not-found";
  if (forwardUrl !== undefined && !forwardsToOwnHost(pin.origin, forwardUrl)) return "forward-url-mismatch";
  if (pin.jwk) {
    const registered = state.deviceKeys.register(account, pin.clientIdentifier, pin.jwk, now);
    if (registered === "thumbprint-taken") return "thumbprint-taken";
  } else {
    pin.authToken = state.accountTokens.signIn(account, pin.clientIdentifier, { ...pin.details }, now);
  }
  pin.approvedBy = account;
  // The mock never signs anyone up: every approving account already existed.
  pin.newRegistration = false;
  return "approved";
}
