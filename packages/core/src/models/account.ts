import * as v from "valibot";
import type { OpenInt, OpenString } from "./open.ts";

/**
 * Playback preferences of a plex.tv account. The integer fields are open enums: Plex adds values.
 */
export interface PlexAccountProfile {
  autoSelectAudio: boolean;
  defaultAudioLanguage: string | null;
  defaultSubtitleLanguage: string | null;
  /** 0 manually selected, 1 shown with foreign audio, 2 always enabled. */
  autoSelectSubtitle: OpenInt<0 | 1 | 2>;
  /** 0 prefer non-SDH, 1 prefer SDH, 2 only SDH, 3 only non-SDH. */
  defaultSubtitleAccessibility: OpenInt<0 | 1 | 2 | 3>;
  /** 0 prefer non-forced, 1 prefer forced, 2 only forced, 3 only non-forced. */
  defaultSubtitleForced: OpenInt<0 | 1 | 2 | 3>;
  /** 0 none, 1 movies and TV shows, 2 movies, 3 TV shows. */
  watchedIndicator: OpenInt<0 | 1 | 2 | 3>;
  /** 0 no one, 1 critics only, 2 Plex users only, 3 Plex users and critics. */
  mediaReviewsVisibility: OpenInt<0 | 1 | 2 | 3>;
  defaultAudioAccessibility?: OpenInt<0 | 1 | 2 | 3> | null;
  defaultAudioLanguages?: string[] | null;
  defaultSubtitleLanguages?: string[] | null;
  mediaReviewsLanguages?: string[] | null;
}

/** A service linked to the account. `token` and `secret` are credentials: keep them out of logs. */
export interface PlexService {
  identifier?: string | null;
  endpoint?: string | null;
  token?: string | null;
  secret?: string | null;
  status?: OpenString<"online" | "offline"> | null;
}

/** A Plex Pass subscription. `features` are free-form strings (about a hundred are known; never an enum). */
export interface PlexSubscription {
  active?: boolean | null;
  /** An ISO 8601 string, unlike the other dates, which are epoch seconds. */
  subscribedAt?: string | null;
  status?: OpenString<"Active" | "Inactive"> | null;
  paymentService?: string | null;
  plan?: string | null;
  features?: string[] | null;
}

/**
 * A plex.tv account (`UserPlexAccount`), as returned by {@link getTokenDetails} and sign-in. Only the
 * fields Plex always sends are required; every other field is optional. Fields Plex adds later are kept at
 * run time but not typed, so a misspelt field fails to compile: read a new one as
 * `(account as Record<string, unknown>).newField`. `authToken` is the account's token: a secret.
 */
export interface PlexAccount {
  id: number;
  uuid: string;
  username: string;
  title: string;
  email: string;
  friendlyName: string;
  /** The account token. A secret: never log it. */
  authToken: string;
  /** Epoch seconds. */
  joinedAt: number;
  hasPassword: boolean;
  twoFactorEnabled: boolean;
  profile?: PlexAccountProfile | null;
  thumb?: string | null;
  locale?: string | null;
  confirmed?: boolean | null;
  emailOnlyAuth?: boolean | null;
  protected?: boolean | null;
  mailingListStatus?: OpenString<"active" | "unsubscribed" | "removed"> | null;
  mailingListActive?: boolean | null;
  /** Two-letter country code. */
  country?: string | null;
  restricted?: boolean | null;
  anonymous?: boolean | null;
  /** Whether the account belongs to a Plex Home. */
  home?: boolean | null;
  guest?: boolean | null;
  homeSize?: number | null;
  homeAdmin?: boolean | null;
  maxHomeSize?: number | null;
  /** Epoch seconds. */
  rememberExpiresAt?: number | null;
  entitlements?: string[] | null;
  roles?: string[] | null;
  services?: PlexService[] | null;
  subscription?: PlexSubscription | null;
  subscriptions?: PlexSubscription[] | null;
  subscriptionDescription?: string | null;
  adsConsent?: boolean | null;
  /** Epoch seconds. */
  adsConsentSetAt?: number | null;
  /** Epoch seconds. */
  adsConsentReminderAt?: number | null;
  experimentalFeatures?: boolean | null;
  backupCodesCreated?: boolean | null;
  attributionPartner?: string | null;
  scrobbleTypes?: string | null;
}

