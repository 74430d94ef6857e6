import { createMockPlex, type MockOperationName, type MockPlex } from "@plex-auth/mock-server";
import { createPlexAuth, type PlexAuth } from "../../src/index.ts";
import {
  createJwtPin,
  type JwtDeviceFiles,
  loadOrCreateDeviceKey,
  waitForJwtPin,
  writeStoredJwt,
} from "../../src/jwt/index.ts";

export const CLIENT_IDENTIFIER = "node-jwt-test";
export const DAY_MS = 24 * 60 * 60_000;

/** A mock plex.tv on its own clock (real time by default), and a count of the requests per operation. */
export function jwtMock(): { mock: MockPlex; count(operation: MockOperationName): number; plex: PlexAuth } {
  const mock = createMockPlex({ seed: 11, rateLimit: false });
  const plex = createPlexAuth({ clientIdentifier: CLIENT_IDENTIFIER, product: "JWT Test", ...mock.clientOptions });
  const count = (operation: MockOperationName) => mock.requests.filter((entry) => entry.operation === operation).length;
  return { mock, count, plex };
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
