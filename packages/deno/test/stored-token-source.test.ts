import assert from "node:assert/strict";
import { MOCK_ACCOUNTS } from "@plex-auth/mock-server";
import { createStoredJwtTokenSource, type JwtDeviceFiles } from "../jwt.ts";
import { createPlexAuth, PlexAuthError } from "../mod.ts";
import { CLIENT_IDENTIFIER, DAY_MS, jwtMock, registerDevice, withTemporaryDirectory } from "./support/jwt-device.ts";

// Windows has no POSIX permission bits: Deno's `mode` is null there. The mode is checked elsewhere.
const POSIX_PERMISSIONS = Deno.build.os !== "windows";

const filesIn = (directory: string): JwtDeviceFiles => ({
  deviceKey: `${directory}/device-key`,
  jwt: `${directory}/jwt`,
});

Deno.test(
  "createStoredJwtTokenSource writes each new JWT back, and the next process starts from it",
  withTemporaryDirectory(async (directory) => {
    const { mock, plex, count } = jwtMock();
    const files = filesIn(directory);
    const registered = await registerDevice(mock, plex, files);
    const options = { deviceKeyFile: files.deviceKey, jwtFile: files.jwt, now: () => mock.now() };
    const firstSource = createStoredJwtTokenSource(plex, options);
    const first = plex.withToken(firstSource);
    assert.equal((await first.authentication.getTokenDetails()).id, MOCK_ACCOUNTS.plain.id);
    assert.equal(count("exchangeJWTToken"), 0);

    // Within a day of its expiry: refreshed once behind the call, and the new JWT replaces the stored one.
    mock.advanceTime(6.5 * DAY_MS);
    await first.authentication.getTokenDetails();
    await firstSource.idle();
    assert.equal(count("exchangeJWTToken"), 1);
    const refreshed = Deno.readTextFileSync(files.jwt).trim();
    assert.notEqual(refreshed, registered);
    if (POSIX_PERMISSIONS) assert.equal((Deno.statSync(files.jwt).mode ?? 0) & 0o777, 0o600);

    const next = createPlexAuth({ clientIdentifier: CLIENT_IDENTIFIER, ...mock.clientOptions });
    const nextSource = createStoredJwtTokenSource(next, options);
    assert.equal((await next.withToken(nextSource).authentication.getTokenDetails()).id, MOCK_ACCOUNTS.plain.id);
    assert.equal(await nextSource(), refreshed);
    assert.equal(count("exchangeJWTToken"), 1);
  }),
);

Deno.test(
  "createStoredJwtTokenSource keeps going when the JWT cannot be written, and tells the logger without it",
  withTemporaryDirectory(async (directory) => {
    const { mock, plex } = jwtMock();
    const files = filesIn(directory);
    await registerDevice(mock, plex, files);
    Deno.writeTextFileSync(`${directory}/blocker`, "");
    const warnings: unknown[] = [];
    const logger = { warn: (message: string, details?: unknown) => warnings.push([message, details]) };
    const jwtFile = `${directory}/blocker/jwt`;
    const source = createStoredJwtTokenSource(plex, { deviceKeyFile: files.deviceKey, jwtFile, logger });
    assert.equal((await plex.withToken(source).authentication.getTokenDetails()).id, MOCK_ACCOUNTS.plain.id);
    assert.equal(warnings.length, 1);
    assert.match(JSON.stringify(warnings), /could not keep the new Plex JWT/);
    // As JSON spells it: a Windows path's backslashes are doubled there.
    assert.ok(JSON.stringify(warnings).includes(JSON.stringify(jwtFile).slice(1, -1)));
    assert.ok(!JSON.stringify(warnings).includes(await source()));
  }),
);

Deno.test(
  "createStoredJwtTokenSource rejects a call when there is no device key yet, sending nothing",
  withTemporaryDirectory(async (directory) => {
    const { mock, plex } = jwtMock();
    const files = filesIn(directory);
    const signedIn = plex.withToken(
      createStoredJwtTokenSource(plex, { deviceKeyFile: files.deviceKey, jwtFile: files.jwt }),
    );
    const error = await signedIn.authentication.getTokenDetails().catch((caught: unknown) => caught);
    assert.ok(error instanceof PlexAuthError);
    assert.ok(error.message.includes(`There is no Plex device key in ${files.deviceKey}`));
    assert.equal(mock.requests.length, 0);
    await registerDevice(mock, plex, files);
    assert.equal((await signedIn.authentication.getTokenDetails()).id, MOCK_ACCOUNTS.plain.id);
  }),
);
