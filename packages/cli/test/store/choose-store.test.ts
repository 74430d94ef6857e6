import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidInputError, PlexAuthError } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { chooseTokenStore, tokenStoreMode } from "../../src/store/choose-store.ts";
import type { CombinedTokenStore } from "../../src/store/combined-store.ts";
import type { KeychainProbe } from "../../src/store/keychain-probe.ts";
import { caught, everythingShown, fakeKeychain, loginWith, TOKEN, useTemporaryDirectories } from "./support.ts";

const temporaryDirectory = useTemporaryDirectories();
// A real temporary directory is a Windows path on Windows, which "linux" would ignore as a relative
// XDG_CONFIG_HOME (and then write to the real ~/.config).
const PLATFORM = process.platform === "win32" ? "win32" : "linux";
// The end of a token file's path, with either separator.
const TOKEN_FILE = /plex-auth[\\/]cli-tokens[\\/]default$/;

const AVAILABLE: KeychainProbe = { available: true };
const UNAVAILABLE: KeychainProbe = { available: false, reason: "Platform failure: DBus error: no session bus" };

/** chooseTokenStore with a fake keychain, files in a fresh directory, and the probe answering `probe`. */
function choose(storeSetting: string | undefined, probe: KeychainProbe) {
  const keychain = fakeKeychain();
  const probes: string[] = [];
  const env = { XDG_CONFIG_HOME: temporaryDirectory(), PLEX_AUTH_TOKEN_STORE: storeSetting };
  const chosen = chooseTokenStore({
    env,
    platform: PLATFORM,
    keychain,
    probeKeychain: async () => {
      probes.push("probe");
      return probe;
    },
  });
  return { chosen, keychain, probes, env };
}

describe("tokenStoreMode", () => {
  it("reads PLEX_AUTH_TOKEN_STORE: keychain, file, auto; unset or empty is auto; case and spaces ignored", () => {
    expect(tokenStoreMode({})).toBe("auto");
    expect(tokenStoreMode({ PLEX_AUTH_TOKEN_STORE: "" })).toBe("auto");
    expect(tokenStoreMode({ PLEX_AUTH_TOKEN_STORE: "auto" })).toBe("auto");
    expect(tokenStoreMode({ PLEX_AUTH_TOKEN_STORE: "keychain" })).toBe("keychain");
    expect(tokenStoreMode({ PLEX_AUTH_TOKEN_STORE: " File " })).toBe("file");
  });

  it("refuses anything else, naming the variable and the values it takes", () => {
    for (const value of ["files", "memory", "1", "keyring"]) {
      const read = () => tokenStoreMode({ PLEX_AUTH_TOKEN_STORE: value });
      expect(read).toThrow(InvalidInputError);
      expect(read).toThrow(
        'Invalid environment: PLEX_AUTH_TOKEN_STORE must be "keychain", "file" or "auto" (or unset, which is "auto").',
      );
    }
  });
});

describe("chooseTokenStore", () => {
  it("file: the file store, without asking the keychain", async () => {
    const { chosen, probes } = choose("file", AVAILABLE);
    const store = await chosen;
    expect(store.kind).toBe("file");
    expect(probes).toEqual([]);
  });

  it("keychain: the keychain store when it is available", async () => {
    const { chosen, keychain } = choose("keychain", AVAILABLE);
    expect(await chosen).toBe(keychain);
  });

  it("keychain: an error saying the keychain is not available, and to unset the variable or use file", async () => {
    const { chosen } = choose("keychain", UNAVAILABLE);
    const error = await caught(() => chosen);
    expect(error).toBeInstanceOf(PlexAuthError);
    expect((error as { code?: string }).code).toBe("keychain_unavailable");
    expect(error.message).toBe(
      'PLEX_AUTH_TOKEN_STORE is "keychain", but the system keychain is not available here (Platform failure: DBus error: no session bus). ' +
        'Unset PLEX_AUTH_TOKEN_STORE, or set it to "file" to keep tokens in a file readable only by you.',
    );
  });

  it("an unknown value: an InvalidInputError before anything is probed", async () => {
    const { chosen, probes } = choose("vault", AVAILABLE);
    await expect(chosen).rejects.toThrow(InvalidInputError);
    expect(probes).toEqual([]);
  });

  it("auto without a keychain: the file store", async () => {
    for (const setting of [undefined, "auto"]) {
      const { chosen, probes } = choose(setting, UNAVAILABLE);
      const store = await chosen;
      expect(store.kind).toBe("file");
      expect(store.describe("default")).toMatch(TOKEN_FILE);
      expect(probes).toEqual(["probe"]);
    }
  });

  it("auto with a keychain: writes to the keychain, and says so", async () => {
    const { chosen, keychain } = choose(undefined, AVAILABLE);
    const store = (await chosen) as CombinedTokenStore;
    await store.write("default", loginWith());
    expect(keychain.logins.get("default")).toEqual(loginWith());
    expect(store.kind).toBe("keychain");
    expect(store.describe("default")).toBe('the fake keychain (account "default")');
    expect(await store.file.read("default")).toBeUndefined();
    expect(await store.whereIs?.("default")).toBe("keychain");
  });
});

