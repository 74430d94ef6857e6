import assert from "node:assert/strict";
import { createMockPlex, MOCK_ACCOUNTS, type MockOperationName } from "@plex-auth/mock-server";
import { jwtDeviceFiles } from "../jwt.ts";
import { createPlexAuthFromEnv, type FetchLike, InvalidInputError } from "../mod.ts";
import { everythingShown, registerDevice, withTemporaryDirectory } from "./support/jwt-device.ts";

const product = "JWT From Env";

/** The product's device registered on a mock through createPlexAuthFromEnv, in `configHome`. */
async function registeredInstallation(configHome: string) {
  const mock = createMockPlex({ seed: 5, rateLimit: false });
  const sent: (string | null)[] = [];
  // What each request carried as its token, to tell which one the client chose.
  const fetch: FetchLike = (url, init) => {
    sent.push(new Headers(init.headers).get("x-plex-token"));
    return mock.fetch(url, init);
  };
  const env = { XDG_CONFIG_HOME: configHome };
  const options = { env, product, ...mock.clientOptions, fetch };
  const files = jwtDeviceFiles({ env, product });
  const registered = await registerDevice(mock, createPlexAuthFromEnv(options), files);
  mock.clearRequests();
  sent.length = 0;
  const count = (operation: MockOperationName) => mock.requests.filter((entry) => entry.operation === operation).length;
  return { mock, env, options, files, registered, sent, count };
}

Deno.test(
  "createPlexAuthFromEnv({ jwt: true }) signs in with the stored JWT and refreshes it once after a 498",
  withTemporaryDirectory(async (configHome) => {
    const { mock, options, files, registered, sent, count } = await registeredInstallation(configHome);
    const plex = createPlexAuthFromEnv({ ...options, jwt: true });
    assert.equal((await plex.authentication.getTokenDetails()).id, MOCK_ACCOUNTS.plain.id);
    assert.deepEqual(sent, [registered]);
    mock.faults.failNext(1, 498, { operation: "getTokenDetails" });
    assert.equal((await plex.authentication.getTokenDetails()).id, MOCK_ACCOUNTS.plain.id);
    assert.equal(count("exchangeJWTToken"), 1);
    const refreshed = Deno.readTextFileSync(files.jwt).trim();
    assert.notEqual(refreshed, registered);
    assert.equal(sent.at(-1), refreshed);
  }),
);

Deno.test(
  "createPlexAuthFromEnv lets PLEX_TOKEN and a token option win over the stored key, which it uses only when asked",
  withTemporaryDirectory(async (configHome) => {
    const { options, env, files, registered, sent, count } = await registeredInstallation(configHome);
    const { token } = MOCK_ACCOUNTS.plain;
    await createPlexAuthFromEnv({
      ...options,
      env: { ...env, PLEX_TOKEN: token },
      jwt: true,
    }).authentication.getTokenDetails();
    await createPlexAuthFromEnv({ ...options, token, jwt: true }).authentication.getTokenDetails();
    assert.deepEqual(sent, [token, token]);
    assert.deepEqual([count("getAuthNonce"), count("exchangeJWTToken")], [0, 0]);
    assert.equal(Deno.readTextFileSync(files.jwt).trim(), registered);
    // Without jwt: true the stored key is left alone: no token at all.
    const error = await createPlexAuthFromEnv(options)
      .authentication.getTokenDetails()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof InvalidInputError && /token is required/.test(error.message));
  }),
);

Deno.test(
  "createPlexAuthFromEnv({ jwt: true }) without a device key file has no token; a broken one rejects the call",
  withTemporaryDirectory(async (configHome) => {
    const env = { XDG_CONFIG_HOME: `${configHome}/empty` };
    const none = createPlexAuthFromEnv({ env, product, jwt: true, plexTvUrl: "http://127.0.0.1:9/api/v2" });
    const missing = await none.authentication.getTokenDetails().catch((caught: unknown) => caught);
    assert.ok(missing instanceof InvalidInputError && /token is required/.test(missing.message));

    const { options, files, sent } = await registeredInstallation(configHome);
    const stored = JSON.parse(Deno.readTextFileSync(files.deviceKey));
    Deno.writeTextFileSync(files.deviceKey, JSON.stringify({ ...stored, kid: "edited" }));
    const error = await createPlexAuthFromEnv({ ...options, jwt: true })
      .authentication.getTokenDetails()
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof InvalidInputError);
    assert.ok(error.message.includes(files.deviceKey));
    assert.ok(!everythingShown(error).includes(stored.d));
    assert.deepEqual(sent, []);
  }),
);
