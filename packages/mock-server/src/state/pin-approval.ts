import type { MockAccount } from "../accounts.ts";
import type { MockState } from "./mock-state.ts";

/**
 * The user approved the live PIN with this code as `account` (on the auth page, at plex.tv/link, or with
 * `mock.approvePin`): the PIN's creating device is signed in to the account, and the PIN carries that
 * device's token, which then works on `/user`, `/ping` and the PMS. Returns whether a live PIN had the code.
 * Approving an approved PIN again signs its device in again (as the same account, the same token).
 */
export function approvePin(state: MockState, code: string, account: MockAccount): boolean {
  const now = state.clock.now();
  const pin = state.pins.findByCode(code, now);
  if (!pin) return false;
  pin.authToken = state.accountTokens.signIn(account, pin.clientIdentifier, { ...pin.details }, now);
  // The mock never signs anyone up: every approving account already existed.
  pin.newRegistration = false;
  return true;
}
