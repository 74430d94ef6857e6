import type { PlexAccount } from "@plex-auth/core";
import { type AccountSummary, isoFromEpochSeconds } from "../result-schemas.ts";

/**
 * The non-secret part of a plex.tv account, field by field: an allow-list, so `authToken`, service tokens
 * and any secret field Plex adds later stay out of the result.
 *
 * @example
 * ```ts
 * summarizeAccount(account).username; // "Username"
 * ```
 */
export function summarizeAccount(account: PlexAccount): AccountSummary {
  const subscription = account.subscription;
  return {
    id: account.id,
    uuid: account.uuid,
    username: account.username,
    title: account.title,
    email: account.email,
    friendlyName: account.friendlyName,
    joinedAt: isoFromEpochSeconds(account.joinedAt),
    hasPassword: account.hasPassword,
    twoFactorEnabled: account.twoFactorEnabled,
    country: account.country ?? null,
    locale: account.locale ?? null,
    home: account.home ?? null,
    homeAdmin: account.homeAdmin ?? null,
    guest: account.guest ?? null,
    restricted: account.restricted ?? null,
    subscription: subscription
      ? { active: subscription.active ?? null, status: subscription.status ?? null, plan: subscription.plan ?? null }
      : null,
  };
}