describe("the auto store (keychain, then file)", () => {
  async function autoStore() {
    const { chosen, keychain } = choose(undefined, AVAILABLE);
    return { store: (await chosen) as CombinedTokenStore, keychain };
  }

  it("finds a token stored in the file while the keychain was down", async () => {
    const { store } = await autoStore();
    await store.file.write("default", loginWith("file-token-1234"));
    expect((await store.read("default"))?.token).toBe("file-token-1234");
    expect(store.kind).toBe("file");
    expect(store.describe("default")).toMatch(TOKEN_FILE);
    expect(await store.whereIs?.("default")).toBe("file");
  });

  it("prefers the keychain's copy when both hold one", async () => {
    const { store, keychain } = await autoStore();
    await store.file.write("default", loginWith("file-token-1234"));
    keychain.logins.set("default", loginWith("keychain-token-5678"));
    expect((await store.read("default"))?.token).toBe("keychain-token-5678");
    expect(store.kind).toBe("keychain");
  });

  it("moves a token to the keychain on write, removing the file copy", async () => {
    const { store, keychain } = await autoStore();
    await store.file.write("default", loginWith("old-token-1234"));
    await store.write("default", loginWith("new-token-5678"));
    expect(keychain.logins.get("default")?.token).toBe("new-token-5678");
    expect(await store.file.read("default")).toBeUndefined();
    expect(await store.whereIs?.("default")).toBe("keychain");
  });

  it("keeps the token in the file when the keychain refuses it, and says so", async () => {
    const { store, keychain } = await autoStore();
    keychain.broken = true;
    await store.write("default", loginWith());
    expect((await store.file.read("default"))?.token).toBe(TOKEN);
    expect(store.kind).toBe("file");
    expect(store.describe("default")).toMatch(TOKEN_FILE);
    // Read back while the keychain is still down: found in the file.
    expect((await store.read("default"))?.token).toBe(TOKEN);
  });

  it("reports an unreadable keychain rather than 'no login' when the file has none", async () => {
    const { store, keychain } = await autoStore();
    keychain.broken = true;
    await expect(store.read("default")).rejects.toThrow("Couldn't access platform storage");
  });

  it("deletes both copies", async () => {
    const { store, keychain } = await autoStore();
    keychain.logins.set("default", loginWith());
    await store.file.write("default", loginWith("file-token-1234"));
    expect(await store.delete("default")).toBe(true);
    expect(keychain.logins.has("default")).toBe(false);
    expect(await store.file.read("default")).toBeUndefined();
    expect(await store.delete("default")).toBe(false);
    expect(await store.whereIs?.("default")).toBeUndefined();
  });

  it("deletes the file copy even when the keychain fails, then reports the failure", async () => {
    const { store, keychain } = await autoStore();
    await store.file.write("default", loginWith());
    keychain.broken = true;
    await expect(store.delete("default")).rejects.toThrow("Couldn't access platform storage");
    expect(await store.file.read("default")).toBeUndefined();
  });

  it("names both failures, and never the token, when neither place takes it", async () => {
    const keychain = fakeKeychain();
    keychain.broken = true;
    const configHome = temporaryDirectory();
    // A file where the plex-auth folder should be: the file store cannot write either.
    writeFileSync(join(configHome, "plex-auth"), "in the way");
    const store = await chooseTokenStore({
      env: { XDG_CONFIG_HOME: configHome },
      platform: PLATFORM,
      keychain,
      probeKeychain: async () => AVAILABLE,
    });
    const error = await caught(() => store.write("default", loginWith()));
    expect(error).toBeInstanceOf(PlexAuthError);
    expect(error.message).toContain('Could not store the login of profile "default" anywhere.');
    expect(error.message).toContain("Couldn't access platform storage");
    expect(error.message).toContain(join(configHome, "plex-auth", "cli-tokens", "default"));
    expect(everythingShown(error)).not.toContain(TOKEN);
  });
});
