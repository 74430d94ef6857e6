/**
 * Part 3, bad input, property-based: hostile inputs and per-call options into every SDK method (as a
 * client method and as a standalone function) and every MCP tool, and arbitrary JSON into every response
 * schema. A valid call is sent exactly as given; anything else fails with InvalidInputError (an `isError`
 * tool result) and sends nothing; no input ever crashes; a response either parses or is a
 * ResponseValidationError.
 */
import {
  createPlexAuth,
  createPlexAuthCore,
  getSourceConnectionInformation,
  getTokenDetails,
  getTransientToken,
  InvalidInputError,
  postUsersSignInData,
  ResponseValidationError,
} from "@plex-auth/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { anyJson, anyString, anyValue, hostileString, inputObject, requestOptions } from "../src/fuzz/arbitraries.ts";
import { responseBody } from "../src/fuzz/bodies.ts";
import {
  IDENTITY_FIELDS,
  isValidClientOptions,
  isValidInput,
  isValidOptions,
  type OperationName,
} from "../src/fuzz/oracle.ts";
import { describeCase } from "../src/fuzz/report-case.ts";
import { asHeader, exampleBody, headerText, stubPlex, unfaithful } from "../src/fuzz/stub-plex.ts";
import { callTool, connectInMemory, structured } from "../src/mcp/clients.ts";
import { settle } from "../src/outcome.ts";
import { exactly, info, type Metric, recordSection } from "../src/report/figures.ts";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
const INPUT_RUNS = 1_000;
const RESPONSE_RUNS = 300;
const TOOL_RUNS = 250;
const CLIENT_TOKEN = "client-token-00001";
const SERVER_URL = "http://192.168.1.10:32400";
const PLEX_TV_URL = "https://plex.tv/api/v2";
const OPERATIONS: readonly OperationName[] = [
  "getTransientToken",
  "getSourceConnectionInformation",
  "getTokenDetails",
  "postUsersSignInData",
];
const HOST: Readonly<Record<OperationName, string>> = {
  getTransientToken: SERVER_URL,
  getSourceConnectionInformation: SERVER_URL,
  getTokenDetails: PLEX_TV_URL,
  postUsersSignInData: PLEX_TV_URL,
};
const FUNCTIONS = { getTransientToken, getSourceConnectionInformation, getTokenDetails, postUsersSignInData } as const;

const SOURCES = ["server://0123456789abcdef", "provider://tv.plex.provider.vod", "server://a.b-c_d"];

/** Inputs for each operation: valid ones often enough that both branches of the oracle are exercised. */
const INPUTS: Readonly<Record<OperationName, fc.Arbitrary<unknown>>> = {
  getTokenDetails: fc.oneof(fc.constantFrom(undefined, null, {}), inputObject({}), anyValue),
  getTransientToken: fc.oneof(
    fc.constant(undefined),
    inputObject({ type: fc.constant("delegation"), scope: fc.constant("all") }),
    anyValue,
  ),
  getSourceConnectionInformation: fc.oneof(
    {
      weight: 4,
      arbitrary: inputObject({
        source: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(...SOURCES) },
          { weight: 1, arbitrary: hostileString.map((suffix) => `server://${suffix}`) },
        ),
        refresh: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: anyValue },
  ),
  postUsersSignInData: fc.oneof(
    {
      weight: 4,
      arbitrary: inputObject({
        login: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("casey@example.com", "casey") }, anyString),
        password: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("plain-Pa55word!", "pw-😀-é") }, anyString),
        verificationCode: fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^\d{6}$/) }, anyString),
        rememberMe: fc.boolean(),
      }),
    },
    { weight: 1, arbitrary: anyValue },
  ),
};

interface Tally {
  valid: number;
  invalid: number;
}

function plainFields(input: unknown): Record<string, unknown> {
  return typeof input === "object" && input !== null ? (input as Record<string, unknown>) : {};
}

/** The base URL a valid call goes to: the call's `serverUrl` (trailing slashes dropped), else the client's. */
function expectedBase(operation: OperationName, options: unknown): string {
  const serverUrl = plainFields(options).serverUrl;
  return typeof serverUrl === "string" ? new URL(serverUrl).origin : new URL(HOST[operation]).origin;
}

