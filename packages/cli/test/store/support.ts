import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach } from "vitest";
import type { StoredLogin, TokenStore } from "../../src/store/token-store.ts";

/** A fresh directory per call, removed after the test that made it. */
export function useTemporaryDirectories(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  return () => {
    const directory = mkdtempSync(join(tmpdir(), "plex-auth-cli-"));
    made.push(directory);
    return directory;
  };
}

/** The error `run` rejects with; fails the test when it resolves. */
export async function caught(run: () => unknown): Promise<Error> {
  try {
    await run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

/** Everything an error shows: message, stack, JSON and cause. */
export function everythingShown(error: unknown): string {
  const { message, stack, cause } = error as Error;
  return `${message}\n${stack}\n${JSON.stringify(error)}\n${String(cause)}`;
}

// Long and unlike anything else in a message, so finding it there is never a coincidence.
export const TOKEN = "sEcReT-tOkEn-4f1c9a7e2b";

/** A login holding {@link TOKEN}, or another token. */
export function loginWith(token = TOKEN, username = "someone"): StoredLogin {
  return { token, username, uuid: "0f1e2d3c", storedAt: "2026-01-02T03:04:05.000Z" };
}

/** A keychain in memory whose operations fail, as a locked or absent one does, when `broken` is set. */
export interface FakeKeychain extends TokenStore {
  readonly logins: Map<string, StoredLogin>;
  broken: boolean;
}

export function fakeKeychain(): FakeKeychain {
  const logins = new Map<string, StoredLogin>();
  const fake: FakeKeychain = {
    logins,
    broken: false,
    kind: "keychain",
    describe: (profile) => `the fake keychain (account "${profile}")`,
    async read(profile) {
      if (fake.broken) throw new Error("Couldn't access platform storage: locked");
      return logins.get(profile);
    },
    async write(profile, login) {
      if (fake.broken) throw new Error("Couldn't access platform storage: locked");
      logins.set(profile, login);
    },
    async delete(profile) {
      if (fake.broken) throw new Error("Couldn't access platform storage: locked");
      return logins.delete(profile);
    },
  };
  return fake;
}
