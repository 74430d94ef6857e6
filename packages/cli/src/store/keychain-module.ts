/** The part of a `@napi-rs/keyring` `AsyncEntry` the stores use: one secret, by service and account. */
export interface KeyringEntry {
  getPassword(signal?: AbortSignal): Promise<string | null>;
  setPassword(password: string, signal?: AbortSignal): Promise<void>;
  deleteCredential(signal?: AbortSignal): Promise<boolean>;
}

/** The part of the `@napi-rs/keyring` module the stores use; a test passes a fake. */
export interface KeyringModule {
  AsyncEntry: new (
    service: string,
    account: string,
    options?: { linux?: { store?: "secret-service" | "keyutils" } },
  ) => KeyringEntry;
}

/** Loads the keyring module, or rejects when it cannot (no native binary for this platform, say). */
export type LoadKeyring = () => Promise<KeyringModule>;

/**
 * Loads `@napi-rs/keyring` when a keychain is first needed: a missing or broken native binary then fails
 * that one operation (and the file store takes over), never the CLI's start-up.
 */
export const loadKeyring: LoadKeyring = async () => await import("@napi-rs/keyring");

/**
 * Opens the entry of `account` under `service`. On Linux the Secret Service (GNOME Keyring, KWallet,
 * KeePassXC) is required: the library's default falls back silently to the kernel's keyutils keyring,
 * which lives in memory and is emptied at reboot, so a token would vanish and a probe would find a keychain
 * where there is none. Elsewhere the option is ignored.
 *
 * Synchronous, and on Linux it opens a Secret Service session over D-Bus: an unresponsive service blocks
 * the thread until the library's own D-Bus timeout (about 2 s), which no timer here can shorten.
 */
export function openEntry(keyring: KeyringModule, service: string, account: string): KeyringEntry {
  return new keyring.AsyncEntry(service, account, { linux: { store: "secret-service" } });
}

/** A keychain operation that did not settle in time. */
class KeychainTimeoutError extends Error {
  constructor(milliseconds: number) {
    const duration = milliseconds >= 1_000 ? `${Math.round(milliseconds / 1_000)} s` : `${milliseconds} ms`;
    super(`it did not answer within ${duration} (is it waiting for you to unlock it?)`);
  }
}

/**
 * `promise`, or a {@link KeychainTimeoutError} after `milliseconds`. The native call goes on in its thread
 * (cancelling a running one is not possible) and keeps the process alive until it settles; the caller
 * merely stops waiting for it.
 */
export function withTimeout<T>(promise: Promise<T>, milliseconds: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KeychainTimeoutError(milliseconds)), milliseconds);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The library's messages are one line; a chain of load errors can be long.
const MAX_REASON_LENGTH = 300;

/**
 * What went wrong, in the library's words ("Couldn't access platform storage: …"): the first line, without
 * its full stop, to go inside a sentence.
 */
export function keyringReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Cut first: the text comes from outside, and the clean-up below need not see more than is kept.
  const line = (message.split("\n", 1)[0] ?? "").slice(0, MAX_REASON_LENGTH + 1).trim();
  const shown = line.length > MAX_REASON_LENGTH ? `${line.slice(0, MAX_REASON_LENGTH - 1)}…` : line;
  return shown.replace(/\.+$/, "") || "unknown error";
}
