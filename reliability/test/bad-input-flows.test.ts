/**
 * Part 3, bad input into the flows: hostile pins, resources and options into `authAppUrl`,
 * `waitForOAuthPin` and `findServerConnection`. Each call is refused with InvalidInputError before
 * anything is sent, or accepted, and then does what the README says: the auth URL carries every value
 * percent-encoded, the wait polls the PIN's own URL (or stops at once when the PIN has expired or the signal
 * has fired), the connection picker probes only the resource's own addresses with its own token.
 */
import {
  authAppUrl,
  createPlexAuthCore,
  findServerConnection,
  PLEX_AUTH_APP_URL,
  type PlexPin,
  type PlexResource,
  waitForOAuthPin,
} from "@plex-auth/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  authAppOptions,
  authAppPin,
  findOptions,
  findResource,
  waitOptions,
  waitPin,
} from "../src/fuzz/flow-inputs.ts";
import {
  isValidAuthAppUrlCall,
  isValidFindCall,
  isValidWaitCall,
  pinClock,
  reachableTargets,
} from "../src/fuzz/flow-oracle.ts";
import { probeProblem } from "../src/fuzz/probes.ts";
import { counterexampleOf, type Tally } from "../src/fuzz/report-case.ts";
import { exampleBody, type StubPlex, stubPlex } from "../src/fuzz/stub-plex.ts";
import { unfaithful, wireOf } from "../src/fuzz/wire.ts";
import { settle } from "../src/outcome.ts";
import { exactly, info, type Metric, recordSection } from "../src/report/figures.ts";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
const RUNS = 1_000;
const PLEX_TV_URL = "https://plex.tv/api/v2";
const CLIENT_TOKEN = "client-token-00001";
const IDENTITY = {
  clientIdentifier: "3f1c9a52-8d7e-4b0a-9c61-2f5e7d3a1b09",
  product: "My App – 客厅",
  version: "1.0",
  platform: "Linux",
  deviceName: "Pi 😀&=#",
};

const cases: Record<string, Tally> = {};
/** How accepted calls ended, by flow and branch of the oracle: each branch must be reached. */
const branches: Record<string, number> = {};
const reached = (flow: string, branch: string) => {
  branches[`${flow}: ${branch}`] = (branches[`${flow}: ${branch}`] ?? 0) + 1;
};
const metrics: Metric[] = [];
const started = Date.now();

function coreWith(stub: StubPlex) {
  return createPlexAuthCore({
    ...IDENTITY,
    token: CLIENT_TOKEN,
    plexTvUrl: PLEX_TV_URL,
    fetch: stub.fetch,
    retry: false,
  });
}

const fieldOf = (value: unknown, key: string) =>
  typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;

function refusedProblems(outcome: string, stub: StubPlex): string[] {
  return [
    outcome === "InvalidInputError" ? "" : `invalid arguments ended in ${outcome}`,
    stub.sent.length === 0 ? "" : "invalid arguments were sent",
  ];
}

/** Runs one property, records its figures and checks that both branches of the oracle were reached. */
async function property(
  name: string,
  runs: number,
  [first, second]: [fc.Arbitrary<unknown>, fc.Arbitrary<unknown>],
  check: (tally: Tally, first: unknown, second: unknown) => Promise<string[]>,
) {
  const tally: Tally = { valid: 0, invalid: 0 };
  cases[name] = tally;
  const result = await fc.check(
    fc.asyncProperty(first, second, async (a, b) => {
      const problems = (await check(tally, a, b)).filter(Boolean);
      if (problems.length) throw new Error(problems.join("; "));
    }),
    { seed: SEED, numRuns: runs },
  );
  metrics.push(
    exactly(`${name}: counterexamples in ${runs} runs`, result.failed ? 1 : 0, 0),
    info(`${name}: accepted / refused cases`, `${tally.valid} / ${tally.invalid}`),
  );
  expect(counterexampleOf(result)).toBe("");
  expect(tally.valid).toBeGreaterThan(runs / 50);
  expect(tally.invalid).toBeGreaterThan(runs / 50);
}

