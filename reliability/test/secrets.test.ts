/**
 * Part 4, secrets (SDK and mock server): a planted token, password, verification code, authToken, PIN id,
 * Home PIN, JWT and the tokens a server mints (a PIN's, a profile's, a server's, a claim token), driven
 * through every error path of every operation of core's table, and through successes whose every secret is
 * planted. No error (message, stack, cause, own properties, JSON.stringify, util.inspect), no logger event
 * and no request URL may contain one (but what a URL must carry: a poll's PIN id, a Home switch's PIN); the
 * mock server's request log must not either; and over real sockets the token is never sent to a second
 * origin on a redirect. The flows and the Authentication group against the mock: secrets-flows.test.ts.
 */
import { createPlexAuth, type FetchLike, PlexAuthError, type PlexAuthLogger } from "@plex-auth/core";
import { createMockPlex, MOCK_ACCOUNTS } from "@plex-auth/mock-server";
import { startMockServer } from "@plex-auth/mock-server/node";
import { afterAll, describe, expect, it } from "vitest";
import { DEVICE_JWK } from "../src/fuzz/inputs.ts";
import { OPERATION_NAMES, type OperationName } from "../src/fuzz/operations.ts";
import { exactly, info, type Metric, recordSection } from "../src/report/figures.ts";
import { knownTo, SECRET_INPUTS, sendsToken } from "../src/secrets/calls.ts";
import { exposedText } from "../src/secrets/exposure.ts";
import { BEHAVIOURS, type Behaviour, ECHO } from "../src/secrets/hostile-plex.ts";
import { plantedAnswer } from "../src/secrets/planted-bodies.ts";
import { leakedIn, SENTINELS, type SentinelName } from "../src/secrets/sentinels.ts";
import { withoutRequiredSecrets } from "../src/secrets/urls.ts";
import { startRawServer } from "../src/sockets/raw-server.ts";
import { tally } from "../src/stats.ts";

const { token: T, password: P, verificationCode: C } = SENTINELS;
const SERVER_URL = "http://pms.test:32400";
const PLEX_TV_URL = "http://plextv.test/api/v2";

interface Finding {
  readonly where: string;
  readonly leaked: string[];
}

const sections: { metrics: Metric[]; classes: string[]; findings: Finding[]; cases: number; calls: number } = {
  metrics: [],
  classes: [],
  findings: [],
  cases: 0,
  calls: 0,
};
const started = Date.now();

/** Looks for sentinels in `text`: all of them by default, else those the call can recognise (see `knownTo`). */
function check(where: string, text: string, names?: readonly SentinelName[]): void {
  sections.cases++;
  const leaked = leakedIn(text, names);
  if (leaked.length) sections.findings.push({ where, leaked });
}

interface Recorder {
  readonly logs: unknown[];
  readonly urls: string[];
  readonly logger: PlexAuthLogger;
  readonly fetch: (behaviour: Behaviour) => FetchLike;
}

function recorder(): Recorder {
  const logs: unknown[] = [];
  const urls: string[] = [];
  return {
    logs,
    urls,
    logger: {
      debug: (message, details) => logs.push([message, details]),
      warn: (message, details) => logs.push([message, details]),
    },
    fetch: (behaviour) => (url, init) => {
      urls.push(url);
      return behaviour.fetch(url, init);
    },
  };
}

