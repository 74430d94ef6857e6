import {
  createPlexAuth,
  mergeEnvOptions,
  type PlexAuth,
  type PlexAuthOptions,
  type PlexEnvName,
} from "@plex-auth/core";
import { loadOrCreateClientIdentifier } from "./client-identifier.ts";
import { readPlexEnv } from "./environment.ts";
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
}

/**
 * Creates a client configured from environment variables (`PLEX_TOKEN`, `PLEX_SERVER_URL`, … : see the
 * README), with Deno defaults: the client identifier persisted in the user's config directory when
 * `PLEX_CLIENT_IDENTIFIER` is unset, and Deno and the OS as platform and device. Options passed here win over
 * the environment. A malformed variable, or an unset one listed in `required`, throws `InvalidInputError`
 * naming it. Deno's own fetch already honours `HTTPS_PROXY` and `NO_PROXY`.
 *
 * @example
 * ```ts
 * // deno run --allow-net --allow-env=PLEX_* main.ts
 * import { createPlexAuthFromEnv } from "@plex-auth/deno";
 * const plex = createPlexAuthFromEnv({ product: "My App", required: ["PLEX_CLIENT_IDENTIFIER", "PLEX_TOKEN"] });
 * const account = await plex.authentication.getTokenDetails();
 * ```
 */
export function createPlexAuthFromEnv(options: PlexAuthFromEnvOptions = {}): PlexAuth {
  const { env, required = [], clientIdentifierFile: file, ...explicit } = options;
  const variables = env ?? readPlexEnv();
  const merged = mergeEnvOptions({
    read: (name) => variables[name],
    required,
    defaults: runtimeIdentity(),
    explicit,
    requireClientIdentifier: file === false,
  });
  const clientIdentifier =
    merged.clientIdentifier ??
    loadOrCreateClientIdentifier(file ? { file } : { ...(env ? { env } : {}), product: merged.product });
  return createPlexAuth({ ...merged, clientIdentifier });
}
