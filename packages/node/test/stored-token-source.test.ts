import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { MOCK_ACCOUNTS } from "@plex-auth/mock-server";
import { describe, expect, it } from "vitest";
import { createPlexAuth, PlexAuthError } from "../src/index.ts";
import { createStoredJwtTokenSource, type JwtDeviceFiles } from "../src/jwt/index.ts";
import { CLIENT_IDENTIFIER, DAY_MS, jwtMock, registerDevice } from "./support/jwt-device.ts";
import { useTemporaryDirectories } from "./support/temporary-directory.ts";

const temporaryDirectory = useTemporaryDirectories();
// Windows has no POSIX permission bits (Node reports 0o666 for files): the mode is checked elsewhere.
const POSIX_PERMISSIONS = process.platform !== "win32";

function filesIn(directory: string): JwtDeviceFiles {
  return { deviceKey: join(directory, "device-key"), jwt: join(directory, "jwt") };
}

describe("createStoredJwtTokenSource", () => {
  it("uses the stored JWT, writes each new one back, and the next process starts from it", async () => {
    const { mock, plex, count } = jwtMock();
    const files = filesIn(temporaryDirectory());
    const registered = await registerDevice(mock, plex, files);
    const now = () => mock.now();
    const options = { deviceKeyFile: files.deviceKey, jwtFile: files.jwt, now };

    const firstSource = createStoredJwtTokenSource(plex, options);
    const first = plex.withToken(firstSource);
    await expect(first.authentication.getTokenDetails()).resolves.toMatchObject({ id: MOCK_ACCOUNTS.plain.id });
    expect(count("exchangeJWTToken")).toBe(0);

    // Within a day of its expiry: refreshed once behind the call, and the new JWT replaces the stored one.
    mock.advanceTime(6.5 * DAY_MS);
    await first.authentication.getTokenDetails();
    await firstSource.idle();
    expect(count("exchangeJWTToken")).toBe(1);
    const refreshed = readFileSync(files.jwt, "utf8").trim();
    expect(refreshed).not.toBe(registered);
    expect(refreshed.split(".")).toHaveLength(3);
    if (POSIX_PERMISSIONS) expect(statSync(files.jwt).mode & 0o777).toBe(0o600);

    // The next run: a new client and source on the same files make no exchange until that JWT is due.
    const next = createPlexAuth({ clientIdentifier: CLIENT_IDENTIFIER, ...mock.clientOptions });
    const nextSource = createStoredJwtTokenSource(next, options);
    await expect(next.withToken(nextSource).authentication.getTokenDetails()).resolves.toMatchObject({
      id: MOCK_ACCOUNTS.plain.id,
    });
    expect(await nextSource()).toBe(refreshed);
    expect(count("exchangeJWTToken")).toBe(1);
    mock.advanceTime(6.5 * DAY_MS);
    await nextSource();
    await nextSource.idle();
    expect(count("exchangeJWTToken")).toBe(2);
  });

  it("ignores a stored JWT issued to another key: a replaced key mints its own", async () => {
    const { mock, plex, count } = jwtMock();
    const oldFiles = filesIn(temporaryDirectory());
    const oldJwt = await registerDevice(mock, plex, oldFiles);
    const other = createPlexAuth({ clientIdentifier: `${CLIENT_IDENTIFIER}-2`, ...mock.clientOptions });
    const files = filesIn(temporaryDirectory());
    await registerDevice(mock, other, files);
    writeFileSync(files.jwt, oldJwt);
    const source = createStoredJwtTokenSource(other, { deviceKeyFile: files.deviceKey, jwtFile: files.jwt });
    const token = await source();
    expect(token).not.toBe(oldJwt);
    expect(count("exchangeJWTToken")).toBe(1);
    expect(readFileSync(files.jwt, "utf8").trim()).toBe(token);
  });

  it("keeps going when the new JWT cannot be written, and tells the logger without the JWT", async () => {
    const { mock, plex } = jwtMock();
    const directory = temporaryDirectory();
    const files = filesIn(directory);
    await registerDevice(mock, plex, files);
    const blocker = join(directory, "not-a-directory");
    writeFileSync(blocker, "");
    const warnings: [string, unknown][] = [];
    const logger = { warn: (message: string, details?: unknown) => warnings.push([message, details]) };
    const jwtFile = join(blocker, "jwt");
    const source = createStoredJwtTokenSource(plex, { deviceKeyFile: files.deviceKey, jwtFile, logger });
    const signedIn = plex.withToken(source);
    await expect(signedIn.authentication.getTokenDetails()).resolves.toMatchObject({ id: MOCK_ACCOUNTS.plain.id });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.[0]).toMatch(/could not keep the new Plex JWT/);
    // As JSON spells it: a Windows path's backslashes are doubled there.
    expect(JSON.stringify(warnings[0]?.[1])).toContain(JSON.stringify(jwtFile).slice(1, -1));
    expect(JSON.stringify(warnings)).not.toContain(await source());
  });

  it("rejects a call when there is no device key yet, sending nothing, and finds the key once it is there", async () => {
    const { mock, plex } = jwtMock();
    const files = filesIn(temporaryDirectory());
    const source = createStoredJwtTokenSource(plex, { deviceKeyFile: files.deviceKey, jwtFile: files.jwt });
    const signedIn = plex.withToken(source);
    const error = await signedIn.authentication.getTokenDetails().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlexAuthError);
    expect((error as Error).message).toContain(`There is no Plex device key in ${files.deviceKey}`);
    expect((error as Error).message).toContain("createJwtPin and waitForJwtPin");
    expect(mock.requests).toHaveLength(0);

    await registerDevice(mock, plex, files);
    await expect(signedIn.authentication.getTokenDetails()).resolves.toMatchObject({ id: MOCK_ACCOUNTS.plain.id });
  });
});
