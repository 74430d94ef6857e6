/**
 * Part 3, bad input, property-based: hostile inputs and per-call options into every operation of core's
 * table (as a client method and as the exported standalone function), hostile options into createPlexAuth,
 * and arbitrary JSON into every response schema. A valid call is sent exactly as given; anything else fails
 * with InvalidInputError and sends nothing; no input ever crashes; a response either parses into the
 * documented shape or is a ResponseValidationError. The MCP tools and the flows have files of their own.
 */
import * as core from "@plex-auth/core";
import { createPlexAuth, createPlexAuthCore, InvalidInputError, ResponseValidationError } from "@plex-auth/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { anyString, inputObject, requestOptions } from "../src/fuzz/arbitraries.ts";
import { responseBody } from "../src/fuzz/bodies.ts";
import { sdkInput, VALID_INPUT } from "../src/fuzz/inputs.ts";
import { OPERATION_NAMES, type OperationName, operationOf, readsBody } from "../src/fuzz/operations.ts";
import { IDENTITY_FIELDS, isValidClientOptions, isValidInput, isValidOptions } from "../src/fuzz/oracle.ts";
import { counterexampleOf, describeCase, type Tally } from "../src/fuzz/report-case.ts";
import { shapeProblem } from "../src/fuzz/shapes.ts";
import { exampleBody, stubPlex } from "../src/fuzz/stub-plex.ts";
import { asHeader, baseOf, headerText, unfaithful, wireOf } from "../src/fuzz/wire.ts";
import { settle } from "../src/outcome.ts";
import { exactly, info, type Metric, recordSection } from "../src/report/figures.ts";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
const INPUT_RUNS = 1_000;
const RESPONSE_RUNS = 300;
const CLIENT_TOKEN = "client-token-00001";
const URLS = { serverUrl: "http://192.168.1.10:32400", plexTvUrl: "https://plex.tv/api/v2" };

type Call = (...args: unknown[]) => Promise<unknown>;

function plainFields(input: unknown): Record<string, unknown> {
  return typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
}

/** The base URL a valid call goes to: the call's `serverUrl` (trailing slashes dropped), else its host's. */
function expectedBase(operation: OperationName, options: unknown): string {
  const serverUrl = plainFields(options).serverUrl;
  if (typeof serverUrl !== "string") return baseOf(wireOf(operation, {}).host, URLS);
  const url = new URL(serverUrl.replace(/\/+$/, ""));
  return `${url.origin}${url.pathname === "/" ? "" : url.pathname}`;
}

/** The exported standalone function of an operation, looked up by its name as an app imports it. */
function standalone(operation: OperationName): Call {
  const found = (core as unknown as Record<string, unknown>)[operation];
  if (typeof found !== "function") throw new Error(`@plex-auth/core exports no function ${operation}`);
  return found as Call;
}

const cases: Record<string, Tally> = {};
const metrics: Metric[] = [];
const started = Date.now();

/** Checks one generated call: sent exactly as given when valid, refused before sending otherwise. */
async function checkCall(
  operation: OperationName,
  input: unknown,
  options: unknown,
  viaFunction: boolean,
  tally: Tally,
) {
  const stub = stubPlex();
  const clientOptions = {
    clientIdentifier: "reliability-bad-input",
    token: CLIENT_TOKEN,
    ...URLS,
    fetch: stub.fetch,
    retry: false as const,
  };
  const run = viaFunction
    ? () => standalone(operation)(createPlexAuthCore(clientOptions), input, options)
    : () => (createPlexAuth(clientOptions).authentication[operation] as Call)(input, options);
  const { outcome } = await settle(run, 10_000);
  const valid = isValidInput(operation, input) && isValidOptions(options);
  tally[valid ? "valid" : "invalid"]++;
  if (!valid) {
    if (outcome !== "InvalidInputError") throw new Error(`invalid input ended in ${outcome}`);
    if (stub.sent.length > 0) throw new Error("invalid input was sent");
    return;
  }
  if (outcome !== "success") throw new Error(`valid input ended in ${outcome}`);
  if (stub.sent.length !== 1) throw new Error(`valid input sent ${stub.sent.length} requests`);
  const token = plainFields(options).token;
  const problems = unfaithful(wireOf(operation, plainFields(input)), stub.sent[0] as never, {
    token: typeof token === "string" ? token : CLIENT_TOKEN,
    base: expectedBase(operation, options),
  });
  if (problems.length) throw new Error(problems.join("; "));
}

