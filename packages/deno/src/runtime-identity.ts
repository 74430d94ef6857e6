import type { PlexIdentity } from "@plex-auth/core";

const OPERATING_SYSTEMS: Readonly<Record<string, string>> = {
  darwin: "macOS",
  linux: "Linux",
  windows: "Windows",
  freebsd: "FreeBSD",
  android: "Android",
};

/**
 * Deno and the OS it runs on, as `X-Plex-Platform`, `X-Plex-Platform-Version` and `X-Plex-Device`: Plex shows
 * them next to the device on the account, which helps its owner tell it apart.
 *
 * @example
 * ```ts
 * import { runtimeIdentity } from "@plex-auth/deno";
 * runtimeIdentity(); // { platform: "Deno", platformVersion: "2.9.6", device: "Linux" }
 * ```
 */
export function runtimeIdentity(): Required<Pick<PlexIdentity, "platform" | "platformVersion" | "device">> {
  return {
    platform: "Deno",
    platformVersion: Deno.version.deno,
    device: OPERATING_SYSTEMS[Deno.build.os] ?? Deno.build.os,
  };
}