/** One call of `operation` against `behaviour`, its error checked for what the call can recognise. */
async function callAgainst(
  behaviour: Behaviour,
  operation: OperationName,
  input: Record<string, unknown> | undefined,
  tokenFrom: "client" | "call",
  record: Recorder,
): Promise<void> {
  const plex = createPlexAuth({
    clientIdentifier: "reliability-secrets",
    token: tokenFrom === "client" ? T : undefined,
    serverUrl: SERVER_URL,
    plexTvUrl: PLEX_TV_URL,
    fetch: record.fetch(behaviour),
    timeoutMs: behaviour.needs === "short-timeout" ? 50 : 5_000,
    maxResponseBytes: behaviour.needs === "small-cap" ? 1_024 : undefined,
    retry: { maxRetries: 1, initialDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 },
    logger: record.logger,
  });
  const controller = new AbortController();
  if (behaviour.needs === "abort") setTimeout(() => controller.abort(new Error(ECHO)), 5);
  const options = { ...(tokenFrom === "call" ? { token: T } : {}), signal: controller.signal };
  const method = plex.authentication[operation] as (input: unknown, options: unknown) => Promise<unknown>;
  let error: unknown;
  try {
    await method(input, options);
  } catch (caught) {
    error = caught;
  }
  sections.calls++;
  const where = `${behaviour.name} / ${operation} (token from ${tokenFrom})`;
  // An operation whose success is any 2xx (signOut, linkOAuthPin) succeeds against a hostile 2xx.
  if (error === undefined) return;
  expect(error, where).toBeInstanceOf(PlexAuthError);
  sections.classes.push((error as Error).name);
  check(where, exposedText(error), knownTo(operation, input));
}

/** Every operation with each of its secret-carrying inputs, with the token from the client and from the call. */
function everyCall(): [OperationName, Record<string, unknown> | undefined, "client" | "call"][] {
  return OPERATION_NAMES.flatMap((operation) =>
    SECRET_INPUTS[operation].flatMap((input) =>
      (sendsToken(operation, input) ? (["client", "call"] as const) : (["client"] as const)).map(
        (tokenFrom) =>
          [operation, input, tokenFrom] as [OperationName, Record<string, unknown> | undefined, "client" | "call"],
      ),
    ),
  );
}

