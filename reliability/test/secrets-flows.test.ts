/**
 * Part 4, secrets in the flows: a planted PIN id, PIN token, server token, profile token and claim token
 * through `waitForOAuthPin` and `findServerConnection` against every hostile server behaviour, then the
 * whole Authentication group against the mock. No error, logger event, `onPoll` event or request log entry
 * may hold one; a URL only the one it must carry (a poll's PIN id in its path, a Home switch's PIN in its
 * query); a server's connections get that server's own token and never the account token; no request goes
 * to an origin that is neither plex.tv nor one of the servers' own addresses.
 */
import {
  createPlexAuth,
  findServerConnection,
  isServer,
  PlexAuthError,
  type PlexPin,
  type PlexResource,
  waitForOAuthPin,
} from "@plex-auth/core";
import { createMockPlex, MOCK_ACCOUNTS, MOCK_HOME_PIN } from "@plex-auth/mock-server";
import { afterAll, describe, expect, it } from "vitest";
import { probeProblem } from "../src/fuzz/probes.ts";
import { exactly, info, recordSection } from "../src/report/figures.ts";
import { exposedText } from "../src/secrets/exposure.ts";
import { Findings } from "../src/secrets/findings.ts";
import { BEHAVIOURS, type Behaviour, ECHO } from "../src/secrets/hostile-plex.ts";
import { type RecordingWire, recordingWire } from "../src/secrets/jwt-wire.ts";
import { PLANTED_MACHINE, plantedAnswer } from "../src/secrets/planted-bodies.ts";
import { holds, ISSUED, SENTINELS } from "../src/secrets/sentinels.ts";
import { withoutRequiredSecrets } from "../src/secrets/urls.ts";
import { tally } from "../src/stats.ts";

const S = SENTINELS;
const PLEX_TV_URL = "http://plextv.test/api/v2";
const CONNECTIONS = ["http://pms-local.test:32400", "https://pms-remote.test:32400"];
const findings = new Findings();
const classes: string[] = [];
let calls = 0;
const started = Date.now();

const PLANTED: Behaviour = {
  name: "success, every secret in the bodies planted",
  fetch: async (url, init) => {
    const { status, body } = plantedAnswer(init.method ?? "GET", url, CONNECTIONS);
    return new Response(body, { status, headers: { "content-type": "application/json" } });
  },
};

function clientFor(behaviour: Behaviour, on: RecordingWire) {
  return createPlexAuth({
    clientIdentifier: "reliability-secrets-flows",
    token: S.token,
    plexTvUrl: PLEX_TV_URL,
    fetch: on.record(behaviour.fetch),
    timeoutMs: behaviour.needs === "short-timeout" ? 50 : 5_000,
    maxResponseBytes: behaviour.needs === "small-cap" ? 1_024 : undefined,
    logger: on.logger,
  });
}

function abortFor(behaviour: Behaviour): AbortSignal {
  const controller = new AbortController();
  if (behaviour.needs === "abort") setTimeout(() => controller.abort(new Error(ECHO)), 5);
  return controller.signal;
}

/** Runs a flow, checks what it threw against the secrets it could know; returns its outcome's name. */
async function flowOutcome(where: string, run: () => Promise<unknown>, names: Parameters<Findings["check"]>[2]) {
  calls++;
  try {
    await run();
    return "success";
  } catch (error) {
    expect(error, where).toBeInstanceOf(PlexAuthError);
    classes.push((error as Error).name);
    findings.check(where, exposedText(error), names);
    return (error as Error).name;
  }
}

const PLANTED_RESOURCE: PlexResource = {
  name: "Planted",
  clientIdentifier: PLANTED_MACHINE,
  provides: "server",
  owned: true,
  accessToken: S.resourceToken,
  connections: CONNECTIONS.map((uri, index) => ({ uri, local: index === 0 })),
};

