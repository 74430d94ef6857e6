/**
 * Part 3, bad input into every MCP tool the server lists (read from `tools/list`, each mapped to its
 * operation of core's table): valid arguments are sent exactly as given, and `get_server_resources`'s
 * probes go only to the listed servers' own addresses with their own tokens; anything else is an isError
 * `invalid_input` result and sends nothing; no argument object makes the server fail or go away.
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { toolArguments } from "../src/fuzz/inputs.ts";
import { OPERATION_NAMES, type OperationName, operationOf, operationOfTool } from "../src/fuzz/operations.ts";
import { isValidInput } from "../src/fuzz/oracle.ts";
import { type ProbedResource, probeProblem } from "../src/fuzz/probes.ts";
import { counterexampleOf, type Tally } from "../src/fuzz/report-case.ts";
import { exampleBody, type StubPlex, stubPlex } from "../src/fuzz/stub-plex.ts";
import { baseOf, unfaithful, wireOf } from "../src/fuzz/wire.ts";
import { callTool, connectInMemory, structured } from "../src/mcp/clients.ts";
import { exactly, info, type Metric, recordSection } from "../src/report/figures.ts";

const SEED = Number(process.env.RELIABILITY_SEED ?? 20_260_501);
const TOOL_RUNS = 250;
const CLIENT_TOKEN = "client-token-00001";
const URLS = { serverUrl: "http://192.168.1.10:32400", plexTvUrl: "https://plex.tv/api/v2" };

const cases: Record<string, Tally> = {};
const metrics: Metric[] = [];
const started = Date.now();

function connect(stub: StubPlex) {
  return connectInMemory({
    clientIdentifier: "reliability-mcp-bad-input",
    token: CLIENT_TOKEN,
    ...URLS,
    fetch: stub.fetch,
    retry: false,
    exposeTokens: false,
  });
}

/**
 * The arguments as the tools get them: the MCP SDK's request parsing (zod) copies argument objects by
 * assignment, which drops an own `__proto__` key before the server sees it (its contents are not used:
 * checked by the faithfulness of what is sent). The rest is judged as usual.
 */
function asMcpReceives(args: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(args)) {
    if (key !== "__proto__") copy[key] = args[key];
  }
  return copy;
}

/** The servers whose connections a tool may probe after its own request: those the stub listed. */
function probedBy(operation: OperationName): ProbedResource[] {
  return operation === "getServerResources" ? (exampleBody(operation) as ProbedResource[]) : [];
}

/** What is wrong with what a valid call sent: its own request, then only probes of the listed servers. */
function sentProblems(operation: OperationName, received: Record<string, unknown>, stub: StubPlex): string[] {
  const [request, ...rest] = stub.sent;
  if (!request) return ["valid arguments sent nothing"];
  const problems = unfaithful(wireOf(operation, received), request, {
    token: CLIENT_TOKEN,
    base: baseOf(wireOf(operation, received).host, URLS),
  });
  const probed = probedBy(operation);
  for (const other of rest) problems.push(probeProblem(other, probed) ?? "");
  return problems.filter(Boolean);
}

async function checkToolCall(tool: string, operation: OperationName, args: Record<string, unknown>, tally: Tally) {
  const stub = stubPlex();
  const session = await connect(stub);
  try {
    // A JSON-RPC error here would be the server failing on an argument object: not allowed.
    const answer = await callTool(session.client, tool, args);
    const received = asMcpReceives(args);
    const valid = isValidInput(operation, received);
    tally[valid ? "valid" : "invalid"]++;
    const error = (structured(answer).error ?? {}) as { code?: string };
    if (!valid) {
      if (!answer.isError || error.code !== "invalid_input")
        throw new Error(`invalid arguments gave ${JSON.stringify(structured(answer)).slice(0, 200)}`);
      if (stub.sent.length > 0) throw new Error("invalid arguments were sent");
    } else {
      if (answer.isError) throw new Error(`valid arguments gave ${error.code}`);
      const problems = sentProblems(operation, received, stub);
      if (problems.length) throw new Error(problems.join("; "));
    }
    // The server is still there for the next call.
    await session.client.ping();
  } finally {
    await session.close();
  }
}

// "Sign in with Plex": a flow, not a row of core's table; its bad input is checked below on its own.
const SIGN_IN_TOOLS = ["sign_in_with_plex", "wait_for_plex_sign_in"];

/** What wait_for_plex_sign_in takes: a 24-character handle and, optionally, 1 to 55 whole seconds. */
function isValidWait(args: Record<string, unknown>): boolean {
  const keys = Object.keys(args);
  if (!keys.includes("handle") || keys.some((key) => key !== "handle" && key !== "waitSeconds")) return false;
  const { handle, waitSeconds } = args;
  const seconds =
    waitSeconds === undefined ||
    (Number.isInteger(waitSeconds) && (waitSeconds as number) >= 1 && (waitSeconds as number) <= 55);
  return typeof handle === "string" && /^[A-Za-z0-9_-]{24}$/.test(handle) && seconds;
}

