/**
 * The smoke scenario every runtime runs, against the mock Plex: the four seed operations, a two-factor
 * error and a retried 503, and the Authentication group's flows (Sign in with Plex through a PIN, the
 * server's connection picked among dead ones, a protected Home profile, a claim token, sign-out), and JWT
 * device authentication (an Ed25519 key through the runtime's Web Crypto, its Plex JWT refreshed by the
 * mock's clock and after a 498). Runtime-agnostic (no assertion library, no `node:*`, no `process`), so
 * Node, Deno, Bun, edge-runtime and workerd run this same file. Each runner passes the build of the SDK it
 * tests (source, ESM, CJS, the Deno entry) with its `/jwt` entry, and turns each step into one of its own
 * tests.
 */
import type * as Sdk from "@plex-auth/core";
import type * as Jwt from "@plex-auth/core/jwt";
import {
  createMockPlex,
  MOCK_ACCOUNTS,
  MOCK_ADMIN_TOKEN,
  MOCK_HOME_PIN,
  MOCK_SOURCES,
  type MockPlex,
} from "@plex-auth/mock-server";

/** The parts of an SDK entry the scenario uses; `@plex-auth/core`, `@plex-auth/node` and `@plex-auth/deno` all fit. */
export type SmokeSdk = Pick<
  typeof Sdk,
  | "createPlexAuth"
  | "createPlexAuthCore"
  | "createPlexSignInHandler"
  | "TwoFactorRequiredError"
  | "HomeUserPinRequiredError"
  | "InvalidTokenError"
  | "isServer"
>;

/** The parts of the `/jwt` entry the scenario uses. */
export type SmokeJwt = Pick<
  typeof Jwt,
  "generateDeviceKey" | "createJwtPin" | "waitForJwtPin" | "createJwtTokenSource"
>;

/** One step: a name for the runner's report and a function that throws when the behaviour is wrong. */
export interface SmokeStep {
  readonly name: string;
  run(): Promise<void>;
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`smoke scenario: ${message}`);
}

// Tiny backoff, so the retried 503 costs milliseconds; the policy itself is what is under test.
const FAST_RETRY = { maxRetries: 2, initialDelayMs: 5, maxDelayMs: 20 } as const;

function clientFor(sdk: SmokeSdk, mock: MockPlex, token?: string): ReturnType<SmokeSdk["createPlexAuth"]> {
  return sdk.createPlexAuth({
    clientIdentifier: "smoke-scenario",
    product: "plex-auth smoke",
    ...mock.clientOptions,
    ...(token ? { token } : {}),
    retry: FAST_RETRY,
  });
}

/**
 * The scenario's steps, each with its own fresh mock, so a runner may run them in any order.
 *
 * @example
 * ```ts
 * import * as sdk from "@plex-auth/core";
 * import * as jwt from "@plex-auth/core/jwt";
 * for (const step of smokeScenario(sdk, jwt)) test(step.name, () => step.run());
 * ```
 */
