import { isIPv4 } from "node:net";

/** The host names that mean "this machine" in a `Host` or `Origin` header. */
export const LOOPBACK_HOSTNAMES: readonly string[] = Object.freeze(["localhost", "127.0.0.1", "[::1]"]);

/**
 * Whether a bind address only accepts connections from this machine: `localhost`, `::1` or 127.0.0.0/8.
 *
 * @example
 * ```ts
 * isLoopbackAddress("127.0.0.1"); // true
 * isLoopbackAddress("0.0.0.0"); // false
 * ```
 */
export function isLoopbackAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (bare === "localhost" || bare === "::1") return true;
  return isIPv4(bare) && bare.startsWith("127.");
}

/** Whether a bind address listens on every interface. */
export function isWildcardAddress(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  return bare === "0.0.0.0" || bare === "::" || bare === "";
}

/** A host as it appears in a URL or a `Host` header: IPv6 addresses in brackets, lower case. */
export function urlHostname(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower;
}