/** What is wrong with an auth app URL: its base, a character left unencoded, a value changed or added. */
function authUrlProblems(url: string, pin: unknown, options: unknown): string[] {
  const base = (fieldOf(options, "baseUrl") as string | undefined) ?? PLEX_AUTH_APP_URL;
  if (!url.startsWith(`${base}#?`)) return [`does not start with ${base}#?`];
  const query = url.slice(base.length + 2);
  // encodeURIComponent's output: every key and value percent-encoded, joined by = and &.
  if (!/^[A-Za-z0-9\-_.!~*'()%=&]*$/.test(query)) return ["a character was left unencoded"];
  const got = Object.fromEntries(new URLSearchParams(query));
  const forwardUrl = fieldOf(options, "forwardUrl") as string | undefined;
  const want: Record<string, string> = {
    clientID: IDENTITY.clientIdentifier,
    code: fieldOf(pin, "code") as string,
    ...(forwardUrl === undefined ? {} : { forwardUrl }),
    "context[device][product]": IDENTITY.product,
    "context[device][version]": IDENTITY.version,
    "context[device][platform]": IDENTITY.platform,
    "context[device][deviceName]": IDENTITY.deviceName,
  };
  return JSON.stringify(Object.entries(got).sort()) === JSON.stringify(Object.entries(want).sort())
    ? []
    : [`carries ${JSON.stringify(got)}`];
}

async function checkAuthAppUrl(tally: Tally, pin: unknown, options: unknown): Promise<string[]> {
  const stub = stubPlex();
  const valid = isValidAuthAppUrlCall(pin, options);
  tally[valid ? "valid" : "invalid"]++;
  let url: string | undefined;
  const { outcome } = await settle(async () => {
    url = authAppUrl(coreWith(stub), pin as PlexPin, options as never);
  }, 10_000);
  if (!valid) return refusedProblems(outcome, stub);
  // Pure: nothing is ever sent.
  reached(
    "authAppUrl",
    fieldOf(options, "forwardUrl") === undefined ? "a URL without forwardUrl" : "a URL with forwardUrl",
  );
  if (outcome !== "success" || stub.sent.length > 0)
    return [`accepted arguments ended in ${outcome}, sent ${stub.sent.length}`];
  return authUrlProblems(url as string, pin, options);
}

const APPROVED = exampleBody("getOAuthPin") as { authToken: string };

/** What a wait that reached its first poll must have done: sent the PIN's poll, resolved with the approved PIN. */
function polledProblems(outcome: string, result: unknown, pin: Record<string, unknown>, stub: StubPlex): string[] {
  if (outcome !== "success") return [`a live PIN's wait ended in ${outcome}`];
  const [poll, ...rest] = stub.sent;
  if (!poll || rest.length > 0) return [`sent ${stub.sent.length} requests for one approved poll`];
  const problems = unfaithful(wireOf("getOAuthPin", { pinId: pin.id }), poll, { base: PLEX_TV_URL, token: undefined });
  if (fieldOf(result, "authToken") !== APPROVED.authToken) problems.push("did not resolve with the approved PIN");
  return problems;
}

async function checkWait(tally: Tally, pin: unknown, options: unknown): Promise<string[]> {
  const stub = stubPlex();
  const valid = isValidWaitCall(pin, options);
  tally[valid ? "valid" : "invalid"]++;
  let result: unknown;
  const { outcome } = await settle(async () => {
    result = await waitForOAuthPin(coreWith(stub), pin as PlexPin, options as never);
  }, 10_000);
  const nothingSent = stub.sent.length === 0 ? "" : `sent ${stub.sent.length} requests`;
  if (!valid) return refusedProblems(outcome, stub);
  if ((fieldOf(options, "signal") as AbortSignal | undefined)?.aborted) {
    reached("waitForOAuthPin", "aborted signal: RequestAbortedError");
    return [outcome === "RequestAbortedError" ? "" : `an aborted wait ended in ${outcome}`, nothingSent];
  }
  const clock = pinClock(pin as Record<string, unknown>, Date.now());
  if (clock === "expired" || (clock === "unknown" && outcome === "PinExpiredError")) {
    reached("waitForOAuthPin", "expired PIN: PinExpiredError");
    return [outcome === "PinExpiredError" ? "" : `an expired PIN's wait ended in ${outcome}`, nothingSent];
  }
  reached("waitForOAuthPin", "live PIN: polled, approved");
  return polledProblems(outcome, result, pin as Record<string, unknown>, stub);
}

/** Every address answers as the resource's own server. */
function serverAnswering(resource: unknown): StubPlex {
  const id = fieldOf(resource, "clientIdentifier");
  const body = JSON.stringify({ MediaContainer: { machineIdentifier: typeof id === "string" ? id : "none" } });
  return stubPlex(() => ({ status: 200, body }));
}

async function checkFind(tally: Tally, resource: unknown, options: unknown): Promise<string[]> {
  const stub = serverAnswering(resource);
  const valid = isValidFindCall(resource, options);
  tally[valid ? "valid" : "invalid"]++;
  let result: unknown;
  const { outcome } = await settle(async () => {
    result = await findServerConnection(coreWith(stub), resource as PlexResource, options as never);
  }, 10_000);
  if (!valid) return refusedProblems(outcome, stub);
  const record = resource as Record<string, unknown>;
  const probes = stub.sent.map((request) => probeProblem(request, [record]) ?? "");
  if ((fieldOf(options, "signal") as AbortSignal | undefined)?.aborted) {
    reached("findServerConnection", "aborted signal: RequestAbortedError");
    return [outcome === "RequestAbortedError" ? "" : `an aborted search ended in ${outcome}`, ...probes];
  }
  const targets = reachableTargets(record);
  if (targets.length === 0) {
    reached("findServerConnection", "no usable address: NoServerConnectionError");
    return [outcome === "NoServerConnectionError" ? "" : `no reachable address, yet ${outcome}`, ...probes];
  }
  reached("findServerConnection", "a usable address: picked");
  if (outcome !== "success") return [`a reachable address, yet ${outcome}`, ...probes];
  return [
    targets.includes(fieldOf(result, "uri") as string)
      ? ""
      : `picked ${String(fieldOf(result, "uri"))}, not one of its addresses`,
    fieldOf(result, "accessToken") === record.accessToken ? "" : "handed back another token than the resource's",
    ...probes,
  ];
}

describe("part 3: bad input into the flows", () => {
  it("authAppUrl: a PIN's code and options are refused with InvalidInputError, or give a URL carrying them percent-encoded", async () => {
    await property("authAppUrl", RUNS, [authAppPin, authAppOptions], checkAuthAppUrl);
  });

  it("waitForOAuthPin: a PIN and options are refused with InvalidInputError and nothing sent, or the PIN's own poll is sent", async () => {
    await property("waitForOAuthPin", RUNS, [waitPin, waitOptions], checkWait);
  });

  it("findServerConnection: a resource and options are refused with InvalidInputError and nothing sent, or only its own addresses are probed", async () => {
    await property("findServerConnection", RUNS, [findResource, findOptions], checkFind);
  });

  it("every branch of the flows' oracle was reached", () => {
    // Runs after the three properties (vitest runs a file's tests in order).
    expect(Object.keys(branches).sort()).toHaveLength(8);
    for (const count of Object.values(branches)) expect(count).toBeGreaterThan(RUNS / 200);
  });
});

afterAll(() => {
  const total = Object.values(cases).reduce((sum, tally) => sum + tally.valid + tally.invalid, 0);
  recordSection({
    part: 3,
    key: "3-flows",
    title: `Property-based bad input: the flows (fast-check, seed ${SEED})`,
    promise:
      "Hostile pins, resources and options into authAppUrl, waitForOAuthPin and findServerConnection: refused with " +
      "InvalidInputError before anything is sent, or accepted: the auth URL carries the PIN's code, forwardUrl and " +
      "identity exactly, every value percent-encoded; the wait sends the PIN's own poll (no token) or stops at once " +
      "on an expired PIN or a fired signal; the picker probes only the resource's own addresses with its own token",
    metrics: [info("cases run", total), ...metrics],
    tables: [
      {
        title: "Accepted calls, by what the oracle required",
        columns: ["flow: branch", "cases"],
        rows: Object.entries(branches).sort(([a], [b]) => a.localeCompare(b)),
      },
    ],
    totals: { cases: total },
    durationMs: Date.now() - started,
  });
});
