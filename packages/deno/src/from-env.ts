import {
  createPlexAuth,
  mergeEnvOptions,
  type PlexAuth,
  type PlexAuthOptions,
  type PlexEnvName,
} from "@plex-auth/core";
import { loadOrCreateClientIdentifier } from "./client-identifier.ts";
import { readPlexEnv } from "./environment.ts";
import { storedJwtToken } from "./jwt/from-env-token.ts";
import { runtimeIdentity } from "./runtime-identity.ts";

/** Options of {@link createPlexAuthFromEnv}: any client option (it wins over the environment), plus these. */
export interface PlexAuthFromEnvOptions extends Partial<PlexAuthOptions> {
  /**
   * Where variables are read from. Default: the `PLEX_*` variables of `Deno.env`, each read by name, so
   * `--allow-env=PLEX_*` is all the permission it needs.
   */
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
   * Sign in with this installation's stored device key when no token is given. With `jwt: true`, when
   * neither a `token` option nor `PLEX_TOKEN` is set and the product's device key file exists
   * (`jwtDeviceFiles` of `@plex-auth/deno/jwt`, beside the client identifier file), the token is the stored
   * Plex JWT, refreshed when due or after a 498 and written back (see `createStoredJwtTokenSource`; its
   * refresh calls use this client's options). Precedence: the `token` option, then `PLEX_TOKEN`, then the
   * stored key, then no token. The key is read on the first call, so a broken key file rejects that call.
   * Register the key once first (the README's "JWT device authentication"). Needs `--allow-read` and
   * `--allow-write` for the files. Default `false`.
   */
  jwt?: boolean | undefined;
}

/**
 * Creates a client configured from environment variables (`PLEX_TOKEN`, `PLEX_SERVER_URL`, … : see the
 * README), with Deno defaults: the client identifier persisted in the user's config directory when
 * `PLEX_CLIENT_IDENTIFIER` is unset, and Deno and the OS as platform and device. Options passed here win over
 * the environment. A malformed variable, or an unset one listed in `required`, throws `InvalidInputError`
 * naming it. Deno's own fetch already honours `HTTPS_PROXY` and `NO_PROXY`. With `jwt: true` and neither a
 * `token` option nor `PLEX_TOKEN`, a device registered for Plex JWTs signs in with its stored key and JWT.
 *
 * @example
 * ```ts
 * // deno run --allow-net --allow-env=PLEX_* main.ts
 * import { createPlexAuthFromEnv } from "@plex-auth/deno";
 * const plex = createPlexAuthFromEnv({ product: "My App", required: ["PLEX_CLIENT_IDENTIFIER", "PLEX_TOKEN"] });
 * const account = await plex.authentication.getTokenDetails();
 *
 * // No PLEX_TOKEN: the device key registered once (see the README), its JWT kept fresh.
 * const device = createPlexAuthFromEnv({ product: "My App", jwt: true });
 * ```
 */
export function createPlexAuthFromEnv(options: PlexAuthFromEnvOptions = {}): PlexAuth {
  const { env, required = [], clientIdentifierFile: file, jwt, ...explicit } = options;
  const variables = env ?? readPlexEnv();
  const merged = mergeEnvOptions({
    read: (name) => variables[name],
    required,
    defaults: runtimeIdentity(),
    explicit,
    requireClientIdentifier: file === false,
  });
  const location = { ...(env ? { env } : {}), product: merged.product };
  const clientIdentifier = merged.clientIdentifier ?? loadOrCreateClientIdentifier(file ? { file } : location);
  const resolved: PlexAuthOptions = { ...merged, clientIdentifier };
  const token =
    jwt && resolved.token === undefined
      ? storedJwtToken(resolved, { ...location, clientIdentifierFile: file || undefined })
      : undefined;
  return createPlexAuth(token ? { ...resolved, token } : resolved);
}
