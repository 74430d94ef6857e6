import { clientIdentifierPath, PlexAuthError } from "@plex-auth/core";
import { envPermissionError, tryReadEnv } from "./environment.ts";

/** Where the per-user configuration lives; every field defaults to the running process's. */
export interface ConfigLocationOptions {
  /** Reads `XDG_CONFIG_HOME`, `HOME`, `APPDATA`, `USERPROFILE`. Default `Deno.env.get`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The operating system, as `Deno.build.os` names it. Default `Deno.build.os`. */
  os?: string | undefined;
}

function isAbsolute(path: string, windows: boolean): boolean {
  return windows ? /^([A-Za-z]:[\\/]|\\\\)/.test(path) : path.startsWith("/");
}

/** Joins path segments with the OS's separator; enough for the few fixed names used here. */
export function joinPath(windows: boolean, ...parts: string[]): string {
  const separator = windows ? "\\" : "/";
  return parts.map((part, index) => (index === 0 ? part.replace(/[\\/]+$/, "") : part)).join(separator);
}

const LOCATION_FLAG = "--allow-env=XDG_CONFIG_HOME,HOME,APPDATA,USERPROFILE";

function variable(options: ConfigLocationOptions, name: string): string | undefined {
  if (options.env) return options.env[name];
  const read = tryReadEnv(name);
  if ("denied" in read) throw envPermissionError([name], LOCATION_FLAG);
  return read.value;
}

/**
 * The user's configuration directory: `$XDG_CONFIG_HOME` when it is set to an absolute path (the XDG spec
 * says to ignore a relative one), else `%APPDATA%` on Windows, `~/Library/Application Support` on macOS and
 * `~/.config` everywhere else. Needs `--allow-env` for the variables it reads unless `env` is given.
 *
 * @example
 * ```ts
 * import { configDirectory } from "@plex-auth/deno";
 * configDirectory({ os: "darwin", env: { HOME: "/Users/me" } }); // "/Users/me/Library/Application Support"
 * ```
 */
export function configDirectory(options: ConfigLocationOptions = {}): string {
  const os = options.os ?? Deno.build.os;
  const windows = os === "windows";
  const xdg = variable(options, "XDG_CONFIG_HOME");
  if (xdg && isAbsolute(xdg, windows)) return xdg;
  if (windows) {
    const appData = variable(options, "APPDATA");
    if (appData) return appData;
  }
  const home = variable(options, windows ? "USERPROFILE" : "HOME");
  if (!home) {
    throw new PlexAuthError({
      message:
        `Cannot find the configuration directory: ${windows ? "APPDATA and USERPROFILE are" : "HOME is"} not set. ` +
        "Set XDG_CONFIG_HOME, or PLEX_CLIENT_IDENTIFIER.",
    });
  }
  if (windows) return joinPath(true, home, "AppData", "Roaming");
  if (os === "darwin") return joinPath(false, home, "Library", "Application Support");
  return joinPath(false, home, ".config");
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
 * import { clientIdentifierFile } from "@plex-auth/deno";
 * console.log(`My App's Plex client identifier is stored in ${clientIdentifierFile({ product: "My App" })}`);
 * ```
 */
export function clientIdentifierFile(options: ClientIdentifierLocation = {}): string {
  const windows = (options.os ?? Deno.build.os) === "windows";
  return joinPath(windows, configDirectory(options), ...clientIdentifierPath(options.product));
}