describe("part 3: bad input into every operation of core's table", () => {
  // The list is read from core: an empty one (a broken import) would make every property below vanish silently.
  it("covers every operation of core's table", () => {
    expect(OPERATION_NAMES.length).toBeGreaterThanOrEqual(13);
  });

  for (const operation of OPERATION_NAMES) {
    it(`${operation}: valid input is sent exactly as given; anything else is InvalidInputError and sends nothing`, async () => {
      const tally: Tally = { valid: 0, invalid: 0 };
      cases[operation] = tally;
      const result = await fc.check(
        fc.asyncProperty(sdkInput(operation), requestOptions, fc.boolean(), (input, options, viaFunction) =>
          checkCall(operation, input, options, viaFunction, tally),
        ),
        { seed: SEED, numRuns: INPUT_RUNS },
      );
      metrics.push(
        exactly(`${operation}: counterexamples in ${INPUT_RUNS} runs`, result.failed ? 1 : 0, 0),
        info(`${operation}: valid / invalid cases`, `${tally.valid} / ${tally.invalid}`),
      );
      expect(counterexampleOf(result)).toBe("");
      // Both branches of the oracle must have been exercised, or the property proves little.
      expect(tally.valid).toBeGreaterThan(INPUT_RUNS / 50);
      expect(tally.invalid).toBeGreaterThan(INPUT_RUNS / 50);
    });
  }
});

describe("part 3: bad client options", () => {
  it("createPlexAuth: valid options give headers that carry them exactly; anything else throws InvalidInputError at once", async () => {
    const tally: Tally = { valid: 0, invalid: 0 };
    cases.clientOptions = tally;
    const text = (...valid: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...valid) }, anyString);
    const options = inputObject({
      clientIdentifier: text("3f1c9a52-8d7e-4b0a-9c61-2f5e7d3a1b09", "app"),
      product: text("My App", "Télé du salon – 客厅"),
      version: text("1.0", "2.0.0-beta+😀"),
      deviceName: text("Living room Pi", "‮reversed‬"),
      token: text("account-token-123"),
      timeoutMs: fc.integer({ min: 1, max: 60_000 }),
      maxResponseBytes: fc.integer({ min: 64 * 1024, max: 2 ** 30 }),
    });
    const result = await fc.check(
      fc.asyncProperty(options, async (generated) => {
        const stub = stubPlex();
        const full: Record<string, unknown> = { ...generated, fetch: stub.fetch, plexTvUrl: URLS.plexTvUrl };
        const valid = isValidClientOptions(full);
        let client: ReturnType<typeof createPlexAuth> | undefined;
        let thrown: unknown;
        try {
          client = createPlexAuth(full as never);
        } catch (error) {
          thrown = error;
        }
        if (!valid) {
          tally.invalid++;
          if (!(thrown instanceof InvalidInputError))
            throw new Error(`invalid options: ${String(thrown ?? "accepted")}`);
          return;
        }
        tally.valid++;
        if (!client) throw new Error(`valid options threw ${String(thrown)}`);
        const token = typeof full.token === "string" ? undefined : { token: "call-token-1234" };
        const { outcome } = await settle(
          () => (client as NonNullable<typeof client>).authentication.getTokenDetails(undefined, token),
          10_000,
        );
        if (outcome !== "success") throw new Error(`valid options: the call ended in ${outcome}`);
        const headers = stub.sent[0]?.headers;
        for (const [field, header] of Object.entries(IDENTITY_FIELDS)) {
          const given = (full as Record<string, unknown>)[field] ?? (field === "product" ? "plex-auth" : undefined);
          if (headerText(headers?.get(header) ?? null) !== asHeader(given as string | undefined)) {
            throw new Error(`${field} arrived changed`);
          }
        }
      }),
      { seed: SEED, numRuns: INPUT_RUNS },
    );
    metrics.push(
      exactly(`createPlexAuth options: counterexamples in ${INPUT_RUNS} runs`, result.failed ? 1 : 0, 0),
      info("createPlexAuth options: valid / invalid cases", `${tally.valid} / ${tally.invalid}`),
    );
    expect(counterexampleOf(result)).toBe("");
    expect(tally.valid).toBeGreaterThan(INPUT_RUNS / 50);
    expect(tally.invalid).toBeGreaterThan(INPUT_RUNS / 50);
  });
});

