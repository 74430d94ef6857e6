/**
 * Plex authentication for Node.js (and Bun): everything of `@plex-auth/core`, plus configuration from
 * environment variables, a client identifier persisted per installation, and `HTTPS_PROXY` support. JWT
 * device authentication, with the device key and the current JWT kept in files, is `@plex-auth/node/jwt`;
 * `createPlexAuthFromEnv({ jwt: true })` signs in with them.
 *
 * @example
 * ```ts
 * import { createPlexAuthFromEnv, TwoFactorRequiredError } from "@plex-auth/node";
 *
 * const plex = createPlexAuthFromEnv({ product: "My App", version: "1.0" });
 * try {
 *   const account = await plex.authentication.postUsersSignInData({ login: "me@example.com", password: "…" });
 *   console.log(account.username);
 * } catch (error) {
 *   if (error instanceof TwoFactorRequiredError) console.log("call again with verificationCode");
 * }
 * ```
 *
 * @module
 */

export * from "@plex-auth/core";
export { writePrivateFile } from "./atomic-file.ts";
export { type ClientIdentifierOptions, loadOrCreateClientIdentifier } from "./client-identifier.ts";
export {
  type ClientIdentifierLocation,
  type ConfigLocationOptions,
  clientIdentifierFile,
  configDirectory,
} from "./config-directory.ts";
export { createPlexAuthFromEnv, type PlexAuthFromEnvOptions, plexAuthOptionsFromNodeEnv } from "./from-env.ts";
export { type FetchHandler, type NodeListenerOptions, toNodeListener } from "./node-handler.ts";
export { createProxyFetch, type ProxySettings, proxySettingsFromEnv } from "./proxy.ts";
export { runtimeIdentity } from "./runtime-identity.ts";
