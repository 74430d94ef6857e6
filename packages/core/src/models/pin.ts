import * as v from "valibot";

/** Where plex.tv thinks the caller is (GeoIP). Every field may be missing; `postal_code` may be a number. */
export interface PlexPinLocation {
  code?: string | null;
  european_union_member?: boolean | null;
  continent_code?: string | null;
  country?: string | null;
  city?: string | null;
  time_zone?: string | null;
  postal_code?: string | number | null;
  in_privacy_restricted_country?: boolean | null;
  in_privacy_restricted_region?: boolean | null;
  subdivisions?: string | null;
  coordinates?: string | null;
}

/**
 * A "Sign in with Plex" PIN (`POST /api/v2/pins`, `GET /api/v2/pins/{id}`). `authToken` is `null` until
 * the user approves it. The `id` is a bearer handle (with the client identifier it collects the token):
 * keep it out of logs. `code` is what the user types at plex.tv/link (4 characters) or what the auth app's
 * URL carries (25 characters, `strong`).
 */
export interface PlexPin {
  id: number;
  code: string;
  /** Seconds left, counting down. */
  expiresIn?: number | null;
  /** ISO 8601. */
  createdAt?: string | null;
  /** ISO 8601: when the PIN stops working (plex.tv then answers 404, code 1020). */
  expiresAt?: string | null;
  /** The new token once approved; `null` before. A secret. */
  authToken?: string | null;
  /** After approval: whether the user signed up during this sign-in. */
  newRegistration?: boolean | null;
  /** The X-Plex-Product that created it. */
  product?: string | null;
  trusted?: boolean | null;
  /** A QR code (PNG) of the code, served without a token. */
  qr?: string | null;
  clientIdentifier?: string | null;
  location?: PlexPinLocation | null;
}

/** A PIN the user approved: its `authToken` is the new token. */
export interface ApprovedPlexPin extends PlexPin {
  authToken: string;
}

const optStr = v.nullish(v.string());
const optBool = v.nullish(v.boolean());

/**
 * Lenient valibot schema of a PIN: only `id` and `code` are required; unknown fields are kept.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { plexPinSchema } from "@plex-auth/core";
 * const pin = v.parse(plexPinSchema, await response.json());
 * ```
 */
export const plexPinSchema: v.GenericSchema<unknown, PlexPin> = v.looseObject({
  id: v.number(),
  code: v.pipe(v.string(), v.minLength(1, "expected a non-empty code")),
  expiresIn: v.nullish(v.number()),
  createdAt: optStr,
  expiresAt: optStr,
  authToken: optStr,
  newRegistration: optBool,
  product: optStr,
  trusted: optBool,
  qr: optStr,
  clientIdentifier: optStr,
  location: v.nullish(
    v.looseObject({
      code: optStr,
      european_union_member: optBool,
      continent_code: optStr,
      country: optStr,
      city: optStr,
      time_zone: optStr,
      postal_code: v.nullish(v.union([v.string(), v.number()])),
      in_privacy_restricted_country: optBool,
      in_privacy_restricted_region: optBool,
      subdivisions: optStr,
      coordinates: optStr,
    }),
  ),
});