function expectedPathBase(operation: OperationName, options: unknown): string {
  const serverUrl = plainFields(options).serverUrl;
  const base = typeof serverUrl === "string" ? serverUrl.replace(/\/+$/, "") : HOST[operation];
  const url = new URL(base);
  return `${expectedBase(operation, options)}${url.pathname === "/" ? "" : url.pathname}`;
}

const cases: Record<string, Tally> = {};
const metrics: Metric[] = [];
const started = Date.now();

describe("part 3: bad input into every SDK method", () => {
  for (const operation of OPERATIONS) {
    it(`${operation}: valid input is sent exactly as given; anything else is InvalidInputError and sends nothing`, async () => {
      const tally: Tally = { valid: 0, invalid: 0 };
      cases[operation] = tally;
      const result = await fc.check(
        fc.asyncProperty(INPUTS[operation], requestOptions, fc.boolean(), async (input, options, viaFunction) => {
          const stub = stubPlex();
          const clientOptions = {
            clientIdentifier: "reliability-bad-input",
            token: CLIENT_TOKEN,
            serverUrl: SERVER_URL,
            plexTvUrl: PLEX_TV_URL,
            fetch: stub.fetch,
            retry: false as const,
          };
          const run = viaFunction
            ? () =>
                (FUNCTIONS[operation] as (...args: unknown[]) => Promise<unknown>)(
                  createPlexAuthCore(clientOptions),
                  input,
                  options,
                )
            : () =>
                (createPlexAuth(clientOptions).authentication[operation] as (...args: unknown[]) => Promise<unknown>)(
                  input,
                  options,
                );
          const { outcome } = await settle(run, 10_000);
          const valid = isValidInput(operation, input) && isValidOptions(options);
          if (valid) tally.valid++;
          else tally.invalid++;
          if (!valid) {
            if (outcome !== "InvalidInputError") throw new Error(`invalid input ended in ${outcome}`);
            if (stub.sent.length > 0) throw new Error("invalid input was sent");
            return;
          }
          if (outcome !== "success") throw new Error(`valid input ended in ${outcome}`);
          if (stub.sent.length !== 1) throw new Error(`valid input sent ${stub.sent.length} requests`);
          const token = plainFields(options).token;
          const problems = unfaithful(operation, plainFields(input), stub.sent[0] as never, {
            // Sign-in sends no token at all.
            token: operation === "postUsersSignInData" ? undefined : typeof token === "string" ? token : CLIENT_TOKEN,
            base: expectedPathBase(operation, options),
          });
          if (problems.length) throw new Error(problems.join("; "));
        }),
        { seed: SEED, numRuns: INPUT_RUNS },
      );
      const counterexample = result.failed
        ? `${String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance)} ` +
          `for input ${describeCase(result.counterexample?.[0])}, options ${describeCase(result.counterexample?.[1])} ` +
          `(seed ${result.seed}, path "${result.counterexample ? result.counterexamplePath : ""}")`
        : "";
      const metric = exactly(`${operation}: counterexamples in ${INPUT_RUNS} runs`, result.failed ? 1 : 0, 0);
      metrics.push(metric, info(`${operation}: valid / invalid cases`, `${tally.valid} / ${tally.invalid}`));
      expect(counterexample).toBe("");
      // Both branches of the oracle must have been exercised, or the property proves little.
      expect(tally.valid).toBeGreaterThan(INPUT_RUNS / 50);
      expect(tally.invalid).toBeGreaterThan(INPUT_RUNS / 50);
    });
  }
});

/** Formats a failed fast-check run: the error, and the counterexample made readable. */
function counterexampleOf<Values extends unknown[]>(result: fc.RunDetails<Values>): string {
  if (!result.failed) return "";
  const error = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  const values = (result.counterexample ?? []).map((value) => describeCase(value)).join(", ");
  return `${error} for (${values}) (seed ${result.seed}, path "${result.counterexamplePath ?? ""}")`;
}

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
        const full: Record<string, unknown> = { ...generated, fetch: stub.fetch, plexTvUrl: PLEX_TV_URL };
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

