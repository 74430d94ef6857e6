import { SENTINELS } from "./sentinels.ts";

/**
 * A request URL with the secrets that must be in it taken out: a PIN poll carries the PIN's id in its path
 * (and a device's JWT in its query, on the PIN + JWK route), a Home switch its profile's PIN in its query
 * (as Plex's own web app sends it); nothing else may carry one.
 */
export function withoutRequiredSecrets(url: string, pinIds: readonly (string | number)[] = [SENTINELS.pinId]): string {
  const parsed = new URL(url);
  if (parsed.pathname.endsWith("/switch")) parsed.searchParams.delete("pin");
  const id = pinIds.map(String).find((pinId) => parsed.pathname.endsWith(`/pins/${pinId}`));
  if (id !== undefined) parsed.searchParams.delete("deviceJWT");
  const path = id === undefined ? parsed.pathname : parsed.pathname.slice(0, -id.length);
  return `${parsed.origin}${path}${parsed.search}`;
}
