import { DEFAULT_KEYCHAIN_SERVICE } from "./keychain-description.ts";
import { keyringReason, type LoadKeyring, loadKeyring, openEntry, withTimeout } from "./keychain-module.ts";

/** Whether the system keychain answered, and if not, why (the library's message, never a secret). */
export type KeychainProbe = { readonly available: true } | { readonly available: false; readonly reason: string };

/** How {@link probeKeychain} asks. */
export interface KeychainProbeOptions {
  /** The keychain service whose probe entry is read. Default `"plex-auth"`. */
  service?: string | undefined;
  /** How long to wait for an answer. Default 2 s: a Secret Service can hang, and this runs at every start. */
  timeoutMilliseconds?: number | undefined;
  /** Loads `@napi-rs/keyring`; a test passes a fake. */
  loadKeyring?: LoadKeyring | undefined;
}

// Not a valid profile name (those start with a letter or digit), so it never names a real login.
const PROBE_ACCOUNT = ".availability-probe";
const DEFAULT_PROBE_TIMEOUT_MILLISECONDS = 2_000;

/**
 * Asks the system keychain for an entry that does not exist: "no such entry" means it works; a failure to
 * load the native module, to reach the platform's storage (no Secret Service on D-Bus, access denied) or to
 * answer within the time limit means it does not. Only reads: a probe never writes, and never prompts.
 *
 * A locked keychain, or a Secret Service with no default collection, still answers "no such entry", so
 * a later write can fail where the probe passed; the default store then keeps the token in the file.
 *
 * @example
 * ```ts
 * const probe = await probeKeychain();
 * if (!probe.available) console.error(`No keychain: ${probe.reason}`);
 * ```
 */
export async function probeKeychain(options: KeychainProbeOptions = {}): Promise<KeychainProbe> {
  const milliseconds = options.timeoutMilliseconds ?? DEFAULT_PROBE_TIMEOUT_MILLISECONDS;
  try {
    const keyring = await (options.loadKeyring ?? loadKeyring)();
    const entry = openEntry(keyring, options.service ?? DEFAULT_KEYCHAIN_SERVICE, PROBE_ACCOUNT);
    // The signal only stops a call not yet started; the race stops the waiting for one that hangs.
    await withTimeout(entry.getPassword(AbortSignal.timeout(milliseconds)), milliseconds);
    return { available: true };
  } catch (error) {
    return { available: false, reason: keyringReason(error) };
  }
}

/**
 * Whether the system keychain can be used here, asked for real and within about 2 s (see {@link probeKeychain}).
 *
 * @example
 * ```ts
 * const where = (await keychainAvailable()) ? "the keychain" : "a file";
 * ```
 */
export async function keychainAvailable(options: KeychainProbeOptions = {}): Promise<boolean> {
  return (await probeKeychain(options)).available;
}