const TOOL_NAMES: Readonly<Record<OperationName, string>> = {
  getTransientToken: "get_transient_token",
  getSourceConnectionInformation: "get_source_connection_information",
  getTokenDetails: "get_token_details",
  postUsersSignInData: "post_users_sign_in_data",
};

/** Tool arguments: JSON objects only (what MCP carries), valid often enough to exercise both branches. */
const TOOL_ARGUMENTS: Readonly<Record<OperationName, fc.Arbitrary<Record<string, unknown>>>> = {
  getTokenDetails: fc.oneof(fc.constant({}), inputObject({}, anyJson)),
  getTransientToken: inputObject({ type: fc.constant("delegation"), scope: fc.constant("all") }, anyJson),
  getSourceConnectionInformation: inputObject(
    {
      source: fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...SOURCES) },
        hostileString.map((suffix) => `server://${suffix}`),
      ),
      refresh: fc.boolean(),
    },
    anyJson,
  ),
  postUsersSignInData: inputObject(
    {
      login: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("casey@example.com", "casey") }, anyString),
      password: fc.oneof({ weight: 3, arbitrary: fc.constantFrom("plain-Pa55word!", "pw-😀-é") }, anyString),
      verificationCode: fc.oneof({ weight: 3, arbitrary: fc.stringMatching(/^\d{6}$/) }, anyString),
      rememberMe: fc.boolean(),
    },
    anyJson,
  ),
};

/**
 * The arguments as the tools get them: the MCP SDK's request parsing (zod) copies argument objects by
 * assignment, which drops an own `__proto__` key before the server sees it (its contents are not used:
 * checked above by the faithfulness of what is sent). The rest is judged as usual.
 */
function asMcpReceives(args: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(args)) {
    if (key !== "__proto__") copy[key] = args[key];
  }
  return copy;
}

describe("part 3: bad input into every MCP tool", () => {
  for (const operation of OPERATIONS) {
    const tool = TOOL_NAMES[operation];
    it(`${tool}: valid arguments are sent exactly as given; anything else is an isError invalid_input result and sends nothing`, async () => {
      const tally: Tally = { valid: 0, invalid: 0 };
      cases[`tool ${tool}`] = tally;
      const result = await fc.check(
        fc.asyncProperty(TOOL_ARGUMENTS[operation], async (args) => {
          const stub = stubPlex();
          const session = await connectInMemory({
            clientIdentifier: "reliability-mcp-bad-input",
            token: CLIENT_TOKEN,
            serverUrl: SERVER_URL,
            plexTvUrl: PLEX_TV_URL,
            fetch: stub.fetch,
            retry: false,
            exposeTokens: false,
          });
          try {
            // A JSON-RPC error here would be the server failing on an argument object: not allowed.
            const answer = await callTool(session.client, tool, args);
            const received = asMcpReceives(args);
            const valid = isValidInput(operation, received);
            if (valid) tally.valid++;
            else tally.invalid++;
            const error = (structured(answer).error ?? {}) as { code?: string };
            if (!valid) {
              if (!answer.isError || error.code !== "invalid_input")
                throw new Error(`invalid arguments gave ${JSON.stringify(structured(answer)).slice(0, 200)}`);
              if (stub.sent.length > 0) throw new Error("invalid arguments were sent");
            } else {
              if (answer.isError) throw new Error(`valid arguments gave ${error.code}`);
              if (stub.sent.length !== 1) throw new Error(`valid arguments sent ${stub.sent.length} requests`);
              const problems = unfaithful(operation, received, stub.sent[0] as never, {
                token: operation === "postUsersSignInData" ? undefined : CLIENT_TOKEN,
                base: HOST[operation],
              });
              if (problems.length) throw new Error(problems.join("; "));
            }
            // The server is still there for the next call.
            await session.client.listTools();
          } finally {
            await session.close();
          }
        }),
        { seed: SEED, numRuns: TOOL_RUNS },
      );
      metrics.push(
        exactly(`tool ${tool}: counterexamples in ${TOOL_RUNS} runs`, result.failed ? 1 : 0, 0),
        info(`tool ${tool}: valid / invalid cases`, `${tally.valid} / ${tally.invalid}`),
      );
      expect(counterexampleOf(result)).toBe("");
      expect(tally.valid).toBeGreaterThan(TOOL_RUNS / 50);
      expect(tally.invalid).toBeGreaterThan(TOOL_RUNS / 50);
    });
  }
});

