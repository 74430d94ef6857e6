/**
 * `@plex-auth/core/jwt`, loaded on first use rather than imported: it brings jose, and the main entry of
 * this package (whose `createPlexAuthFromEnv` can use a stored device key) must not load that for every
 * program that never signs in with a JWT.
 */
export function coreJwt(): Promise<typeof import("@plex-auth/core/jwt")> {
  return import("@plex-auth/core/jwt");
}
