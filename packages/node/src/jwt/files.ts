import { clientIdentifierPath } from "@plex-auth/core";
import { path as nodePath } from "../builtins.ts";
import { type ClientIdentifierLocation, configDirectory } from "../config-directory.ts";

/** Whose JWT files {@link jwtDeviceFiles} names: a product in the config directory, or a file of your own. */
export interface JwtFilesLocation extends ClientIdentifierLocation {
  /**
   * The client identifier file you chose instead of the product's (`clientIdentifierFile` of
   * `createPlexAuthFromEnv`): the JWT files then sit beside it, as `<file>.device-key` and `<file>.jwt`.
   */
  clientIdentifierFile?: string | undefined;
}

/** The two files of a device that signs in with Plex JWTs. */
export interface JwtDeviceFiles {
  /** The device key: its private JWK, a secret (mode 0600). */
  readonly deviceKey: string;
  /** The current Plex JWT, a secret too (mode 0600); replaced by each refresh. */
  readonly jwt: string;
}

/**
 * Where a product keeps its device key and its current Plex JWT: beside its client identifier in the
 * config directory, in the same scheme (`plex-auth/client-ids/<product>` has `plex-auth/device-keys/<product>`
 * and `plex-auth/jwts/<product>`; the default product's `plex-auth/client-id` has `plex-auth/device-key` and
 * `plex-auth/jwt`). Each kind has its own folder, so no product's name can make it share a file with
 * another's (a product called `my-app.jwt` keeps its identifier apart from `my-app`'s JWT). `@plex-auth/deno`
 * uses the same files.
 *
 * @example
 * ```ts
 * import { jwtDeviceFiles } from "@plex-auth/node/jwt";
 * const files = jwtDeviceFiles({ product: "My App" });
 * console.log(`device key in ${files.deviceKey}, current JWT in ${files.jwt}`);
 * ```
 */
export function jwtDeviceFiles(location: JwtFilesLocation = {}): JwtDeviceFiles {
  const own = location.clientIdentifierFile;
  if (own) return { deviceKey: `${own}.device-key`, jwt: `${own}.jwt` };
  const path = (location.platform ?? process.platform) === "win32" ? nodePath.win32 : nodePath.posix;
  const directory = configDirectory(location);
  const [root = "plex-auth", , name] = clientIdentifierPath(location.product);
  const file = (kind: string) =>
    name === undefined ? path.join(directory, root, kind) : path.join(directory, root, `${kind}s`, name);
  return { deviceKey: file("device-key"), jwt: file("jwt") };
}
