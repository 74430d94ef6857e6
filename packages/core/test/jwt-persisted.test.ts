/**
 * Guards createPersistedJwtTokenSource, the token source on a store (files in node and deno, IndexedDB in a
 * browser): the key loaded on the first call, the kept JWT used unless another key's, each new JWT kept, a
 * store that cannot keep it told to the logger without the JWT, and no key as a PlexAuthError that sends
 * nothing and is looked for again by the next call.
 */
import { describe, expect, it } from "vitest";
import { createPlexAuth, PlexAuthError } from "../src/index.ts";
import { createPersistedJwtTokenSource, type DeviceKey, generateDeviceKey, type JwtStore } from "../src/jwt/index.ts";
import { rejection } from "./helpers/client.ts";
import { fakeJwtPlex } from "./helpers/fake-jwt-plex.ts";

const CLIENT = "persisted-jwt-client";

async function setUp() {
  const key = await generateDeviceKey();
  const fake = await fakeJwtPlex(key, CLIENT);
  const plex = createPlexAuth({ clientIdentifier: CLIENT, fetch: fake.fetch, retry: false });
  const kept: string[] = [];
  let storedKey: DeviceKey | undefined = key;
  const store: JwtStore = {
    loadKey: async () => storedKey,
    readToken: () => kept.at(-1),
    writeToken: (token) => void kept.push(token),
    noKeyMessage: "There is no Plex device key in memory: register one first.",
    tokenLocation: "memory",
  };
  return { key, fake, plex, kept, store, setKey: (next: DeviceKey | undefined) => (storedKey = next) };
}

describe("createPersistedJwtTokenSource", () => {
  it("mints on the first call, keeps the JWT, and a second source on the same store starts from it", async () => {
    const { fake, plex, kept, store } = await setUp();
    const first = createPersistedJwtTokenSource(plex, store);
    const token = await first();
    expect(kept).toEqual([token]);
    const second = createPersistedJwtTokenSource(plex, store);
    expect(await second()).toBe(token);
    expect(fake.calls.filter((path) => path === "/auth/token")).toHaveLength(1);
  });

  it("does not use a kept JWT issued to another key", async () => {
    const { fake, plex, kept, store } = await setUp();
    const other = await generateDeviceKey();
    const foreign = await fake.sign({ thumbprint: other.kid, iss: "plex.tv", aud: ["plex.tv", CLIENT], exp: 2e9 });
    kept.push(foreign);
    const token = await createPersistedJwtTokenSource(plex, store)();
    expect(token).not.toBe(foreign);
    expect(kept.at(-1)).toBe(token);
  });

  it("without a key rejects with the store's message and sends nothing; the next call looks again", async () => {
    const { key, fake, plex, store, setKey } = await setUp();
    setKey(undefined);
    const source = createPersistedJwtTokenSource(plex, store);
    const error = await rejection(plex.withToken(source).authentication.getTokenDetails());
    expect(error).toBeInstanceOf(PlexAuthError);
    expect((error as Error).message).toContain("There is no Plex device key in memory");
    expect(fake.calls).toEqual([]);
    setKey(key);
    await expect(source()).resolves.toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it("a store that cannot keep the JWT fails no call; the logger is told where, never the JWT", async () => {
    const { plex, store } = await setUp();
    const warnings: unknown[] = [];
    const failing: JwtStore = {
      ...store,
      readToken: () => undefined,
      writeToken: () => {
        throw new Error("disk full");
      },
    };
    const logger = { warn: (message: string, details?: unknown) => void warnings.push([message, details]) };
    const source = createPersistedJwtTokenSource(plex, failing, { logger });
    const token = await source();
    expect(JSON.stringify(warnings)).toContain("could not keep the new Plex JWT");
    expect(JSON.stringify(warnings)).toContain("memory");
    expect(JSON.stringify(warnings)).not.toContain(token);
  });

  it("forwards invalidate, refresh and idle to the source it made", async () => {
    const { fake, plex, store } = await setUp();
    const source = createPersistedJwtTokenSource(plex, store);
    source.invalidate("nothing handed out yet"); // before the first load: nothing to forget, no error
    const first = await source();
    source.invalidate(first);
    const second = await source();
    expect(second).not.toBe(first);
    await expect(source.refresh()).resolves.not.toBe(second);
    await source.idle();
    expect(fake.calls.filter((path) => path === "/auth/token")).toHaveLength(3);
  });
});
