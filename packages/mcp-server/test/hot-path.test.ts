import * as core from "@plex-auth/core";
import * as v from "valibot";
import { afterEach, describe, expect, test, vi } from "vitest";
import { createLogger } from "../src/log/logger.ts";
import { SecretRegistry } from "../src/log/secrets.ts";
import { PlexSession } from "../src/session/session.ts";
import { callTool } from "../src/tools/call-tool.ts";
import { buildToolCatalog, type ToolBinding } from "../src/tools/catalog.ts";
import { connect, TABLE_TOOL_NAMES } from "./helpers/in-memory.ts";
import { createPlexStub } from "./helpers/plex-stub.ts";
import { toolError } from "./helpers/results.ts";

// Spies on core's functions, as the server's modules import them.
vi.mock("@plex-auth/core", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@plex-auth/core")>();
  return {
    ...actual,
    operationFunction: vi.fn(actual.operationFunction),
    redactText: vi.fn(actual.redactText),
    redactValue: vi.fn(actual.redactValue),
  };
});

afterEach(() => {
  vi.mocked(core.operationFunction).mockClear();
  vi.mocked(core.redactText).mockClear();
});

describe("the per-call path does no repeated work", () => {
  test("each operation's function is made once, with the catalog, not on every call", async () => {
    const connected = await connect();
    try {
      const made = vi.mocked(core.operationFunction).mock.calls.length;
      expect(made).toBe(TABLE_TOOL_NAMES.length);
      for (let call = 0; call < 3; call++) {
        await connected.client.callTool({ name: "get_token_details", arguments: {} });
        await connected.client.callTool({ name: "get_transient_token", arguments: {} });
      }
      expect(vi.mocked(core.operationFunction).mock.calls.length).toBe(made);
    } finally {
      await connected.close();
    }
  });

  test("without PLEX_SERVER_URL, a Media Server tool's input is validated once per call (core's check)", async () => {
    const stub = createPlexStub();
    const config = { clientIdentifier: "hot-path", exposeTokens: false, fetch: stub.fetch };
    const binding = buildToolCatalog(config).get("get_source_connection_information") as ToolBinding;
    let validations = 0;
    const counted = v.pipe(
      v.unknown(),
      v.transform((input) => {
        validations++;
        return input;
      }),
      binding.operation.input,
    );
    const operation = { ...binding.operation, input: counted };
    const tool = { ...binding, operation, run: core.operationFunction(operation) };
    const secrets = new SecretRegistry();
    const logger = createLogger({ level: "silent" });
    const context = { session: new PlexSession(config, { logger, secrets }), logger, secrets, exposeTokens: false };

    const valid = await callTool(tool, { source: "server://0123456789abcdef" }, context);
    expect(toolError(valid).code).toBe("server_not_configured");
    const invalid = await callTool(tool, { source: "http://169.254.169.254/" }, context);
    expect(toolError(invalid).code).toBe("invalid_input");
    expect(validations).toBe(2);
    expect(stub.calls).toHaveLength(0);
  });

  test("a log line is redacted once: no text goes through redaction twice", () => {
    const secrets = new SecretRegistry();
    secrets.add("SENTINEL-log-secret-1234");
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line), secrets });
    logger.info("call with SENTINEL-log-secret-1234 failed", {
      tool: "get_token_details",
      detail: "echo SENTINEL-log-secret-1234",
      token: "not-a-known-secret",
      ms: 42,
    });
    const [line = ""] = lines;
    expect(line).toBe(
      "plex-auth-mcp info: call with [redacted] failed tool=get_token_details detail=echo [redacted] token=[redacted] ms=42\n",
    );
    const redactedChars = vi
      .mocked(core.redactText)
      .mock.calls.reduce((total, [text]) => total + (text as string).length, 0);
    expect(redactedChars).toBeLessThan(line.length);
  });
});
