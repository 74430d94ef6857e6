import { readFileSync, writeFileSync } from "node:fs";
import { createMockPlex, MOCK_ACCOUNTS, type MockOperationName } from "@plex-auth/mock-server";
import { describe, expect, it } from "vitest";
import { createPlexAuthFromEnv, type FetchLike, InvalidInputError, plexAuthOptionsFromNodeEnv } from "../src/index.ts";
import { jwtDeviceFiles, loadOrCreateDeviceKey } from "../src/jwt/index.ts";
import { registerDevice } from "./support/jwt-device.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

const temporaryDirectory = useTemporaryDirectories();
const product = "JWT From Env";

/** A config directory with the product's device registered on a mock, through createPlexAuthFromEnv. */
async function registeredInstallation() {
  const mock = createMockPlex({ seed: 5, rateLimit: false });
  const sent: (string | null)[] = [];
  // What each request carried as its token, to tell which one the client chose.
  const fetch: FetchLike = (url, init) => {
    sent.push(new Headers(init.headers).get("x-plex-token"));
    return mock.fetch(url, init);
  };
  const env = { XDG_CONFIG_HOME: temporaryDirectory() };
  const options = { env, product, ...mock.clientOptions, fetch };
  const files = jwtDeviceFiles({ env, product });
  const registered = await registerDevice(mock, createPlexAuthFromEnv(options), files);
  mock.clearRequests();
  sent.length = 0;
  const count = (operation: MockOperationName) => mock.requests.filter((entry) => entry.operation === operation).length;
  return { mock, env, options, files, registered, sent, count };
}

describe("createPlexAuthFromEnv({ jwt: true })", () => {
  it("signs in with the stored JWT, and after a 498 refreshes it once and stores the new one", async () => {
    const { mock, options, files, registered, sent, count } = await registeredInstallation();
    const plex = createPlexAuthFromEnv({ ...options, jwt: true });
    await expect(plex.authentication.getTokenDetails()).resolves.toMatchObject({ id: MOCK_ACCOUNTS.plain.id });
    expect(sent).toEqual([registered]);
    expect(count("exchangeJWTToken")).toBe(0);

    mock.faults.failNext(1, 498, { operation: "getTokenDetails" });
    await expect(plex.authentication.getTokenDetails()).resolves.toMatchObject({ id: MOCK_ACCOUNTS.plain.id });
    expect(count("exchangeJWTToken")).toBe(1);
    const refreshed = readFileSync(files.jwt, "utf8").trim();
    expect(refreshed).not.toBe(registered);
    expect(sent.at(-1)).toBe(refreshed);
  });

  it("lets PLEX_TOKEN, and a token option, win over the stored key", async () => {
    const { options, env, files, registered, sent, count } = await registeredInstallation();
    const { token } = MOCK_ACCOUNTS.plain;
    const fromEnv = createPlexAuthFromEnv({ ...options, env: { ...env, PLEX_TOKEN: token }, jwt: true });
    await fromEnv.authentication.getTokenDetails();
    const fromCode = createPlexAuthFromEnv({ ...options, token, jwt: true });
    await fromCode.authentication.getTokenDetails();
    expect(sent).toEqual([token, token]);
    expect([count("getAuthNonce"), count("exchangeJWTToken")]).toEqual([0, 0]);
    expect(readFileSync(files.jwt, "utf8").trim()).toBe(registered);
  });

  it("gives no token without a device key file, and leaves a stored key alone unless asked", async () => {
    const env = { XDG_CONFIG_HOME: temporaryDirectory() };
    expect(plexAuthOptionsFromNodeEnv({ env, product, jwt: true }).token).toBeUndefined();
    await loadOrCreateDeviceKey({ env, product });
    expect(plexAuthOptionsFromNodeEnv({ env, product }).token).toBeUndefined();
    const token = plexAuthOptionsFromNodeEnv({ env, product, jwt: true }).token;
    expect(typeof token).toBe("function");
    // What core's 498 handling looks for.
    expect(typeof (token as { invalidate?: unknown }).invalidate).toBe("function");
  });

  it("rejects the first call when the key file is broken, naming it and never showing the key", async () => {
    const { options, files, sent } = await registeredInstallation();
    const stored = JSON.parse(readFileSync(files.deviceKey, "utf8"));
    writeFileSync(files.deviceKey, JSON.stringify({ ...stored, kid: "edited" }));
    const plex = createPlexAuthFromEnv({ ...options, jwt: true });
    const error = await plex.authentication.getTokenDetails().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toContain(files.deviceKey);
    expect(`${(error as Error).message}${(error as Error).stack}${JSON.stringify(error)}`).not.toContain(stored.d);
    expect(sent).toEqual([]);
  });
});
