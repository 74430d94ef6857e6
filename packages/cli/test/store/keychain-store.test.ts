import { describe, expect, it } from "vitest";
import type { KeyringEntry, KeyringModule } from "../../src/store/keychain-module.ts";
import { createKeychainTokenStore, keychainAvailable, probeKeychain } from "../../src/store/keychain-store.ts";
import { caught, everythingShown, loginWith, TOKEN } from "./support.ts";

interface Opened {
  readonly service: string;
  readonly account: string;
  readonly options: unknown;
}

/** A keyring module in memory; `failWith` makes every call reject with that message, `hang` never settle. */
function fakeKeyring(behaviour: { failWith?: string; hang?: boolean } = {}) {
  const passwords = new Map<string, string>();
  const opened: Opened[] = [];
  const calls: string[] = [];
  const answer = <T>(call: string, value: () => T): Promise<T> => {
    calls.push(call);
    if (behaviour.hang) return new Promise<T>(() => {});
    if (behaviour.failWith) return Promise.reject(new Error(behaviour.failWith));
    return Promise.resolve(value());
  };
  class AsyncEntry implements KeyringEntry {
    readonly key: string;
    constructor(service: string, account: string, options?: unknown) {
      opened.push({ service, account, options });
      this.key = `${service}/${account}`;
    }
    getPassword() {
      return answer("get", () => passwords.get(this.key) ?? null);
    }
    setPassword(password: string) {
      return answer("set", () => void passwords.set(this.key, password));
    }
    deleteCredential() {
      return answer("delete", () => passwords.delete(this.key));
    }
  }
  const module: KeyringModule = { AsyncEntry };
  return { passwords, opened, calls, load: async () => module };
}

describe("createKeychainTokenStore", () => {
  it("keeps each profile's login as JSON, service plex-auth, account the profile, Secret Service required", async () => {
    const keyring = fakeKeyring();
    const store = createKeychainTokenStore({ loadKeyring: keyring.load });
    expect(store.kind).toBe("keychain");
    expect(store.describe("work")).toBe('the system keychain (service "plex-auth", account "work")');
    await store.write("work", loginWith());
    expect(JSON.parse(keyring.passwords.get("plex-auth/work") ?? "")).toEqual(loginWith());
    expect(keyring.opened[0]).toEqual({
      service: "plex-auth",
      account: "work",
      options: { linux: { store: "secret-service" } },
    });
    expect(await store.read("work")).toEqual(loginWith());
    expect(await store.whereIs?.("work")).toBe("keychain");
    expect(await store.read("home")).toBeUndefined();
    expect(await store.delete("work")).toBe(true);
    expect(await store.delete("work")).toBe(false);
    expect(await store.whereIs?.("work")).toBeUndefined();
  });

  it("uses the service it is given", async () => {
    const keyring = fakeKeyring();
    const store = createKeychainTokenStore({ service: "plex-auth-test", loadKeyring: keyring.load });
    await store.write("default", loginWith());
    expect([...keyring.passwords.keys()]).toEqual(["plex-auth-test/default"]);
    expect(store.describe("default")).toBe('the system keychain (service "plex-auth-test", account "default")');
  });

  it("reads a corrupt entry as none", async () => {
    const keyring = fakeKeyring();
    const store = createKeychainTokenStore({ loadKeyring: keyring.load });
    for (const password of ["", "not json", "{}", JSON.stringify({ token: "a\nb", storedAt: "x" })]) {
      keyring.passwords.set("plex-auth/default", password);
      expect(await store.read("default")).toBeUndefined();
    }
  });

  it("says what failed and how to fall back, with the library's reason and never the token", async () => {
    // A library message that quotes what it was given: the store must still not repeat the token.
    const keyring = fakeKeyring({ failWith: `Couldn't access platform storage: rejected ${TOKEN}` });
    const store = createKeychainTokenStore({ loadKeyring: keyring.load });
    const error = await caught(() => store.write("default", loginWith()));
    expect(error.message).toContain(
      'Could not store the login of profile "default" in the system keychain (service "plex-auth", account "default"): Couldn\'t access platform storage: rejected [redacted].',
    );
    expect(error.message).toContain("set PLEX_AUTH_TOKEN_STORE=file");
    expect((error as { code?: string }).code).toBe("keychain_failed");
    expect(everythingShown(error)).not.toContain(TOKEN);
    await expect(store.read("default")).rejects.toThrow('Could not read the login of profile "default"');
    await expect(store.delete("default")).rejects.toThrow('Could not delete the login of profile "default"');
  });

  it("stops waiting for a keychain that does not answer", async () => {
    const keyring = fakeKeyring({ hang: true });
    const store = createKeychainTokenStore({ loadKeyring: keyring.load, timeoutMilliseconds: 50 });
    await expect(store.read("default")).rejects.toThrow(
      "did not answer within 50 ms (is it waiting for you to unlock it?)",
    );
  });

  it("fails the operation, not the import, when the native module cannot load", async () => {
    const store = createKeychainTokenStore({
      loadKeyring: () => Promise.reject(new Error("Cannot find native binding.\nmore detail")),
    });
    const error = await caught(() => store.read("default"));
    expect(error.message).toContain(": Cannot find native binding. Unlock the keychain");
    expect(error.message).not.toContain("more detail");
  });
});

describe("probeKeychain", () => {
  it("calls a keychain that answers 'no such entry' available, and only reads", async () => {
    const keyring = fakeKeyring();
    expect(await probeKeychain({ loadKeyring: keyring.load })).toEqual({ available: true });
    expect(await keychainAvailable({ loadKeyring: keyring.load })).toBe(true);
    expect(keyring.calls).toEqual(["get", "get"]);
    expect(keyring.opened[0]?.account).toBe(".availability-probe");
    expect(keyring.opened[0]?.options).toEqual({ linux: { store: "secret-service" } });
  });

  it("calls a keychain unavailable when it fails, with the library's reason", async () => {
    const keyring = fakeKeyring({ failWith: "Platform failure: DBus error: no bus" });
    expect(await probeKeychain({ loadKeyring: keyring.load })).toEqual({
      available: false,
      reason: "Platform failure: DBus error: no bus",
    });
    expect(await keychainAvailable({ loadKeyring: keyring.load })).toBe(false);
  });

  it("calls it unavailable when the module cannot load or the constructor throws", async () => {
    const failing = () => Promise.reject(new Error("Cannot find native binding."));
    expect(await probeKeychain({ loadKeyring: failing })).toEqual({
      available: false,
      reason: "Cannot find native binding",
    });
    const throwing: KeyringModule = {
      AsyncEntry: class {
        constructor() {
          throw new Error("Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled");
        }
      } as unknown as KeyringModule["AsyncEntry"],
    };
    expect(await keychainAvailable({ loadKeyring: async () => throwing })).toBe(false);
  });

  it("gives up on a keychain that hangs, within its time limit", async () => {
    const keyring = fakeKeyring({ hang: true });
    const started = Date.now();
    const probe = await probeKeychain({ loadKeyring: keyring.load, timeoutMilliseconds: 100 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(probe.available).toBe(false);
    expect(probe).toMatchObject({ reason: expect.stringContaining("did not answer") });
  });
});
