import type { PlexIdentity } from "@plex-auth/core";

const OPERATING_SYSTEMS: Readonly<Record<string, string>> = {
  darwin: "macOS",
  linux: "Linux",
  win32: "Windows",
  freebsd: "FreeBSD",
  openbsd: "OpenBSD",
  android: "Android",
};

/**
 * The runtime and OS this process runs on, as `X-Plex-Platform`, `X-Plex-Platform-Version` and
 * `X-Plex-Device`: Plex shows them next to the device on the account, which helps its owner tell it apart.
 * Bun runs this package too and says so.
 *
 * @example
 * ```ts
 * import { runtimeIdentity } from "@plex-auth/node";
 * runtimeIdentity(); // { platform: "Node.js", platformVersion: "20.20.2", device: "Linux" }
 * ```
 */
export function runtimeIdentity(): Required<Pick<PlexIdentity, "platform" | "platformVersion" | "device">> {
  const bun = process.versions.bun;
  return {
    platform: bun ? "Bun" : "Node.js",
    platformVersion: bun ?? process.versions.node,
    device: OPERATING_SYSTEMS[process.platform] ?? process.platform,
  };
}
