import { DEFAULT_PRODUCT } from "./options.ts";

// FNV-1a, 32 bits: a short, stable suffix that keeps two products apart when their file names would
// otherwise be the same ("Télé" and "T l"). Not a security measure.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, "0");
}

/**
 * Where, below the user's configuration directory, an app's persisted client identifier lives: one per
 * product, so Plex shows each app on a machine as its own device. The default product keeps the original
 * `plex-auth/client-id`; any other is `plex-auth/client-ids/<product as a file name>`. The runtime entries
 * (`@plex-auth/node`, `@plex-auth/deno`) join it onto their configuration directory.
 *
 * @example
 * ```ts
 * import { clientIdentifierPath } from "@plex-auth/core";
 * clientIdentifierPath("My App"); // ["plex-auth", "client-ids", "my-app"]
 * clientIdentifierPath(undefined); // ["plex-auth", "client-id"]
 * ```
 */
export function clientIdentifierPath(product: string | undefined): readonly string[] {
  const name = product?.trim() ?? "";
  if (name === "" || name === DEFAULT_PRODUCT) return ["plex-auth", "client-id"];
  const lower = name.toLowerCase();
  const slug = lower
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 64);
  // Spaces as dashes lose nothing worth keeping apart ("My App" and "my-app" are one app); other
  // replaced characters get the hash, so "Télé" and "Tälä" stay two devices.
  const exact = slug === lower.replace(/\s+/g, "-");
  return ["plex-auth", "client-ids", exact ? slug : `${slug || "app"}-${fnv1a(name)}`];
}