/** A response body the spec has no example for (an empty success) is fuzzed from `{}`. */
function exampleOrEmpty(operation: OperationName): () => never {
  return () => (readsBody(operation) ? exampleBody(operation) : {}) as never;
}

describe("part 3: arbitrary bodies into every response schema", () => {
  for (const operation of OPERATION_NAMES) {
    it(`${operation}: a 2xx body parses into the documented shape, or is a ResponseValidationError`, async () => {
      const tally: Tally = { valid: 0, invalid: 0 };
      cases[`${operation} response`] = tally;
      // A 204 cannot carry a body; any 2xx is a success.
      const status = operationOf(operation).successStatus === 204 ? 200 : operationOf(operation).successStatus;
      const result = await fc.check(
        fc.asyncProperty(responseBody(exampleOrEmpty(operation)), async (body) => {
          const stub = stubPlex(() => ({ status, body }));
          const plex = createPlexAuth({
            clientIdentifier: "reliability-responses",
            token: CLIENT_TOKEN,
            ...URLS,
            fetch: stub.fetch,
            retry: false,
          });
          let value: unknown;
          try {
            value = await (plex.authentication[operation] as Call)(VALID_INPUT[operation]);
          } catch (error) {
            tally.invalid++;
            if (!(error instanceof ResponseValidationError)) {
              throw new Error(`ended in ${error instanceof Error ? error.name : String(error)}`);
            }
            return;
          }
          tally.valid++;
          const problem = shapeProblem(operation, value);
          if (problem) throw new Error(`parsed, but ${problem}: ${describeCase(value)}`);
          if (Object.keys(Object.prototype).length > 0) throw new Error("Object.prototype was polluted");
        }),
        { seed: SEED, numRuns: RESPONSE_RUNS },
      );
      metrics.push(
        exactly(`${operation} responses: counterexamples in ${RESPONSE_RUNS} runs`, result.failed ? 1 : 0, 0),
        info(`${operation} responses: parsed / ResponseValidationError`, `${tally.valid} / ${tally.invalid}`),
      );
      expect(counterexampleOf(result)).toBe("");
      expect(tally.valid).toBeGreaterThan(RESPONSE_RUNS / 20);
      // An operation that reads no body has nothing to refuse.
      if (readsBody(operation)) expect(tally.invalid).toBeGreaterThan(RESPONSE_RUNS / 20);
    });
  }
});

afterAll(() => {
  const total = Object.values(cases).reduce((sum, tally) => sum + tally.valid + tally.invalid, 0);
  recordSection({
    part: 3,
    key: "1-sdk",
    title: `Property-based bad input: every operation, createPlexAuth, every response schema (fast-check, seed ${SEED})`,
    promise:
      `Hostile input (control characters, lone surrogates, zero-width and bidi marks, 100 KB strings, __proto__ keys, ` +
      `wrong types) into every one of the ${OPERATION_NAMES.length} operations of core's table (as client method and ` +
      "standalone function) and createPlexAuth: a valid call is sent exactly as given (method, path parameters " +
      "percent-encoded, query, form body, token header), anything else fails with InvalidInputError and sends nothing, " +
      "never a crash; arbitrary JSON into every response schema parses into the documented shape or is a " +
      "ResponseValidationError",
    metrics: [info("cases run", total), ...metrics],
    totals: { cases: total, operations: OPERATION_NAMES.length },
    durationMs: Date.now() - started,
  });
});