describe("part 4: secrets in the flows", () => {
  it("waitForOAuthPin: no error, onPoll event, logger event or URL holds the PIN's id or a token, whatever plex.tv answers", async () => {
    const mark = findings.found.length;
    const on = recordingWire();
    const events: unknown[] = [];
    const pin: PlexPin = { id: Number(S.pinId), code: "7RQZ", expiresIn: 1 };
    await Promise.all(
      [PLANTED, ...BEHAVIOURS].map((behaviour) =>
        flowOutcome(
          `${behaviour.name} / waitForOAuthPin`,
          () =>
            waitForOAuthPin(clientFor(behaviour, on), pin, {
              signal: abortFor(behaviour),
              intervalMs: 100,
              pollTimeoutMs: behaviour.needs === "short-timeout" ? 100 : 1_000,
              onPoll: (poll) => events.push(poll),
            }),
          ["pinId", ...ISSUED],
        ),
      ),
    );
    findings.check("onPoll events", JSON.stringify(events));
    findings.check("logger events", exposedText(on.logs));
    findings.check(
      "request URLs (a poll's PIN id in its path aside)",
      on.sent.map((r) => withoutRequiredSecrets(r.url)).join("\n"),
    );
    // The id is sent where it must be: in the poll's path, and only there.
    const carrying = on.sent.filter((request) => holds(request.url, S.pinId, true));
    expect(carrying.length).toBeGreaterThan(BEHAVIOURS.length);
    expect(carrying.filter((request) => new URL(request.url).pathname !== `/api/v2/pins/${S.pinId}`)).toEqual([]);
    expect(events.length).toBeGreaterThan(0);
    expect(findings.since(mark)).toEqual([]);
  });

  it("findServerConnection: the server's own token only, only to its own addresses; no error or logger event holds a token", async () => {
    const mark = findings.found.length;
    const on = recordingWire();
    const outcomes = await Promise.all(
      [PLANTED, ...BEHAVIOURS].map((behaviour) =>
        flowOutcome(
          `${behaviour.name} / findServerConnection`,
          () =>
            findServerConnection(clientFor(behaviour, on), PLANTED_RESOURCE, {
              signal: abortFor(behaviour),
              probeTimeoutMs: behaviour.needs === "short-timeout" ? 50 : 2_000,
              staggerMs: 10,
            }),
          ["token", ...ISSUED],
        ),
      ),
    );
    findings.check("logger events", exposedText(on.logs));
    // A same-origin redirect is followed (to the same server); no request may leave the server's own origins.
    const origins = new Set(CONNECTIONS.map((uri) => new URL(uri).origin));
    const misdirected = on.sent.filter(
      (request) => !origins.has(new URL(request.url).origin) || request.headers.get("x-plex-token") !== S.resourceToken,
    );
    expect(misdirected.map((request) => request.url)).toEqual([]);
    expect(outcomes[0]).toBe("success");
    expect(findings.since(mark)).toEqual([]);
  });
});

