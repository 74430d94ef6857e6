import { PlexAuthError } from "@plex-auth/core";
import type { StoredLogin, TokenStore, TokenStoreKind } from "./token-store.ts";

/** The default store: the keychain first, a file when the keychain will not take a token. */
export interface CombinedTokenStore extends TokenStore {
  /** Where tokens go when it can. */
  readonly keychain: TokenStore;
  /** Where tokens go when the keychain refuses them, and where older ones may still be. */
  readonly file: TokenStore;
}

type Place = "keychain" | "file";

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Combines the keychain and the file store. `read` looks in the keychain, then in the file (a token stored
 * while the keychain was down must still be found); `write` goes to the keychain and removes a file copy,
 * or, when the keychain refuses it (locked, no default collection, not answering), goes to the file;
 * `delete` removes both. `kind` and `describe` report where the profile last read or written actually is.
 *
 * @example
 * ```ts
 * const store = createCombinedTokenStore(createKeychainTokenStore(), createFileTokenStore({ env: process.env }));
 * await store.write("default", login);
 * console.log(`Stored in ${store.describe("default")}`);
 * ```
 */
export function createCombinedTokenStore(keychain: TokenStore, file: TokenStore): CombinedTokenStore {
  const places = new Map<string, Place>();
  let lastProfile: string | undefined;
  const storeAt = (place: Place | undefined): TokenStore => (place === "file" ? file : keychain);

  function remember(profile: string, place: Place | undefined): void {
    lastProfile = profile;
    if (place) places.set(profile, place);
    // Nothing stored: the next write goes to the keychain, so that is where to point.
    else places.delete(profile);
  }

  async function locate(profile: string): Promise<{ place: Place; login: StoredLogin } | undefined> {
    let keychainError: unknown;
    try {
      const login = await keychain.read(profile);
      if (login) return { place: "keychain", login };
    } catch (error) {
      keychainError = error;
    }
    const login = await file.read(profile);
    if (login) return { place: "file", login };
    // A keychain that could not be read may well hold the token: "not signed in" would be wrong.
    if (keychainError !== undefined) throw keychainError;
    return undefined;
  }

  return {
    keychain,
    file,
    get kind(): TokenStoreKind {
      return lastProfile === undefined ? "keychain" : (places.get(lastProfile) ?? "keychain");
    },
    describe: (profile) => storeAt(places.get(profile)).describe(profile),
    async read(profile) {
      const found = await locate(profile);
      remember(profile, found?.place);
      return found?.login;
    },
    async write(profile, login) {
      try {
        await keychain.write(profile, login);
      } catch (keychainError) {
        try {
          await file.write(profile, login);
        } catch (fileError) {
          throw new PlexAuthError({
            message: `Could not store the login of profile "${profile}" anywhere. ${messageOf(keychainError)} ${messageOf(fileError)}`,
          });
        }
        remember(profile, "file");
        // The keychain is read first: an older login left there would win over this one once it answers.
        await keychain.delete(profile).catch(() => false);
        return;
      }
      remember(profile, "keychain");
      // The keychain is read first, but an older token must not stay behind on disk. The login is stored
      // either way, so a file that will not go away does not fail it.
      await file.delete(profile).catch(() => false);
    },
    async delete(profile) {
      const [fromKeychain, fromFile] = await Promise.allSettled([keychain.delete(profile), file.delete(profile)]);
      remember(profile, undefined);
      if (fromKeychain.status === "rejected") throw fromKeychain.reason;
      if (fromFile.status === "rejected") throw fromFile.reason;
      return fromKeychain.value || fromFile.value;
    },
    async whereIs(profile) {
      const found = await locate(profile);
      remember(profile, found?.place);
      return found?.place;
    },
  };
}
