/** The keychain service the CLI's tokens are kept under, one account per profile. */
export const DEFAULT_KEYCHAIN_SERVICE = "plex-auth";

/**
 * Where a profile's token is in the keychain, for people.
 *
 * @example
 * ```ts
 * describeKeychainEntry("plex-auth", "default"); // 'the system keychain (service "plex-auth", account "default")'
 * ```
 */
export function describeKeychainEntry(service: string, profile: string): string {
  return `the system keychain (service "${service}", account "${profile}")`;
}
