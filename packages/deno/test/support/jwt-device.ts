import { createMockPlex, type MockOperationName, type MockPlex } from "@plex-auth/mock-server";
import { createJwtPin, type JwtDeviceFiles, loadOrCreateDeviceKey, waitForJwtPin, writeStoredJwt } from "../../jwt.ts";
import { createPlexAuth, type PlexAuth } from "../../mod.ts";

export const CLIENT_IDENTIFIER = "deno-jwt-test";
export const DAY_MS = 24 * 60 * 60_000;

/** A fresh directory for `run`, removed after it. */
export function withTemporaryDirectory(run: (directory: string) => void | Promise<void>): () => Promise<void> {
  return async () => {
    const directory = Deno.makeTempDirSync({ prefix: "plex-auth-deno-jwt-" });
    try {
      await run(directory);
    } finally {
      Deno.removeSync(directory, { recursive: true });
    }
  };
}

/** A mock plex.tv (on the real clock until advanced), a client of it, and a count of requests per operation. */
export function jwtMock(): { mock: MockPlex; plex: PlexAuth; count(operation: MockOperationName): number } {
  const mock = createMockPlex({ seed: 13, rateLimit: false });
  const plex = createPlexAuth({ clientIdentifier: CLIENT_IDENTIFIER, product: "JWT Test", ...mock.clientOptions });
  const count = (operation: MockOperationName) => mock.requests.filter((entry) => entry.operation === operation).length;
  return { mock, plex, count };
}

/**
 * The first-time setup the README shows: the device key made and stored, registered through a PIN that
 * carries its JWK (approved as the plain account), and the approved PIN's JWT stored.
 */
export async function registerDevice(mock: MockPlex, plex: PlexAuth, files: JwtDeviceFiles): Promise<string> {
  const key = await loadOrCreateDeviceKey({ file: files.deviceKey });
  const pin = await createJwtPin(plex, key);
  if (!mock.approvePin(pin.code, "plain")) throw new Error("the mock did not approve the PIN");
  const approved = await waitForJwtPin(plex, pin, key, { intervalMs: 100, now: () => mock.now() });
  writeStoredJwt(files.jwt, approved.authToken);
  return approved.authToken;
}

/** Everything an error shows: message, stack, JSON and cause. */
export function everythingShown(error: unknown): string {
  const { message, stack, cause } = error as Error;
  return `${message}\n${stack}\n${JSON.stringify(error)}\n${String(cause)}`;
}
