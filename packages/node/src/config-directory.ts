import { clientIdentifierPath } from "@plex-auth/core";
import { path as nodePath, os } from "./builtins.ts";

/** Where the per-user configuration lives; every field defaults to the running process's. */
export interface ConfigLocationOptions {
  /** The environment to read `XDG_CONFIG_HOME` and `APPDATA` from. Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The operating system, as `process.platform` names it. Default `process.platform`. */
  platform?: string;
  /** The user's home directory. Default `os.homedir()`. */
  homeDirectory?: string;
}

/**
 * The user's configuration directory: `$XDG_CONFIG_HOME` when it is set to an absolute path (the XDG spec
 * says to ignore a relative one), else `%APPDATA%` on Windows, `~/Library/Application Support` on macOS and
 * `~/.config` everywhere else.
 *
 * @example
 * ```ts
 * import { configDirectory } from "@plex-auth/node";
 * configDirectory({ platform: "darwin", env: {}, homeDirectory: "/Users/me" });
 * // "/Users/me/Library/Application Support"
 * ```
 */
export function configDirectory(options: ConfigLocationOptions = {}): string {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const path = platform === "win32" ? nodePath.win32 : nodePath.posix;
  const xdg = env.XDG_CONFIG_HOME;
  if (xdg && path.isAbsolute(xdg)) return xdg;
  const home = options.homeDirectory ?? os.homedir();
  if (platform === "win32") return env.APPDATA || path.join(home, "AppData", "Roaming");
  if (platform === "darwin") return path.join(home, "Library", "Application Support");
  return path.join(home, ".config");
}

/** Where {@link clientIdentifierFile} looks: the configuration directory, and whose identifier. */
export interface ClientIdentifierLocation extends ConfigLocationOptions {
  /** The app (`X-Plex-Product`) the identifier belongs to: one identifier, one Plex device, per product. */
  product?: string | undefined;
}

/**
 * The file {@link loadOrCreateClientIdentifier} keeps a product's client identifier in:
 * `<configDirectory>/plex-auth/client-ids/<product>`, or `<configDirectory>/plex-auth/client-id` for the
 * default product. One per product, so two apps on one machine are two devices on the Plex account.
 *
 * @example
 * ```ts
 * import { clientIdentifierFile } from "@plex-auth/node";
 * console.log(`My App's Plex client identifier is stored in ${clientIdentifierFile({ product: "My App" })}`);
 * ```
 */
export function clientIdentifierFile(options: ClientIdentifierLocation = {}): string {
  const path = (options.platform ?? process.platform) === "win32" ? nodePath.win32 : nodePath.posix;
  return path.join(configDirectory(options), ...clientIdentifierPath(options.product));
}
