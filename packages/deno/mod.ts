/**
 * Plex authentication for Deno: everything of `@plex-auth/core` (the four Plex authentication operations,
 * typed, validated, retried and redacted), plus configuration from `PLEX_*` environment variables and a
 * client identifier persisted per installation, so Plex sees one device however often your program runs.
 * JWT device authentication, with the device key and the current JWT kept in files, is `@plex-auth/deno/jwt`;
 * `createPlexAuthFromEnv({ jwt: true })` signs in with them.
 *
 * @example Configure from the environment
 * ```ts
 * // deno run --allow-net --allow-env=PLEX_* main.ts
 * import { createPlexAuthFromEnv } from "@plex-auth/deno";
 *
 * const plex = createPlexAuthFromEnv({ product: "My App", required: ["PLEX_CLIENT_IDENTIFIER", "PLEX_TOKEN"] });
 * const account = await plex.authentication.getTokenDetails();
 * console.log(account.username);
 * ```
 *
 * @example Sign in, with a two-factor code when the account asks for one
 * ```ts
 * import { createPlexAuth, loadOrCreateClientIdentifier, TwoFactorRequiredError } from "@plex-auth/deno";
 *
 * const plex = createPlexAuth({ clientIdentifier: loadOrCreateClientIdentifier(), product: "My App" });
 * try {
 *   const { authToken } = await plex.authentication.postUsersSignInData({ login: "me@example.com", password: "…" });
 * } catch (error) {
 *   if (error instanceof TwoFactorRequiredError) {
 *     // ask for the code, then call again with { login, password, verificationCode: "012345" }
 *   }
 * }
 * ```
 *
 * @module
 */

export * from "@plex-auth/core";
export { type ClientIdentifierOptions, loadOrCreateClientIdentifier } from "./src/client-identifier.ts";
export {
  type ClientIdentifierLocation,
  type ConfigLocationOptions,
  clientIdentifierFile,
  configDirectory,
} from "./src/config-directory.ts";
export { createPlexAuthFromEnv, type PlexAuthFromEnvOptions } from "./src/from-env.ts";
export { runtimeIdentity } from "./src/runtime-identity.ts";