describe("part 4: the Authentication group against the mock", () => {
  it("PIN ids and codes, a Home PIN, PIN, profile, server and claim tokens: in no request log entry, logger event or URL; each server gets its own token", async () => {
    const mark = findings.found.length;
    const mock = createMockPlex({ seed: 5, rateLimit: false });
    const on = recordingWire();
    const client = (clientIdentifier: string) =>
      createPlexAuth({
        clientIdentifier,
        serverUrl: mock.serverUrl,
        plexTvUrl: mock.plexTvUrl,
        fetch: on.record(mock.fetch),
        logger: on.logger,
        retry: false,
      });
    const plex = client("reliability-auth-flow");
    const pin = await plex.authentication.createOAuthPin();
    await plex.authentication.getOAuthPin({ pinId: pin.id });
    mock.approvePin(pin.code, "twoFactor");
    const approved = await plex.waitForOAuthPin(pin, { intervalMs: 100 });
    const signedIn = plex.withToken(approved.authToken);
    const tvPin = await client("reliability-auth-flow-tv").authentication.createOAuthPin({ strong: true });
    await signedIn.authentication.linkOAuthPin({ code: tvPin.code });
    const servers = (await signedIn.authentication.getServerResources()).filter(isServer);
    const picked = await Promise.all(
      servers.map((server) =>
        signedIn.findServerConnection(server, { probeTimeoutMs: 500, staggerMs: 50 }).catch((e: Error) => e.name),
      ),
    );
    await signedIn.authentication.getHomeUsers();
    const profile = await signedIn.authentication.switchHomeUser({
      uuid: MOCK_ACCOUNTS.managed.uuid,
      pin: MOCK_HOME_PIN,
    });
    const claim = await signedIn.authentication.getClaimToken();
    await signedIn.authentication.ping();
    await plex.withToken(profile.authToken).authentication.signOut();
    calls += 13;

    const tokens = [approved.authToken, profile.authToken, claim, ...servers.map((server) => server.accessToken ?? "")];
    const pinIds = [pin.id, tvPin.id];
    const short = [...pinIds.map(String), pin.code, tvPin.code, MOCK_HOME_PIN];
    const leaks = (text: string) => [
      ...tokens.filter((token) => holds(text, token)),
      ...short.filter((secret) => holds(text, secret, true)),
    ];
    const urls = on.sent.map((request) => withoutRequiredSecrets(request.url, pinIds)).join("\n");
    for (const [where, text] of [
      ["mock.requests", exposedText(mock.requests)],
      ["logger events", exposedText(on.logs)],
      ["request URLs", urls],
    ] as const) {
      findings.checks++;
      const leaked = leaks(text);
      if (leaked.length)
        findings.found.push({ where: `mock flow: ${where}`, leaked: leaked.map((l) => `${l.slice(0, 6)}…`) });
    }
    // Every request to a server's address is a probe with that server's own token; nothing else leaves plex.tv.
    const probes = on.sent.filter((request) => new URL(request.url).pathname === "/");
    expect(probes.length).toBeGreaterThan(0);
    expect(probes.flatMap((request) => probeProblem(request, servers) ?? [])).toEqual([]);
    expect(probes.some((request) => request.headers.get("x-plex-token") === approved.authToken)).toBe(false);
    const known = new Set([
      new URL(mock.baseUrl).origin,
      ...servers.flatMap((server) => server.connections.map((c) => new URL(c.uri).origin)),
    ]);
    expect(on.sent.filter((request) => !known.has(new URL(request.url).origin)).map((r) => r.url)).toEqual([]);
    expect(picked.every((result) => typeof result === "object")).toBe(true);
    expect(findings.since(mark)).toEqual([]);
  });
});

afterAll(() => {
  recordSection({
    part: 4,
    key: "3-flows",
    title: "The flows and the Authentication group: PIN ids, Home PINs, PIN, profile, server and claim tokens",
    promise:
      "A planted PIN id, PIN token, server token, profile token and claim token never appear in any error, onPoll " +
      `event, logger event or URL (but the poll's own path) of waitForOAuthPin and findServerConnection across ` +
      `${BEHAVIOURS.length + 1} server behaviours; against the mock, the whole Authentication group leaves none in its ` +
      "request log, logger events or URLs; a server's addresses only ever get its own token, never the account token, " +
      "and no request goes to an origin that is neither plex.tv nor one of the servers' own",
    metrics: [
      info("exposure checks", findings.checks),
      info("flow calls", calls),
      exactly("secrets found", findings.found.length, 0),
    ],
    tables: [
      {
        title: "Errors examined, by class",
        columns: ["class", "errors"],
        rows: Object.entries(tally(classes)).sort(([, a], [, b]) => b - a),
      },
      ...(findings.found.length
        ? [
            {
              title: "Leaks",
              columns: ["where", "secrets"],
              rows: findings.found.map((f) => [f.where, f.leaked.join(", ")]),
            },
          ]
        : []),
    ],
    totals: { calls, leaks: findings.found.length },
    durationMs: Date.now() - started,
  });
});
