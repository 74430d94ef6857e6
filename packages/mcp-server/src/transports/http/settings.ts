import { hostnameOfHostHeader, normalizeOrigin } from "./guards.ts";
import { isLoopbackAddress, isWildcardAddress, LOOPBACK_HOSTNAMES, urlHostname } from "./loopback.ts";

/**
 * A setting that would make the HTTP server unsafe, refused before anything listens.
 *
 * @example
 * ```ts
 * await startHttpServer(config, { host: "0.0.0.0", authToken: false }); // throws UnsafeHttpSettingsError
 * ```
 */
export class UnsafeHttpSettingsError extends Error {
  override readonly name = "UnsafeHttpSettingsError";
}

/** What {@link checkHttpSettings} judges: where the server listens, and who may get in. */
export interface HttpSafetySettings {
  /** The bind address. */
  readonly host: string;
  /** Whether a bearer token is required. */
  readonly auth: boolean;
  /** Extra `Host` names (`--allowed-host`). */
  readonly allowedHosts: readonly string[];
  /** Extra browser origins (`--allowed-origin`). */
  readonly allowedOrigins: readonly string[];
}

/**
 * The HTTP transport's safety rules, in one place: no authentication only on a loopback bind, a wildcard
 * bind only with the host names clients use, and allowed origins that are origins. {@link startHttpServer}
 * applies them before listening; the CLI applies them before anything else, so a refused command line has
 * no side effects. Throws {@link UnsafeHttpSettingsError}.
 *
 * @example
 * ```ts
 * checkHttpSettings({ host: "0.0.0.0", auth: false, allowedHosts: [], allowedOrigins: [] }); // throws
 * ```
 */
export function checkHttpSettings(settings: HttpSafetySettings): void {
  const { host } = settings;
  if (!settings.auth && !isLoopbackAddress(host)) {
    throw new UnsafeHttpSettingsError(
      `Refusing to serve ${host} without authentication: --no-auth is only accepted on a loopback address ` +
        "(127.0.0.1, localhost, ::1), since anyone who can reach the port could use the Plex token. Drop " +
        "--no-auth (a bearer token is then required), or bind to 127.0.0.1.",
    );
  }
  if (isWildcardAddress(host) && settings.allowedHosts.length === 0) {
    throw new UnsafeHttpSettingsError(
      `Binding to ${host || "every interface"} needs --allowed-host <name> for each name clients use to reach ` +
        "this machine: Host headers are checked against them (DNS-rebinding protection).",
    );
  }
  const notAnOrigin = settings.allowedOrigins.find((origin) => normalizeOrigin(origin) === undefined);
  if (notAnOrigin !== undefined) {
    throw new UnsafeHttpSettingsError(
      `--allowed-origin "${notAnOrigin}" is not an origin: give the scheme, host and port a browser sends, e.g. http://localhost:6274.`,
    );
  }
}

/** The `Host` names the server answers to: loopback names, its bind address, and the allowed ones. */
export function allowedHostnamesFor(host: string, extra: readonly string[]): ReadonlySet<string> {
  const names = new Set(LOOPBACK_HOSTNAMES);
  if (!isWildcardAddress(host)) names.add(urlHostname(host));
  for (const name of extra) {
    const hostname = hostnameOfHostHeader(name);
    if (hostname) names.add(hostname);
  }
  return names;
}
