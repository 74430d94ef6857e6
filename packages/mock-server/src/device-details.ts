/**
 * The X-Plex-* headers that describe a device. plex.tv keeps them on the device it registers (sign-in, an
 * approved PIN, a Home switch), and the browser preflight must allow them.
 */
export const DEVICE_HEADERS: readonly string[] = [
  "X-Plex-Product",
  "X-Plex-Version",
  "X-Plex-Platform",
  "X-Plex-Platform-Version",
  "X-Plex-Device",
  "X-Plex-Device-Name",
  "X-Plex-Model",
  "X-Plex-Device-Vendor",
  "X-Plex-Marketplace",
];

/** The device headers a request carried, by their canonical names. */
export function deviceDetails(headers: Headers): Record<string, string> {
  const details: Record<string, string> = {};
  for (const name of DEVICE_HEADERS) {
    const value = headers.get(name);
    if (value !== null) details[name] = value;
  }
  return details;
}