describe("part 4: secrets on every SDK error path", () => {
  it("no error, logger event or request URL holds a planted secret, across every operation and hostile behaviour", async () => {
    const before = sections.findings.length;
    const record = recorder();
    for (const behaviour of BEHAVIOURS) {
      await Promise.all(
        everyCall().map(([operation, input, tokenFrom]) => callAgainst(behaviour, operation, input, tokenFrom, record)),
      );
    }
    check("logger events", exposedText(record.logs));
    check(
      "request URLs (a poll's PIN id, a switch's PIN aside)",
      record.urls.map((url) => withoutRequiredSecrets(url)).join("\n"),
    );
    expect(record.logs.length).toBeGreaterThan(BEHAVIOURS.length);
    expect(sections.findings.slice(before)).toEqual([]);
  });

  it("successes whose every token is planted: no logger event or request URL holds one", async () => {
    const before = sections.findings.length;
    const record = recorder();
    const planted: Behaviour = {
      name: "success, every secret in the bodies planted",
      fetch: async (url, init) => {
        const { status, body } = plantedAnswer(init.method ?? "GET", url, [SERVER_URL]);
        return new Response(body, { status, headers: { "content-type": "application/json" } });
      },
    };
    const outcomes: string[] = [];
    for (const [operation, input, tokenFrom] of everyCall()) {
      const errorsBefore = sections.classes.length;
      await callAgainst(planted, operation, input, tokenFrom, record);
      outcomes.push(sections.classes.length === errorsBefore ? "success" : (sections.classes.at(-1) as string));
    }
    check("logger events of successes", exposedText(record.logs));
    check("request URLs of successes", record.urls.map((url) => withoutRequiredSecrets(url)).join("\n"));
    expect(
      outcomes.every((outcome) => outcome === "success"),
      JSON.stringify(tally(outcomes)),
    ).toBe(true);
    expect(sections.findings.slice(before)).toEqual([]);
  });

  it("invalid input and options holding secrets: InvalidInputError names the field, never the value", async () => {
    const before = sections.findings.length;
    const sent: string[] = [];
    const fetch: FetchLike = async (url) => {
      sent.push(url);
      return new Response("{}");
    };
    const plex = createPlexAuth({ clientIdentifier: "reliability-secrets", token: T, fetch });
    const cases: [string, () => unknown][] = [
      [
        "a password over 1024 characters",
        () => plex.authentication.postUsersSignInData({ login: "me", password: P.repeat(60) }),
      ],
      [
        "a code with a space",
        () => plex.authentication.postUsersSignInData({ login: "me", password: P, verificationCode: `${C} 1` }),
      ],
      [
        "a code as a number next to a password",
        () =>
          plex.authentication.postUsersSignInData({
            login: 7 as never,
            password: P,
            verificationCode: 123456 as never,
          }),
      ],
      [
        "the password passed as the login's type",
        () => plex.authentication.postUsersSignInData({ login: [P] as never, password: { P } as never }),
      ],
      [
        "a per-call token with a line break",
        () => plex.authentication.getTokenDetails(undefined, { token: `${T}\r\nX-Evil: 1` }),
      ],
      ["a token in a misspelt option", () => plex.authentication.getTokenDetails(undefined, { tokne: T } as never)],
      // The token where a caller might plausibly misplace it: in the input instead of the options.
      ["the token inside the input", () => plex.authentication.getTokenDetails({ token: T } as never)],
      ["the token as the whole input", () => plex.authentication.getTokenDetails(T as never)],
      [
        "a serverUrl holding the token",
        () => plex.authentication.getTransientToken(undefined, { serverUrl: `http://h/?X-Plex-Token=${T}` }),
      ],
      [
        "a source holding the token",
        () => plex.authentication.getSourceConnectionInformation({ source: `server://${T}/x?t=${T}` }),
      ],
      ["client options: a token with a line break", () => createPlexAuth({ clientIdentifier: "x", token: `${T}\n` })],
      [
        "client options: a token as a number",
        () => createPlexAuth({ clientIdentifier: "x", token: 42 as never, password: P } as never),
      ],
      [
        "client options: a URL with credentials",
        () => createPlexAuth({ clientIdentifier: "x", plexTvUrl: `http://me:${P}@plex.tv` }),
      ],
      ["a PIN's id as a string", () => plex.authentication.getOAuthPin({ pinId: SENTINELS.pinId } as never)],
      [
        "a PIN's id past 2^53 next to a device JWT with a space",
        () => plex.authentication.getOAuthPin({ pinId: 2 ** 60, deviceJWT: `${SENTINELS.jwt} ` }),
      ],
      [
        "a Home PIN as a number, with a uuid holding a slash",
        () =>
          plex.authentication.switchHomeUser({
            uuid: `a/${SENTINELS.homePin}`,
            pin: Number(SENTINELS.homePin) as never,
          }),
      ],
      [
        "a Home PIN of five digits",
        () => plex.authentication.switchHomeUser({ uuid: "19860c4bdfbf24d5", pin: `${SENTINELS.homePin}9` }),
      ],
      ["a JWT with a fourth part", () => plex.authentication.exchangeJWTToken({ jwt: `${SENTINELS.jwt}.x` })],
      [
        "a device key with its private part",
        () => plex.authentication.registerDeviceJWK({ jwk: { ...DEVICE_JWK, d: SENTINELS.resourceToken } as never }),
      ],
      ["a PIN code holding a claim token", () => plex.authentication.linkOAuthPin({ code: SENTINELS.claimToken })],
      [
        "a token function returning a broken token",
        () =>
          createPlexAuth({ clientIdentifier: "x", token: () => `${T}\u0000`, fetch }).authentication.getTokenDetails(),
      ],
    ];
    for (const [name, run] of cases) {
      let error: unknown;
      try {
        await run();
      } catch (caught) {
        error = caught;
      }
      expect(error, name).toBeInstanceOf(PlexAuthError);
      expect((error as PlexAuthError).code, name).toBe("invalid_input");
      sections.classes.push((error as Error).name);
      sections.calls++;
      check(`invalid input: ${name}`, exposedText(error));
    }
    expect(sent).toEqual([]);
    expect(sections.findings.slice(before)).toEqual([]);
  });
});

