import {
  createPlexAuth,
  mergeEnvOptions,
  type PlexAuth,
  type PlexAuthOptions,
  type PlexEnvName,
} from "@plex-auth/core";
import { loadOrCreateClientIdentifier } from "./client-identifier.ts";
import { clientIdentifierFile } from "./config-directory.ts";
import { storedJwtToken } from "./jwt/from-env-token.ts";
import { createProxyFetch, proxySettingsFromEnv } from "./proxy.ts";
import { runtimeIdentity } from "./runtime-identity.ts";

/** Options of {@link createPlexAuthFromEnv}: any client option (it wins over the environment), plus these. */
export interface PlexAuthFromEnvOptions extends Partial<PlexAuthOptions> {
  /** Where variables are read from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Variables that must be set, e.g. `["PLEX_TOKEN", "PLEX_SERVER_URL"]`; each unset one is named in the error. */
  required?: readonly PlexEnvName[] | undefined;
  /**
   * The file that keeps the client identifier when `PLEX_CLIENT_IDENTIFIER` is unset, or `false` to require
   * `PLEX_CLIENT_IDENTIFIER` instead. Default: the product's own file in the config directory
   * (`clientIdentifierFile({ product })`), so each app is its own device on the Plex account.
   */
  clientIdentifierFile?: string | false | undefined;
  /**
   * Send requests through `HTTPS_PROXY` / `HTTP_PROXY`, except `NO_PROXY` hosts, when they are set (needs the
   * optional peer dependency undici on Node). Default `true`; ignored when you pass `fetch`.
   */
  proxy?: boolean | undefined;
  /**
   * Sign in with this installation's stored device key when no token is given. With `jwt: true`, when
   * neither a `token` option nor `PLEX_TOKEN` is set and the product's device key file exists
   * (`jwtDeviceFiles` of `@plex-auth/node/jwt`, beside the client identifier file), the token is the stored
   * Plex JWT, refreshed when due or after a 498 and written back (see `createStoredJwtTokenSource`; its
   * refresh calls use these same options). Precedence: the `token` option, then `PLEX_TOKEN`, then the
   * stored key, then no token. The key is read on the first call, so a broken key file rejects that call.
   * Register the key once first (the README's "JWT device authentication"). Default `false`.
   */
  jwt?: boolean | undefined;
}

/**
 * The client options {@link createPlexAuthFromEnv} builds, without making the client: for programs that
 * pass them on (to `createPlexAuthCore`, or to a server that makes one client per session). Runtime
 * defaults (platform, device), then the environment, then the options passed here; the product's client
 * identifier persisted in the user's config directory when `PLEX_CLIENT_IDENTIFIER` is unset; a proxying `fetch` when
 * `HTTPS_PROXY` / `HTTP_PROXY` is set; with `jwt: true` and no token, the stored device key's JWT as the
 * token. Throws `InvalidInputError` naming each malformed or missing variable.
 *
 * @example
 * ```ts
 * import { createPlexAuthCore, getTokenDetails, plexAuthOptionsFromNodeEnv } from "@plex-auth/node";
 * const options = plexAuthOptionsFromNodeEnv({ product: "My App", required: ["PLEX_TOKEN"] });
 * const account = await getTokenDetails(createPlexAuthCore(options));
 * ```
 */
export function plexAuthOptionsFromNodeEnv(options: PlexAuthFromEnvOptions = {}): PlexAuthOptions {
  const { env = process.env, required = [], clientIdentifierFile: file, proxy = true, jwt, ...explicit } = options;
  const merged = mergeEnvOptions({
    read: (name) => env[name],
    required,
    defaults: runtimeIdentity(),
    explicit,
    requireClientIdentifier: file === false,
  });
  const settings = proxy && !explicit.fetch ? proxySettingsFromEnv(env) : undefined;
  const clientIdentifier =
    merged.clientIdentifier ??
    loadOrCreateClientIdentifier({ file: file || clientIdentifierFile({ env, product: merged.product }) });
  const resolved: PlexAuthOptions = {
    ...merged,
    clientIdentifier,
    ...(settings ? { fetch: createProxyFetch(settings) } : {}),
  };
  if (!jwt || resolved.token !== undefined) return resolved;
  const token = storedJwtToken(resolved, { env, product: merged.product, clientIdentifierFile: file || undefined });
  return token ? { ...resolved, token } : resolved;
}

/**
 * Creates a client configured from environment variables (`PLEX_TOKEN`, `PLEX_SERVER_URL`, … : see the
 * README), with Node defaults: the client identifier persisted in the user's config directory when
 * `PLEX_CLIENT_IDENTIFIER` is unset, the runtime and OS as platform and device, and the environment's proxy.
 * Options passed here win over the environment. With `jwt: true` and neither a `token` option nor
 * `PLEX_TOKEN`, a device registered for Plex JWTs signs in with its stored key and JWT. A malformed
 * variable, or an unset one listed in `required`, throws `InvalidInputError` naming it. The options
 * alone: {@link plexAuthOptionsFromNodeEnv}.
 *
 * @example
 * ```ts
 * // PLEX_TOKEN=… PLEX_SERVER_URL=http://192.168.1.10:32400 node app.js
 * import { createPlexAuthFromEnv } from "@plex-auth/node";
 * const plex = createPlexAuthFromEnv({ product: "My App", version: "1.0", required: ["PLEX_TOKEN"] });
 * const account = await plex.authentication.getTokenDetails();
 *
 * // No PLEX_TOKEN: the device key registered once (see the README), its JWT kept fresh.
 * const device = createPlexAuthFromEnv({ product: "My App", jwt: true });
 * ```
 */
export function createPlexAuthFromEnv(options: PlexAuthFromEnvOptions = {}): PlexAuth {
  return createPlexAuth(plexAuthOptionsFromNodeEnv(options));
}
