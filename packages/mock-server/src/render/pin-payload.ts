import type { PinRecord } from "../state/pins.ts";
import { isoSeconds } from "./timestamps.ts";

// plex.tv's GeoIP of the caller. The mock has no address to look up, so every PIN is in one made-up place.
const LOCATION: Readonly<Record<string, unknown>> = Object.freeze({
  code: "US",
  european_union_member: false,
  continent_code: "NA",
  country: "United States",
  city: "San Francisco",
  time_zone: "America/Los_Angeles",
  postal_code: "94124",
  in_privacy_restricted_country: false,
  in_privacy_restricted_region: false,
  subdivisions: "California",
  coordinates: "37.7308, -122.3838",
});

/**
 * A PIN as `POST /api/v2/pins` and `GET /api/v2/pins/{id}` answer it, in plex.tv's field order (FLOWS.md
 * §1.1), with `expiresIn` counting down from the mock's clock. `authToken` is the PIN's own unless given
 * (a JWK PIN's poll hands out the Plex JWT it minted).
 */
export function pinPayload(
  pin: PinRecord,
  nowMs: number,
  authToken: string | null = pin.authToken,
): Record<string, unknown> {
  return {
    id: pin.id,
    code: pin.code,
    // The echo of X-Plex-Product; what plex.tv sends when the header is missing is not known (null here).
    product: pin.details["X-Plex-Product"] ?? null,
    trusted: false,
    qr: `https://plex.tv/api/v2/pins/qr/${pin.code}`,
    clientIdentifier: pin.clientIdentifier,
    location: { ...LOCATION },
    expiresIn: Math.max(0, Math.floor((pin.expiresAt - nowMs) / 1000)),
    createdAt: isoSeconds(pin.createdAt),
    expiresAt: isoSeconds(pin.expiresAt),
    authToken,
    newRegistration: pin.newRegistration,
  };
}