/** A past subscription listed by sign-in. */
export interface PlexPastSubscription {
  id?: string | null;
  type?: string | null;
  state?: OpenString<"ended"> | null;
  /** Epoch seconds. */
  endsAt?: number | null;
  /** Epoch seconds. */
  renewsAt?: number | null;
}

/** What sign-in returns: the account, with its new `authToken`, plus its subscription history. */
export interface PlexSignIn extends PlexAccount {
  pastSubscriptions?: PlexPastSubscription[] | null;
  trials?: Record<string, unknown>[] | null;
}

const str = v.string();
const num = v.number();
const bool = v.boolean();
const optStr = v.nullish(str);
const optNum = v.nullish(num);
const optBool = v.nullish(bool);
const optStrings = v.nullish(v.array(str));

const profileSchema = v.looseObject({
  autoSelectAudio: bool,
  defaultAudioLanguage: v.nullable(str),
  defaultSubtitleLanguage: v.nullable(str),
  autoSelectSubtitle: num,
  defaultSubtitleAccessibility: num,
  defaultSubtitleForced: num,
  watchedIndicator: num,
  mediaReviewsVisibility: num,
  defaultAudioAccessibility: optNum,
  defaultAudioLanguages: optStrings,
  defaultSubtitleLanguages: optStrings,
  mediaReviewsLanguages: optStrings,
});

const subscriptionSchema = v.looseObject({
  active: optBool,
  subscribedAt: optStr,
  status: optStr,
  paymentService: optStr,
  plan: optStr,
  features: optStrings,
});

const accountEntries = {
  id: num,
  uuid: str,
  username: str,
  title: str,
  email: str,
  friendlyName: str,
  authToken: str,
  joinedAt: num,
  hasPassword: bool,
  twoFactorEnabled: bool,
  profile: v.nullish(profileSchema),
  thumb: optStr,
  locale: optStr,
  confirmed: optBool,
  emailOnlyAuth: optBool,
  protected: optBool,
  mailingListStatus: optStr,
  mailingListActive: optBool,
  country: optStr,
  restricted: optBool,
  anonymous: optBool,
  home: optBool,
  guest: optBool,
  homeSize: optNum,
  homeAdmin: optBool,
  maxHomeSize: optNum,
  rememberExpiresAt: optNum,
  entitlements: optStrings,
  roles: optStrings,
  services: v.nullish(
    v.array(v.looseObject({ identifier: optStr, endpoint: optStr, token: optStr, secret: optStr, status: optStr })),
  ),
  subscription: v.nullish(subscriptionSchema),
  subscriptions: v.nullish(v.array(subscriptionSchema)),
  subscriptionDescription: optStr,
  adsConsent: optBool,
  adsConsentSetAt: optNum,
  adsConsentReminderAt: optNum,
  experimentalFeatures: optBool,
  backupCodesCreated: optBool,
  attributionPartner: optStr,
  scrobbleTypes: optStr,
};

/**
 * Lenient valibot schema of a plex.tv account: requires only the fields Plex always sends, keeps unknown
 * fields, and treats enums as open. Exported so tests and mocks can check payloads the same way.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { plexAccountSchema } from "@plex-auth/core";
 * const account = v.parse(plexAccountSchema, await response.json());
 * ```
 */
export const plexAccountSchema: v.GenericSchema<unknown, PlexAccount> = v.looseObject(accountEntries);

/**
 * Lenient valibot schema of the sign-in response: the account plus `pastSubscriptions` and `trials`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { plexSignInSchema } from "@plex-auth/core";
 * const { authToken } = v.parse(plexSignInSchema, await response.json());
 * ```
 */
export const plexSignInSchema: v.GenericSchema<unknown, PlexSignIn> = v.looseObject({
  ...accountEntries,
  pastSubscriptions: v.nullish(
    v.array(v.looseObject({ id: optStr, type: optStr, state: optStr, endsAt: optNum, renewsAt: optNum })),
  ),
  trials: v.nullish(v.array(v.looseObject({}))),
});
