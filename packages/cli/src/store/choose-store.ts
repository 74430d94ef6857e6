import { InvalidInputError } from "@plex-auth/core";
import { CliError } from "../errors.ts";
import { createCombinedTokenStore } from "./combined-store.ts";
import { createFileTokenStore, type FileTokenStoreOptions } from "./file-store.ts";
import { type KeychainProbe, probeKeychain } from "./keychain-probe.ts";
import { createKeychainTokenStore } from "./keychain-store.ts";
import type { TokenStore } from "./token-store.ts";

export { validateProfileName } from "./profile-name.ts";

/** What `PLEX_AUTH_TOKEN_STORE` asks for: the keychain only, a file only, or the keychain when it works. */
export type TokenStoreMode = "keychain" | "file" | "auto";

/** What {@link chooseTokenStore} reads, and what a test swaps in. */
export interface ChooseTokenStoreOptions extends FileTokenStoreOptions {
  /** The keychain service. Default `"plex-auth"`. */
  service?: string | undefined;
  /** Whether the keychain works; default: {@link probeKeychain}, for real. A test passes a fake. */
  probeKeychain?: (() => Promise<KeychainProbe>) | undefined;
  /** The keychain store to use; default `createKeychainTokenStore({ service })`. A test passes a fake. */
  keychain?: TokenStore | undefined;
}

const MODES: readonly TokenStoreMode[] = ["keychain", "file", "auto"];

/**
 * The mode `PLEX_AUTH_TOKEN_STORE` asks for (`auto` when unset or empty; case and spaces ignored), or an
 * `InvalidInputError` naming the variable and the values it takes.
 *
 * @example
 * ```ts
 * tokenStoreMode({ PLEX_AUTH_TOKEN_STORE: "file" }); // "file"
 * ```
 */
export function tokenStoreMode(env: Readonly<Record<string, string | undefined>>): TokenStoreMode {
  const value = (env.PLEX_AUTH_TOKEN_STORE ?? "").trim().toLowerCase();
  if (value === "") return "auto";
  const mode = MODES.find((candidate) => candidate === value);
  if (mode) return mode;
  throw new InvalidInputError({
    where: "environment",
    issues: [
      { path: "PLEX_AUTH_TOKEN_STORE", message: 'must be "keychain", "file" or "auto" (or unset, which is "auto")' },
    ],
  });
}

/**
 * The token store `PLEX_AUTH_TOKEN_STORE` asks for: `keychain` (required: an error when it is not
 * available), `file`, or, unset or `auto`, the keychain with the file as fallback when the keychain
 * answers, else the file. Probes the keychain (at most about 2 s) unless the mode is `file`.
 *
 * @example
 * ```ts
 * const store = await chooseTokenStore({ env: process.env });
 * const login = await store.read("default");
 * ```
 */
export async function chooseTokenStore(options: ChooseTokenStoreOptions): Promise<TokenStore> {
  const mode = tokenStoreMode(options.env);
  const file = createFileTokenStore(options);
  if (mode === "file") return file;
  const probe = await (options.probeKeychain ?? (() => probeKeychain({ service: options.service })))();
  const keychain = options.keychain ?? createKeychainTokenStore({ service: options.service });
  if (mode === "keychain") {
    if (probe.available) return keychain;
    throw new CliError(
      "keychain_unavailable",
      `PLEX_AUTH_TOKEN_STORE is "keychain", but the system keychain is not available here (${probe.reason}). ` +
        'Unset PLEX_AUTH_TOKEN_STORE, or set it to "file" to keep tokens in a file readable only by you.',
    );
  }
  return probe.available ? createCombinedTokenStore(keychain, file) : file;
}
