import type { MockAccount } from "../accounts.ts";
import { homeMemberOf, MOCK_HOME } from "../home.ts";

const PLEX_PASS_FEATURES: readonly string[] = [
  "Android - Dolby Vision",
  "Android - PiP",
  "hardware_transcoding",
  "lyrics",
  "two-factor-authentication",
  "webhooks",
];

const DAY_SECONDS = 86_400;

function subscription(account: MockAccount): Record<string, unknown> {
  return account.plexPass
    ? {
        active: true,
        subscribedAt: "2021-04-12T18:21:12Z",
        status: "Active",
        paymentService: null,
        plan: null,
        features: [...PLEX_PASS_FEATURES],
      }
    : { active: false, subscribedAt: null, status: "Inactive", paymentService: null, plan: null, features: [] };
}

/** Whether plex.tv calls the account restricted: a managed Home member with a restriction profile. */
export function isRestricted(account: MockAccount): boolean {
  const member = homeMemberOf(account.key);
  return member ? member.restrictionProfile !== null : account.serverAccess === "home";
}

/**
 * The `UserPlexAccount` plex.tv returns for an account and token, with every field the spec requires and
 * the usual optional ones, shaped like the fixtures in `spec/plex-api/examples`.
 */
export function accountPayload(account: MockAccount, token: string, nowMs: number): Record<string, unknown> {
  const owner = account.serverAccess === "owner";
  const member = homeMemberOf(account.key);
  // Members of the seeded Home answer from it; an added account from its serverAccess alone.
  const home = member !== undefined || account.serverAccess !== "shared";
  return {
    id: account.id,
    uuid: account.uuid,
    username: account.username,
    title: account.title,
    email: account.email,
    friendlyName: account.friendlyName,
    locale: null,
    confirmed: true,
    joinedAt: account.joinedAt,
    emailOnlyAuth: false,
    hasPassword: account.password !== "",
    protected: member ? member.pin !== undefined : account.serverAccess === "home",
    thumb: `https://plex.tv/users/${account.uuid}/avatar?c=1700000000`,
    authToken: token,
    mailingListStatus: "active",
    mailingListActive: false,
    scrobbleTypes: "",
    country: "US",
    subscriptionDescription: account.plexPass ? "Plex Pass" : null,
    restricted: isRestricted(account),
    anonymous: null,
    home,
    guest: false,
    homeSize: member ? MOCK_HOME.members.length : home ? 2 : 1,
    homeAdmin: member ? member.admin : owner,
    maxHomeSize: 15,
    rememberExpiresAt: Math.floor(nowMs / 1000) + 14 * DAY_SECONDS,
    profile: {
      autoSelectAudio: true,
      defaultAudioLanguage: "en",
      defaultSubtitleLanguage: null,
      autoSelectSubtitle: 1,
      defaultSubtitleAccessibility: 0,
      defaultSubtitleForced: 1,
      watchedIndicator: 1,
      mediaReviewsVisibility: 2,
    },
    entitlements: owner ? ["all"] : [],
    roles: account.plexPass ? ["plexpass"] : [],
    services: [
      {
        identifier: "metadata-dev",
        endpoint: "https://epg.provider.plex.tv",
        token: null,
        secret: null,
        status: "online",
      },
    ],
    adsConsent: null,
    adsConsentSetAt: null,
    adsConsentReminderAt: null,
    experimentalFeatures: false,
    twoFactorEnabled: account.totpSecret !== undefined,
    backupCodesCreated: account.totpSecret !== undefined,
    attributionPartner: null,
    subscription: subscription(account),
    subscriptions: [subscription(account)],
  };
}

/** What sign-in returns: the account plus its subscription history, as `POST /users/signin` answers 201. */
export function signInPayload(
  account: MockAccount,
  token: string,
  nowMs: number,
  rememberMe: boolean,
): Record<string, unknown> {
  const payload = accountPayload(account, token, nowMs);
  payload.rememberExpiresAt = Math.floor(nowMs / 1000) + (rememberMe ? 90 : 14) * DAY_SECONDS;
  payload.pastSubscriptions = account.plexPass
    ? []
    : [
        {
          id: null,
          mode: null,
          renewsAt: null,
          endsAt: 1_556_281_940,
          canceled: false,
          gracePeriod: false,
          onHold: false,
          canReactivate: false,
          canUpgrade: false,
          canDowngrade: false,
          canConvert: false,
          type: "plexpass",
          transfer: null,
          state: "ended",
          billing: { internalPaymentMethod: {}, paymentMethodId: null },
        },
      ];
  payload.trials = [];
  return payload;
}
