/**
 * Header values are byte strings on the wire, and Plex reads them as UTF-8. `fetch` rejects characters above
 * U+00FF, so a non-ASCII value ("Wohnzimmer-Fernseher", "Télé du salon") is passed as its UTF-8 bytes, one
 * Latin-1 character per byte, which every fetch implementation sends unchanged.
 */
export function encodeHeaderValue(value: string): string {
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  let encoded = "";
  for (const byte of new TextEncoder().encode(value)) encoded += String.fromCharCode(byte);
  return encoded;
}

/** The identity fields of the client and the `X-Plex-*` header each one becomes. */
export const IDENTITY_HEADERS: Readonly<Record<string, string>> = {
  clientIdentifier: "X-Plex-Client-Identifier",
  product: "X-Plex-Product",
  version: "X-Plex-Version",
  platform: "X-Plex-Platform",
  platformVersion: "X-Plex-Platform-Version",
  device: "X-Plex-Device",
  deviceName: "X-Plex-Device-Name",
  model: "X-Plex-Model",
  deviceVendor: "X-Plex-Device-Vendor",
  marketplace: "X-Plex-Marketplace",
};