export function smokeScenario(sdk: SmokeSdk, jwt: SmokeJwt): SmokeStep[] {
  const { login, password } = MOCK_ACCOUNTS.twoFactor;
  return [
    {
      name: "postUsersSignInData without a code on a 2FA account throws TwoFactorRequiredError",
      async run() {
        const mock = createMockPlex({ seed: 1 });
        let caught: unknown;
        try {
          await clientFor(sdk, mock).authentication.postUsersSignInData({ login, password });
        } catch (error) {
          caught = error;
        }
        check(caught instanceof sdk.TwoFactorRequiredError, `expected TwoFactorRequiredError, got ${String(caught)}`);
        check((caught as { code?: unknown }).code === "two_factor_required", "error code is two_factor_required");
        check(!String((caught as Error).stack).includes(password), "the password never appears in the error");
      },
    },
    {
      name: "postUsersSignInData with the current code returns the account and a new token",
      async run() {
        const mock = createMockPlex({ seed: 2 });
        const account = await clientFor(sdk, mock).authentication.postUsersSignInData({
          login,
          password,
          verificationCode: await mock.totp("twoFactor"),
        });
        check(account.username === MOCK_ACCOUNTS.twoFactor.username, "signed in as the 2FA account");
        check(typeof account.authToken === "string" && account.authToken.length > 0, "a token came back");
      },
    },
    {
      name: "getTokenDetails returns the account behind the token",
      async run() {
        const mock = createMockPlex({ seed: 3 });
        const account = await clientFor(sdk, mock, MOCK_ACCOUNTS.plain.token).authentication.getTokenDetails();
        check(account.username === MOCK_ACCOUNTS.plain.username, "the plain account");
        check(account.twoFactorEnabled === false, "twoFactorEnabled is read");
      },
    },
    {
      name: "getTransientToken mints a token the server then accepts",
      async run() {
        const mock = createMockPlex({ seed: 4 });
        const plex = clientFor(sdk, mock, MOCK_ADMIN_TOKEN);
        const transient = await plex.authentication.getTransientToken();
        check(typeof transient === "string" && transient !== MOCK_ADMIN_TOKEN, "a new token");
        const device = await plex.authentication.getSourceConnectionInformation(
          { source: MOCK_SOURCES.ownServer.source },
          { token: transient },
        );
        check(device.clientIdentifier === MOCK_SOURCES.ownServer.clientIdentifier, "the transient token works");
      },
    },
    {
      name: "getSourceConnectionInformation returns the source's connections",
      async run() {
        const mock = createMockPlex({ seed: 5 });
        const device = await clientFor(sdk, mock, MOCK_ADMIN_TOKEN).authentication.getSourceConnectionInformation({
          source: MOCK_SOURCES.sharedServer.source,
        });
        const uris = device.Connection.map((connection) => connection.uri);
        check(device.name === MOCK_SOURCES.sharedServer.name, "the shared server");
        check(
          uris.join() === MOCK_SOURCES.sharedServer.connections.map((connection) => connection.uri).join(),
          `its connections, got ${uris.join()}`,
        );
      },
    },
    {
      name: "a 503 is retried and the call then succeeds",
      async run() {
        const mock = createMockPlex({ seed: 6 });
        mock.faults.failNext(1, 503);
        const account = await clientFor(sdk, mock, MOCK_ACCOUNTS.plain.token).authentication.getTokenDetails();
        check(account.username === MOCK_ACCOUNTS.plain.username, "the retry succeeded");
        const statuses = mock.requests.map((request) => request.status);
        check(statuses.join() === "503,200", `one 503, then a 200; got ${statuses.join()}`);
      },
    },
    {
      name: "Sign in with Plex: a PIN approved on the mock gives a token that works",
      async run() {
        const mock = createMockPlex({ seed: 7 });
        const plex = clientFor(sdk, mock);
        const pin = await plex.authentication.createOAuthPin({ strong: true });
        check(pin.code.length === 25 && pin.authToken == null, "a strong PIN, not yet approved");
        check(plex.authAppUrl(pin).includes(`code=${pin.code}`), "the auth app's URL carries the code");
        const approval = setTimeout(() => mock.approvePin(pin.code, "twoFactor"), 150);
        const approved = await plex.waitForOAuthPin(pin, { intervalMs: 100 });
        clearTimeout(approval);
        const account = await plex.withToken(approved.authToken).authentication.getTokenDetails();
        check(account.username === MOCK_ACCOUNTS.twoFactor.username, "the PIN's token is the approving account's");
      },
    },
    {
      name: "findServerConnection picks the working connection among dead ones, with the server's own token",
      async run() {
        const mock = createMockPlex({ seed: 8 });
        const plex = clientFor(sdk, mock, MOCK_ADMIN_TOKEN);
        const servers = (await plex.authentication.getServerResources()).filter(sdk.isServer);
        const shared = servers.find((server) => !server.owned);
        check(shared, "the account has a shared server");
        const picked = await plex.findServerConnection(shared, { staggerMs: 50, probeTimeoutMs: 1000 });
        check(picked.accessToken === shared.accessToken && picked.accessToken !== MOCK_ADMIN_TOKEN, "its own token");
        check(!picked.local && !picked.relay, `its live remote connection, got ${picked.uri}`);
        const own = servers.find((server) => server.owned);
        check(own, "the account owns a server");
        const found = await plex.findServerConnection(own, { staggerMs: 50, probeTimeoutMs: 1000 });
        check(found.uri === mock.serverUrl, `the mock's own server answers at its origin, got ${found.uri}`);
        const transient = await plex
          .withToken(found.accessToken)
          .authentication.getTransientToken(undefined, { serverUrl: found.uri });
        check(typeof transient === "string", "the server's token works on the server, through the picked connection");
      },
    },
    {
      name: "a protected Home profile needs its PIN; with it, the profile's token works",
      async run() {
        const mock = createMockPlex({ seed: 9 });
        const plex = clientFor(sdk, mock, MOCK_ADMIN_TOKEN);
        const { users } = await plex.authentication.getHomeUsers();
        const robin = users.find((user) => user.uuid === MOCK_ACCOUNTS.managed.uuid);
        check(robin?.protected === true, "robin's profile is protected");
        let caught: unknown;
        try {
          await plex.authentication.switchHomeUser({ uuid: robin.uuid });
        } catch (error) {
          caught = error;
        }
        check(
          caught instanceof sdk.HomeUserPinRequiredError,
          `expected HomeUserPinRequiredError, got ${String(caught)}`,
        );
        const profile = await plex.authentication.switchHomeUser({ uuid: robin.uuid, pin: MOCK_HOME_PIN });
        const account = await plex.withToken(profile.authToken).authentication.getTokenDetails();
        check(account.uuid === MOCK_ACCOUNTS.managed.uuid, "acting as robin");
      },
    },
    {
      name: "a claim token, a ping, then sign-out kills the token",
      async run() {
        const mock = createMockPlex({ seed: 10 });
        const plex = clientFor(sdk, mock, MOCK_ACCOUNTS.plain.token);
        const claim = await plex.authentication.getClaimToken();
        check(claim.startsWith("claim-") && mock.claimTokenStatus(claim) === "live", "a live claim token");
        check((await plex.authentication.ping()) === true, "the token is alive");
        await plex.authentication.signOut();
        let caught: unknown;
        try {
          await plex.authentication.ping();
        } catch (error) {
          caught = error;
        }
        check(
          caught instanceof sdk.InvalidTokenError,
          `expected InvalidTokenError after sign-out, got ${String(caught)}`,
        );
      },
    },
    {
      name: "the web sign-in handler: start with the page's Origin, approve, done; the token only reaches onSignedIn",
      async run() {
        const mock = createMockPlex({ seed: 12 });
        const core = sdk.createPlexAuthCore({
          clientIdentifier: "smoke-web",
          product: "plex-auth smoke",
          ...mock.clientOptions,
        });
        const received: string[] = [];
        const handler = sdk.createPlexSignInHandler({
          core,
          pollIntervalMs: 0,
          onSignedIn: (token) => {
            received.push(token);
          },
        });
        const page = "https://app.example";
        const started = await handler(
          new Request(`${page}/api/plex/start`, { method: "POST", headers: { Origin: page }, body: "{}" }),
        );
        check(started.status === 201, `start answered ${started.status}`);
        const cookie = (started.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
        const { id, code } = (await started.json()) as { id: string; code: string };
        check(mock.approvePin(code, "plain"), "the mock approves the PIN");
        const status = await handler(new Request(`${page}/api/plex/status?id=${id}`, { headers: { Cookie: cookie } }));
        const text = await status.text();
        check(status.status === 200 && text.includes('"status":"done"'), `status answered ${status.status} ${text}`);
        check(received.length === 1 && mock.issuedTokens().includes(received[0] ?? ""), "onSignedIn got the token");
        check(!text.includes(received[0] ?? "?"), "the browser's answer carries no token");
      },
    },
    {
      name: "a device key signs in through a PIN with its JWK; its Plex JWT refreshes after 7 days and after a 498",
      async run() {
        const mock = createMockPlex({ seed: 11 });
        const now = () => mock.now();
        const plex = clientFor(sdk, mock);
        const key = await jwt.generateDeviceKey();
        const pin = await jwt.createJwtPin(plex, key);
        check(mock.approvePin(pin.code, "plain"), "the mock approves the PIN");
        const approved = await jwt.waitForJwtPin(plex, pin, key, { intervalMs: 100, now });
        check(approved.claims.thumbprint === key.kid, "the Plex JWT was issued to this key");
        const source = jwt.createJwtTokenSource(plex, { key, token: approved.authToken, now });
        const signedIn = plex.withToken(source);
        const account = await signedIn.authentication.getTokenDetails();
        check(account.id === MOCK_ACCOUNTS.plain.id, "signed in with the JWT");
        mock.advanceTime(7 * 24 * 60 * 60_000);
        await mock.rotateKeys();
        await signedIn.authentication.getTokenDetails();
        const refreshed = await source();
        check(refreshed !== approved.authToken, "a new JWT after 7 days, verified with the rotated key");
        mock.faults.failNext(1, 498, { operation: "getTokenDetails" });
        await signedIn.authentication.getTokenDetails();
        check((await source()) !== refreshed, "a 498 made the source mint again, and the call went through");
      },
    },
  ];
}
