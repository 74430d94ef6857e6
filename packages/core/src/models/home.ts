import * as v from "valibot";

/** A member of a Plex Home. Managed users have no `username` or `email`. */
export interface PlexHomeUser {
  id: number;
  /** What {@link switchHomeUser} takes. */
  uuid: string;
  title: string;
  username?: string | null;
  email?: string | null;
  thumb?: string | null;
  hasPassword?: boolean | null;
  /** A managed user with a restriction profile. */
  restricted?: boolean | null;
  /** `"little_kid"`, `"older_kid"`, `"teen"`, or `null`. */
  restrictionProfile?: string | null;
  /** The Home's admin. */
  admin?: boolean | null;
  guest?: boolean | null;
  /** Switching to this profile needs its 4-digit PIN. */
  protected?: boolean | null;
}

/** A Plex Home and its members (`GET /api/v2/home/users`). */
export interface PlexHome {
  id?: number | null;
  name?: string | null;
  guestUserID?: number | null;
  guestUserUUID?: string | null;
  guestEnabled?: boolean | null;
  subscription?: boolean | null;
  users: PlexHomeUser[];
}

const optStr = v.nullish(v.string());
const optBool = v.nullish(v.boolean());

/**
 * Lenient valibot schema of `/api/v2/home/users`.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { plexHomeSchema } from "@plex-auth/core";
 * const { users } = v.parse(plexHomeSchema, await response.json());
 * ```
 */
export const plexHomeSchema: v.GenericSchema<unknown, PlexHome> = v.looseObject({
  id: v.nullish(v.number()),
  name: optStr,
  guestUserID: v.nullish(v.number()),
  guestUserUUID: optStr,
  guestEnabled: optBool,
  subscription: optBool,
  users: v.array(
    v.looseObject({
      id: v.number(),
      uuid: v.string(),
      title: v.string(),
      username: optStr,
      email: optStr,
      thumb: optStr,
      hasPassword: optBool,
      restricted: optBool,
      restrictionProfile: optStr,
      admin: optBool,
      guest: optBool,
      protected: optBool,
    }),
  ),
});

/**
 * The account of a Home profile after a switch: who it is, and its own token (`authToken`, a secret).
 */
export interface PlexSwitchedUser {
  id: number;
  uuid: string;
  title: string;
  /** The profile's token. A secret. */
  authToken: string;
  username?: string | null;
  email?: string | null;
  thumb?: string | null;
  hasPassword?: boolean | null;
  protected?: boolean | null;
  restricted?: boolean | null;
  home?: boolean | null;
  homeAdmin?: boolean | null;
  guest?: boolean | null;
  /** Epoch seconds. */
  rememberExpiresAt?: number | null;
}

/**
 * Lenient valibot schema of the switch response.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { plexSwitchedUserSchema } from "@plex-auth/core";
 * const { authToken } = v.parse(plexSwitchedUserSchema, await response.json());
 * ```
 */
export const plexSwitchedUserSchema: v.GenericSchema<unknown, PlexSwitchedUser> = v.looseObject({
  id: v.number(),
  uuid: v.string(),
  title: v.string(),
  authToken: v.pipe(v.string(), v.minLength(1, "expected the profile's token")),
  username: optStr,
  email: optStr,
  thumb: optStr,
  hasPassword: optBool,
  protected: optBool,
  restricted: optBool,
  home: optBool,
  homeAdmin: optBool,
  guest: optBool,
  rememberExpiresAt: v.nullish(v.number()),
});