describe("part 4: secrets in the mock server's request log", () => {
  it("tokens, passwords and codes sent every way a client can are redacted in mock.requests", async () => {
    const before = sections.findings.length;
    const mock = createMockPlex({ seed: 4, rateLimit: false });
    const server = await startMockServer({ mock });
    try {
      const headers = { "X-Plex-Client-Identifier": "reliability-log", "X-Plex-Token": T, Accept: "application/json" };
      const form = new URLSearchParams({
        login: MOCK_ACCOUNTS.plain.login,
        password: P,
        verificationCode: C,
      }).toString();
      const query = `X-Plex-Token=${T}&password=${P}&verificationCode=${C}&authToken=${SENTINELS.authToken}`;
      const requests: [string, RequestInit][] = [
        [`${server.plexTvUrl}/user?${query}`, { headers }],
        [
          `${server.plexTvUrl}/users/signin`,
          { method: "POST", headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded" }, body: form },
        ],
        [`${server.plexTvUrl}/users/signin?${query}`, { method: "POST", headers }],
        [
          `${server.plexTvUrl}/users/signin`,
          {
            method: "POST",
            headers: { ...headers, "Content-Type": "application/json" },
            body: JSON.stringify({ login: "casey", password: P, verificationCode: C }),
          },
        ],
        [`${server.url}/security/token?type=delegation&scope=all&${query}`, { headers }],
        [
          `${server.url}/security/resources?source=server://abc&${query}`,
          { headers: { ...headers, Cookie: `token=${T}`, Authorization: `Bearer ${T}` } },
        ],
      ];
      for (const [url, init] of requests) await (await fetch(url, init)).text();
      for (const [url, init] of requests)
        await mock.fetch(url.replace(server.url, mock.baseUrl), init).then((r) => r.text());
      // The SDK's own requests, over the socket.
      const plex = createPlexAuth({
        clientIdentifier: "reliability-log",
        token: T,
        serverUrl: server.url,
        plexTvUrl: server.plexTvUrl,
        retry: false,
      });
      await plex.authentication
        .postUsersSignInData({ login: "casey", password: P, verificationCode: C })
        .catch(() => {});
      await plex.authentication.getTokenDetails().catch(() => {});
      expect(mock.requests.length).toBe(requests.length * 2 + 2);
      check("mock.requests", exposedText(mock.requests));
    } finally {
      await server.close();
    }
    expect(sections.findings.slice(before)).toEqual([]);
  });
});

describe("part 4: the token never goes to a second origin, nor into a URL (real sockets)", () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
  });

  it("a redirect of any kind to another origin is not followed; a same-origin GET redirect keeps the token in the header", async () => {
    const before = sections.findings.length;
    const elsewhere = await startRawServer((socket) => socket.end("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"));
    closers.push(() => elsewhere.close());
    const targets = (port: number) => [
      `${elsewhere.url}/steal`,
      `//127.0.0.1:${new URL(elsewhere.url).port}/steal`,
      `http://localhost:${port}/same-port-other-host`,
      `https://127.0.0.1:${port}/other-scheme`,
    ];
    const outcomes: string[] = [];
    const seen: { url: string; token: string | undefined }[] = [];
    let redirects = 0;
    for (const status of [301, 302, 303, 307, 308]) {
      for (let index = 0; index < 4; index++) {
        const here = await startSameOriginServer((port) => targets(port)[index] as string, status, seen);
        closers.push(() => here.close());
        const plex = createPlexAuth({
          clientIdentifier: "reliability-redirects",
          token: T,
          serverUrl: here.url,
          plexTvUrl: `${here.url}/api/v2`,
          retry: false,
        });
        for (const run of [
          () => plex.authentication.getTokenDetails(),
          () => plex.authentication.getTransientToken(),
          () => plex.authentication.getSourceConnectionInformation({ source: "server://abc" }),
          () => plex.authentication.postUsersSignInData({ login: "me", password: P }),
        ]) {
          redirects++;
          outcomes.push(
            await run().then(
              () => "success",
              (error: Error) => error.name,
            ),
          );
        }
      }
    }
    // Same-origin: followed for GETs, with the token still only in the header.
    const follow = await startSameOriginServer(() => "/api/v2/moved", 302, seen);
    closers.push(() => follow.close());
    const plex = createPlexAuth({
      clientIdentifier: "reliability-redirects",
      token: T,
      plexTvUrl: `${follow.url}/api/v2`,
      retry: false,
    });
    const followed = await plex.authentication.getTokenDetails().then(
      () => "success",
      (error: Error) => error.name,
    );

    check("URLs received by the redirecting servers", seen.map((request) => request.url).join("\n"));
    sections.metrics.push(
      exactly("requests that reached another origin after a redirect", elsewhere.requests(), 0),
      info("cross-origin redirects refused (5 statuses × 4 targets × 4 operations)", redirects),
    );
    expect(elsewhere.requests()).toBe(0);
    expect(new Set(outcomes)).toEqual(new Set(["ApiError"]));
    expect(followed).toBe("success");
    expect(seen.filter((request) => request.url === "/api/v2/moved").map((request) => request.token)).toEqual([T]);
    expect(sections.findings.slice(before)).toEqual([]);
  });
});

