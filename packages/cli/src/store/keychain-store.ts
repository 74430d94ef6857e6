import { redactText } from "@plex-auth/core";
import { CliError } from "../errors.ts";
import { DEFAULT_KEYCHAIN_SERVICE, describeKeychainEntry } from "./keychain-description.ts";
import {
  type KeyringEntry,
  keyringReason,
  type LoadKeyring,
  loadKeyring,
  openEntry,
  withTimeout,
} from "./keychain-module.ts";
import { parseStoredLogin, serializeStoredLogin } from "./stored-login.ts";
import type { TokenStore } from "./token-store.ts";

export { DEFAULT_KEYCHAIN_SERVICE, describeKeychainEntry } from "./keychain-description.ts";
export { type KeychainProbe, type KeychainProbeOptions, keychainAvailable, probeKeychain } from "./keychain-probe.ts";

/** Which keychain entries the store uses, and how long it waits for them. */
export interface KeychainTokenStoreOptions {
  /** The keychain service; each profile is an account under it. Default `"plex-auth"`. */
  service?: string | undefined;
  /**
   * How long one operation may take. Default 60 s: enough to type the password when the keychain asks to
   * be unlocked, and an end when nobody will (a prompt on a screen no one looks at).
   */
  timeoutMilliseconds?: number | undefined;
  /** Loads `@napi-rs/keyring`; a test passes a fake. */
  loadKeyring?: LoadKeyring | undefined;
}

const DEFAULT_TIMEOUT_MILLISECONDS = 60_000;

/**
 * A token store in the operating system's keychain (macOS Keychain, Windows Credential Manager, the Secret
 * Service on Linux), through `@napi-rs/keyring`: one entry per profile, its password the login as JSON.
 * Failures are `keychain_unavailable` errors that say how to fall back to the file store.
 *
 * @example
 * ```ts
 * const store = createKeychainTokenStore();
 * const login = await store.read("default");
 * ```
 */
export function createKeychainTokenStore(options: KeychainTokenStoreOptions = {}): TokenStore {
  const service = options.service ?? DEFAULT_KEYCHAIN_SERVICE;
  const milliseconds = options.timeoutMilliseconds ?? DEFAULT_TIMEOUT_MILLISECONDS;
  const load = options.loadKeyring ?? loadKeyring;
  const describe = (profile: string): string => describeKeychainEntry(service, profile);

  /** Runs one operation on the profile's entry; any failure becomes a message without `secrets` in it. */
  async function onEntry<T>(
    profile: string,
    verb: string,
    secrets: readonly string[],
    operation: (entry: KeyringEntry) => Promise<T>,
  ): Promise<T> {
    try {
      return await withTimeout(
        load().then((keyring) => operation(openEntry(keyring, service, profile))),
        milliseconds,
      );
    } catch (error) {
      // The library's messages say what failed, not with what; redacted all the same, and not kept as the
      // cause, which could carry more than its message.
      const reason = redactText(keyringReason(error), secrets);
      throw new CliError(
        "keychain_failed",
        `Could not ${verb} the login of profile "${profile}" in ${describe(profile)}: ${reason}. ` +
          "Unlock the keychain and try again, or set PLEX_AUTH_TOKEN_STORE=file to keep tokens in a file instead.",
      );
    }
  }

  async function read(profile: string) {
    const password = await onEntry(profile, "read", [], (entry) => entry.getPassword());
    if (password === null) return undefined;
    return parseStoredLogin(password);
  }

  return {
    kind: "keychain",
    describe,
    read,
    async write(profile, login) {
      const password = serializeStoredLogin(login);
      await onEntry(profile, "store", [login.token, password], (entry) => entry.setPassword(password));
    },
    async delete(profile) {
      return await onEntry(profile, "delete", [], (entry) => entry.deleteCredential());
    },
    async whereIs(profile) {
      return (await read(profile)) ? "keychain" : undefined;
    },
  };
}