/** What a parsed result must look like, or why it does not. */
function shapeProblem(operation: OperationName, value: unknown): string | undefined {
  if (operation === "getTransientToken")
    return typeof value === "string" && value.length > 0 ? undefined : "not a token";
  if (typeof value !== "object" || value === null) return "not an object";
  if (Object.getPrototypeOf(value) !== Object.prototype) return "the result's prototype was replaced";
  const record = value as Record<string, unknown>;
  if (operation === "getSourceConnectionInformation") {
    const connections = record.Connection;
    return Array.isArray(connections) && connections.every((item) => typeof item === "object" && item !== null)
      ? undefined
      : "Connection is not an array of objects";
  }
  return typeof record.id === "number" && typeof record.authToken === "string" && typeof record.username === "string"
    ? undefined
    : "an account without id, authToken or username";
}

describe("part 3: arbitrary bodies into every response schema", () => {
  for (const operation of OPERATIONS) {
    it(`${operation}: a 2xx body parses into the documented shape, or is a ResponseValidationError`, async () => {
      const tally: Tally = { valid: 0, invalid: 0 };
      cases[`${operation} response`] = tally;
      const status = operation === "postUsersSignInData" ? 201 : 200;
      const result = await fc.check(
        fc.asyncProperty(
          responseBody(() => exampleBody(operation) as never),
          async (body) => {
            const stub = stubPlex(() => ({ status, body }));
            const plex = createPlexAuth({
              clientIdentifier: "reliability-responses",
              token: CLIENT_TOKEN,
              serverUrl: SERVER_URL,
              plexTvUrl: PLEX_TV_URL,
              fetch: stub.fetch,
              retry: false,
            });
            const call = plex.authentication[operation] as (input?: unknown) => Promise<unknown>;
            const input =
              operation === "getSourceConnectionInformation"
                ? { source: SOURCES[0] }
                : operation === "postUsersSignInData"
                  ? { login: "casey", password: "plain-Pa55word!" }
                  : undefined;
            let value: unknown;
            try {
              value = await call(input);
            } catch (error) {
              tally.invalid++;
              if (!(error instanceof ResponseValidationError)) {
                throw new Error(`ended in ${error instanceof Error ? error.name : String(error)}`);
              }
              return;
            }
            tally.valid++;
            const problem = shapeProblem(operation, value);
            if (problem) throw new Error(`parsed, but ${problem}`);
            if (Object.keys(Object.prototype).length > 0) throw new Error("Object.prototype was polluted");
          },
        ),
        { seed: SEED, numRuns: RESPONSE_RUNS },
      );
      metrics.push(
        exactly(`${operation} responses: counterexamples in ${RESPONSE_RUNS} runs`, result.failed ? 1 : 0, 0),
        info(`${operation} responses: parsed / ResponseValidationError`, `${tally.valid} / ${tally.invalid}`),
      );
      expect(counterexampleOf(result)).toBe("");
      expect(tally.valid).toBeGreaterThan(RESPONSE_RUNS / 20);
      expect(tally.invalid).toBeGreaterThan(RESPONSE_RUNS / 20);
    });
  }
});

afterAll(() => {
  const total = Object.values(cases).reduce((sum, tally) => sum + tally.valid + tally.invalid, 0);
  recordSection({
    part: 3,
    key: "fuzz",
    title: `Property-based bad input (fast-check, seed ${SEED})`,
    promise:
      "Hostile input (control characters, lone surrogates, zero-width and bidi marks, 100 KB strings, __proto__ keys, " +
      "wrong types) into every SDK method (as client method and standalone function), createPlexAuth and every MCP " +
      "tool: a valid call is sent exactly as given, anything else fails with InvalidInputError (an isError " +
      "invalid_input result) and sends nothing, never a crash; arbitrary JSON into every response schema parses " +
      "into the documented shape or is a ResponseValidationError",
    metrics: [info("cases run", total), ...metrics],
    totals: { cases: total },
    durationMs: Date.now() - started,
  });
});
