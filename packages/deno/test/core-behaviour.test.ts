// Core's behaviour on Deno's own fetch, timers and streams, importing core's TypeScript source through the
// deno.json workspace (`@plex-auth/core` -> packages/core/src): what the smoke scenario does not cover.
import assert from "node:assert/strict";
import { createMockPlex, MOCK_ACCOUNTS, MOCK_ADMIN_TOKEN } from "@plex-auth/mock-server";
import {
  ConnectionError,
  createPlexAuth,
  InvalidInputError,
  RequestAbortedError,
  ServerError,
  TimeoutError,
} from "../mod.ts";

const NO_WAIT = { maxRetries: 2, initialDelayMs: 1, maxDelayMs: 5 };

Deno.test("Deno's real fetch over a socket: every operation against Deno.serve(mock.handle)", async () => {
  const mock = createMockPlex({ seed: 11 });
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, mock.handle);
  try {
    const url = `http://127.0.0.1:${server.addr.port}`;
    const plex = createPlexAuth({
      clientIdentifier: "deno-socket",
      serverUrl: url,
      plexTvUrl: `${url}/api/v2`,
      token: MOCK_ADMIN_TOKEN,
    });
    assert.equal((await plex.authentication.getTokenDetails()).username, MOCK_ACCOUNTS.twoFactor.username);
    assert.match(await plex.authentication.getTransientToken(), /\S/);
    const { login, password } = MOCK_ACCOUNTS.plain;
    assert.match((await plex.authentication.postUsersSignInData({ login, password })).authToken, /\S/);
  } finally {
    await server.shutdown();
  }
});

Deno.test("a connection refused on Deno's fetch is a ConnectionError that never reached the server", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const plex = createPlexAuth({
    clientIdentifier: "deno-refused",
    token: "t",
    plexTvUrl: `http://127.0.0.1:${port}/api/v2`,
    retry: false,
  });
  const error = await plex.authentication.getTokenDetails().catch((caught: unknown) => caught);
  assert.ok(error instanceof ConnectionError, String(error));
  assert.equal(error.neverReached, true);
});

Deno.test("the timeout covers a body that stalls after the headers", async () => {
  const mock = createMockPlex({ seed: 12 });
  mock.faults.stallNext(1);
  const plex = createPlexAuth({
    clientIdentifier: "deno-stall",
    ...mock.clientOptions,
    token: MOCK_ADMIN_TOKEN,
    timeoutMs: 100,
    retry: false,
  });
  const started = Date.now();
  await assert.rejects(plex.authentication.getTokenDetails(), TimeoutError);
  assert.ok(Date.now() - started < 2_000, "gave up near the timeout");
});

Deno.test("an abort ends the wait before a retry", async () => {
  const mock = createMockPlex({ seed: 13 });
  mock.faults.failNext(1, 503, { retryAfterSeconds: 30 });
  const plex = createPlexAuth({ clientIdentifier: "deno-abort", ...mock.clientOptions, token: MOCK_ADMIN_TOKEN });
  const controller = new AbortController();
  const call = plex.authentication.getTokenDetails({}, { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(call, RequestAbortedError);
});

Deno.test("a sign-in carrying a two-factor code is never retried", async () => {
  const mock = createMockPlex({ seed: 14 });
  mock.faults.failNext(1, 503);
  const plex = createPlexAuth({ clientIdentifier: "deno-2fa", ...mock.clientOptions, retry: NO_WAIT });
  const { login, password } = MOCK_ACCOUNTS.twoFactor;
  await assert.rejects(
    plex.authentication.postUsersSignInData({ login, password, verificationCode: await mock.totp("twoFactor") }),
    ServerError,
  );
  assert.equal(mock.requests.length, 1);
});

Deno.test("invalid input is refused before anything is sent, without echoing the password", async () => {
  const mock = createMockPlex({ seed: 15 });
  const plex = createPlexAuth({ clientIdentifier: "deno-input", ...mock.clientOptions });
  const error = await plex.authentication
    .postUsersSignInData({ login: "", password: "hunter2-secret" })
    .catch((caught: unknown) => caught);
  assert.ok(error instanceof InvalidInputError);
  assert.ok(!`${error.message}${error.stack}${JSON.stringify(error)}`.includes("hunter2-secret"));
  assert.equal(mock.requests.length, 0);
});