/** A server that redirects every request except to `/api/v2/moved`, which answers with an account. */
async function startSameOriginServer(
  location: (port: number) => string,
  status: number,
  seen: { url: string; token: string | undefined }[],
) {
  const { createServer } = await import("node:http");
  const account = JSON.stringify({
    id: 1,
    uuid: "u",
    username: "u",
    title: "u",
    email: "u@example.com",
    friendlyName: "u",
    authToken: "server-issued-token",
    joinedAt: 1,
    hasPassword: true,
    twoFactorEnabled: false,
  });
  let port = 0;
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? "", token: request.headers["x-plex-token"] as string | undefined });
    request.resume();
    if (request.url === "/api/v2/moved") {
      response.writeHead(200, { "content-type": "application/json" }).end(account);
      return;
    }
    response.writeHead(status, { location: location(port) }).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

afterAll(() => {
  const leaks = sections.findings.length;
  recordSection({
    part: 4,
    key: "1-sdk",
    title: "SDK error paths, the mock's request log, redirects",
    promise:
      "A planted token, password, verification code, authToken, PIN id, Home PIN, JWT and the tokens a server mints " +
      "(a PIN's, a profile's, a server's, a claim token) never appear in any error (message, stack, cause, " +
      "own properties, JSON.stringify, util.inspect), logger event, request URL or mock request log entry, across " +
      `${BEHAVIOURS.length} hostile server behaviours × every operation of core's table, successes whose every secret is ` +
      "planted, invalid input, and real-socket redirects (a URL carries only what it must: a poll's PIN id, a switch's PIN); " +
      "the token is never sent to a second origin",
    metrics: [
      info("exposure checks (errors, logs, URLs, request log)", sections.cases),
      exactly("secrets found", leaks, 0),
      ...sections.metrics,
    ],
    tables: [
      {
        title: "Errors examined, by class",
        columns: ["class", "errors"],
        rows: Object.entries(tally(sections.classes)).sort(([, a], [, b]) => b - a),
      },
      ...(leaks
        ? [
            {
              title: "Leaks",
              columns: ["where", "secrets"],
              rows: sections.findings.map((f) => [f.where, f.leaked.join(", ")]),
            },
          ]
        : []),
    ],
    totals: { calls: sections.calls, leaks },
    durationMs: Date.now() - started,
  });
});