async function checkSignInCall(tool: string, args: Record<string, unknown>, tally: Tally) {
  const stub = stubPlex();
  const session = await connect(stub);
  try {
    const answer = await callTool(session.client, tool, args);
    const error = (structured(answer).error ?? {}) as { code?: string };
    // sign_in_with_plex takes nothing; a well-formed handle of no sign-in of this session is pin_expired.
    const valid = tool === "sign_in_with_plex" ? Object.keys(args).length === 0 : isValidWait(args);
    tally[valid ? "valid" : "invalid"]++;
    if (!valid && (!answer.isError || error.code !== "invalid_input")) {
      throw new Error(`invalid arguments gave ${JSON.stringify(structured(answer)).slice(0, 200)}`);
    }
    if (valid && tool === "wait_for_plex_sign_in" && error.code !== "pin_expired") {
      throw new Error(`an unknown handle gave ${JSON.stringify(structured(answer)).slice(0, 200)}`);
    }
    if (!valid && stub.sent.length > 0) throw new Error("invalid arguments were sent");
    await session.client.ping();
  } finally {
    await session.close();
  }
}

const signInArguments: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  sign_in_with_plex: fc.oneof(
    fc.constant({}),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue(), { minKeys: 1, maxKeys: 3 }),
  ),
  wait_for_plex_sign_in: fc.oneof(
    // Well-formed: a handle of no sign-in of this session.
    fc.record(
      { handle: fc.stringMatching(/^[A-Za-z0-9_-]{24}$/), waitSeconds: fc.integer({ min: 1, max: 55 }) },
      { requiredKeys: ["handle"] },
    ),
    fc.record(
      {
        handle: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{24}$/), fc.string({ maxLength: 30 }), fc.jsonValue()),
        waitSeconds: fc.oneof(fc.integer({ min: -5, max: 70 }), fc.double(), fc.string()),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue(), { maxKeys: 3 }),
  ),
};

describe("part 3: bad input into every MCP tool", async () => {
  const lister = await connect(stubPlex());
  const everyTool = (await lister.client.listTools()).tools.map((tool) => tool.name);
  await lister.close();
  const listed = everyTool.filter((name) => !SIGN_IN_TOOLS.includes(name));

  it("every tool the server lists runs an operation of core's table, and every tool of the table is listed", () => {
    const ofTable = OPERATION_NAMES.flatMap((name) => operationOf(name).tool?.name ?? []);
    // Besides the two of Sign in with Plex, a flow rather than a row of the table.
    expect(everyTool.filter((name) => SIGN_IN_TOOLS.includes(name)).sort()).toEqual(SIGN_IN_TOOLS);
    expect([...listed].sort()).toEqual([...ofTable].sort());
    expect(listed.every((name) => operationOfTool(name) !== undefined)).toBe(true);
    expect(listed.length).toBeGreaterThanOrEqual(10);
  });

  for (const tool of listed) {
    it(`${tool}: valid arguments are sent exactly as given; anything else is an isError invalid_input result and sends nothing`, async () => {
      const operation = operationOfTool(tool) as OperationName;
      const tally: Tally = { valid: 0, invalid: 0 };
      cases[`tool ${tool}`] = tally;
      const result = await fc.check(
        fc.asyncProperty(toolArguments(operation), (args) => checkToolCall(tool, operation, args, tally)),
        { seed: SEED, numRuns: TOOL_RUNS },
      );
      metrics.push(
        exactly(`tool ${tool}: counterexamples in ${TOOL_RUNS} runs`, result.failed ? 1 : 0, 0),
        info(`tool ${tool}: valid / invalid cases`, `${tally.valid} / ${tally.invalid}`),
      );
      expect(counterexampleOf(result)).toBe("");
      expect(tally.valid).toBeGreaterThan(TOOL_RUNS / 50);
      expect(tally.invalid).toBeGreaterThan(TOOL_RUNS / 50);
      expect(operationOf(operation).tool?.name).toBe(tool);
    });
  }

  for (const tool of SIGN_IN_TOOLS) {
    it(`${tool}: anything but its documented arguments is an isError invalid_input result and sends nothing`, async () => {
      const tally: Tally = { valid: 0, invalid: 0 };
      cases[`tool ${tool}`] = tally;
      const runs = TOOL_RUNS / 5;
      const result = await fc.check(
        fc.asyncProperty(signInArguments[tool] as fc.Arbitrary<Record<string, unknown>>, (args) =>
          checkSignInCall(tool, asMcpReceives(args), tally),
        ),
        { seed: SEED, numRuns: runs },
      );
      metrics.push(
        exactly(`tool ${tool}: counterexamples in ${runs} runs`, result.failed ? 1 : 0, 0),
        info(`tool ${tool}: valid / invalid cases`, `${tally.valid} / ${tally.invalid}`),
      );
      expect(counterexampleOf(result)).toBe("");
      expect(tally.valid).toBeGreaterThan(0);
      expect(tally.invalid).toBeGreaterThan(0);
    });
  }
});

afterAll(() => {
  const total = Object.values(cases).reduce((sum, tally) => sum + tally.valid + tally.invalid, 0);
  recordSection({
    part: 3,
    key: "2-mcp",
    title: `Property-based bad input: every MCP tool (fast-check, seed ${SEED})`,
    promise:
      `Hostile JSON arguments into each of the ${Object.keys(cases).length} tools the server lists: valid arguments are ` +
      "sent exactly as given (and get_server_resources probes only the listed servers' own addresses, each with its " +
      "own token), anything else is an isError invalid_input result and sends nothing; the server answers the next " +
      "request every time",
    metrics: [info("cases run", total), ...metrics],
    totals: { cases: total, tools: Object.keys(cases).length },
    durationMs: Date.now() - started,
  });
});
