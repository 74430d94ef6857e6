/** What `plex-auth login` keeps for a profile: the token, and who it belongs to (shown without a request). */
export interface StoredLogin {
  /** The Plex token (a secret). */
  readonly token: string;
  /** The account's username when it was stored, for `whoami` and messages. */
  readonly username?: string | undefined;
  /** The account's UUID when it was stored. */
  readonly uuid?: string | undefined;
  /** When it was stored (ISO 8601). */
  readonly storedAt: string;
}

/**
 * Which kind of store holds a profile's token: the operating system's keychain, a 0600 file, or (for
 * `--mock` only) the process's memory.
 */
export type TokenStoreKind = "keychain" | "file" | "memory";

/** Where the CLI keeps tokens, one per profile. Never logs or prints a token. */
export interface TokenStore {
  /**
   * Where this store keeps tokens. A store that can use either place (the default, keychain with a file
   * as fallback) reports where the profile it last read or wrote actually is; {@link TokenStore.whereIs}
   * answers for any profile.
   */
  readonly kind: TokenStoreKind;
  /**
   * Where it keeps the profile's token, for people: `the system keychain (service "plex-auth", account
   * "default")` or the file's path. After a `read` or `write`, where that profile's token actually is.
   */
  describe(profile: string): string;
  /** The profile's stored login, or `undefined` when none is stored (a corrupt entry counts as none). */
  read(profile: string): Promise<StoredLogin | undefined>;
  /** Stores (replaces) the profile's login. */
  write(profile: string, login: StoredLogin): Promise<void>;
  /** Deletes the profile's login; `true` when there was one. */
  delete(profile: string): Promise<boolean>;
  /**
   * Which kind of store holds the profile's login now (`undefined` when none does), looking it up. Only
   * a store that can use more than one place needs it; for the others it is {@link TokenStore.kind}
   * whenever `read` finds a login.
   */
  whereIs?(profile: string): Promise<TokenStoreKind | undefined>;
}
