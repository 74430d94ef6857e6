import { operations } from "@plex-auth/core";
import Ajv from "ajv";
import { afterEach, describe, expect, test } from "vitest";
import { TOKEN_ORIGINS } from "../src/session/issued-token.ts";
import { type BehaviourHints, HINT_DEFAULTS, listedAnnotations } from "../src/tools/annotations.ts";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { LOGIN, SENTINELS } from "./helpers/plex-stub.ts";

const WITH_TOOLS = Object.values(operations).filter((operation) => operation.tool !== undefined);

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

describe("tools/list", () => {
  test("lists one tool per operation of core's table, named by the table, and the two of Sign in with Plex", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      [
        "sign_in_with_plex",
        "wait_for_plex_sign_in",
        ...Object.values(operations).flatMap((operation) => (operation.tool ? [operation.tool.name] : [])),
      ].sort(),
    );
    // An operation without a tool entry (the OAuth PIN steps, say) gets no tool of its own.
    for (const operation of Object.values(operations).filter((candidate) => !candidate.tool)) {
      expect(tools.map((tool) => tool.title)).not.toContain(operation.title);
    }
  });

  test("titles and annotations are the table's (the title once, not again in annotations)", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    for (const operation of WITH_TOOLS) {
      const tool = tools.find((candidate) => candidate.name === operation.tool?.name);
      expect(tool?.title).toBe(operation.title);
      // What a client reads, MCP's defaults applied, is the table's: every hint for a tool that writes, and
      // for a read-only one the two that mean something for it.
      const table = operation.tool?.annotations as BehaviourHints;
      const read = { ...HINT_DEFAULTS, ...tool?.annotations };
      expect(read.readOnlyHint, operation.name).toBe(table.readOnlyHint);
      expect(read.openWorldHint, operation.name).toBe(table.openWorldHint);
      if (!table.readOnlyHint) {
        expect(read.destructiveHint, operation.name).toBe(table.destructiveHint);
        expect(read.idempotentHint, operation.name).toBe(table.idempotentHint);
      }
      expect(tool?.annotations).toEqual(listedAnnotations(table));
    }
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    expect(byName.get_token_details).toEqual({ readOnlyHint: true });
    expect(byName.post_users_sign_in_data).toEqual({ destructiveHint: false });
    expect(byName.sign_out).toEqual({});
    expect(byName.get_transient_token).toEqual({ destructiveHint: false, openWorldHint: false });
  });

  test("descriptions are the table's plus only what picks the tool; codes and shared notes are in the instructions", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    for (const operation of WITH_TOOLS) {
      const description = tools.find((tool) => tool.name === operation.tool?.name)?.description ?? "";
      expect(description.startsWith(operation.description)).toBe(true);
      // Every code, its advice and the tools that return it are in the instructions, once.
      expect(description).not.toMatch(/Errors:|- invalid_input: |connection_error|Counts as a sign-in attempt/);
      expect(description).not.toMatch(/Talks to PLEX_SERVER_URL|PLEX_MCP_EXPOSE_TOKENS/);
    }
    const signIn = tools.find((tool) => tool.name === "post_users_sign_in_data")?.description ?? "";
    expect(signIn).toMatch(/Prefer sign_in_with_plex \(no password in the conversation\)/);
    const wait = tools.find((tool) => tool.name === "wait_for_plex_sign_in");
    expect(wait?.description).not.toMatch(/Errors:/);
    expect(wait?.inputSchema.properties?.waitSeconds).toMatchObject({ default: 45, maximum: 55 });
  });

  test("the instructions give every code's advice once, the tools that return it, and the sign-in and PIN tools' wording", async () => {
    connected = await connect();
    const instructions = connected.client.getInstructions() ?? "";
    const { tools } = await connected.client.listTools();
    const names = new Set(tools.map((tool) => tool.name));
    const lines = instructions.split("\n").filter((line) => line.startsWith("- "));
    const codes = lines.map((line) => line.match(/^- ([a-z_]+)/)?.[1]);
    expect(new Set(codes).size).toBe(codes.length);
    for (const line of lines) {
      for (const tool of line.match(/^- [a-z_]+ \(([a-z_, ]+)\):/)?.[1]?.split(", ") ?? []) {
        expect(names.has(tool), `${tool} in ${line.slice(0, 40)}`).toBe(true);
      }
    }
    for (const code of [
      "invalid_input",
      "rate_limited",
      "server_error",
      "connection_error",
      "timeout",
      "internal_error",
    ]) {
      expect(instructions, code).toMatch(new RegExp(`^- ${code}: `, "m"));
    }
    expect(instructions).toMatch(
      /^- two_factor_required \(post_users_sign_in_data\): .*ask the user for the current code.*verificationCode/im,
    );
    expect(instructions).toMatch(/^- sign_in_throttled \(post_users_sign_in_data\): .*STOP/m);
    expect(instructions).toMatch(
      /^- unauthorized \(get_source_connection_information, get_transient_token, post_users_sign_in_data\): .* From post_users_sign_in_data: the login or password is wrong/m,
    );
    expect(instructions).toMatch(/^- pin_expired \(sign_in_with_plex, wait_for_plex_sign_in\): /m);
    expect(instructions).toMatch(/^- aborted \(wait_for_plex_sign_in\): /m);
    expect(instructions).toMatch(
      /^- server_not_configured \(get_source_connection_information, get_transient_token\): /m,
    );
    expect(instructions).toMatch(/Ask the user for this profile's 4-digit PIN.*Never guess/);
    expect(instructions).toMatch(/From switch_home_user: PIN attempts are paused/);
    expect(instructions).toMatch(/nothing has that uuid/);
  });

  test("the instructions give the token tools' two codes once, and name the Media Server tools and the sign-in attempts", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    const describe = (name: string | undefined) => tools.find((tool) => tool.name === name)?.description ?? "";
    const instructions = connected.client.getInstructions() ?? "";
    expect(instructions).toMatch(/every tool that uses the session's token not_signed_in and invalid_token/);
    expect(instructions).toMatch(/^- not_signed_in: /m);
    expect(instructions).toMatch(/^- invalid_token: /m);
    expect(instructions).toMatch(
      /Every tool but sign_in_with_plex, wait_for_plex_sign_in, post_users_sign_in_data uses/,
    );
    const pms = WITH_TOOLS.filter((operation) => operation.host === "pms").map((operation) => operation.tool?.name);
    expect(instructions).toContain(`${pms.join(" and ")} talk to the Plex Media Server at PLEX_SERVER_URL`);
    const limited = WITH_TOOLS.filter((operation) => operation.tool?.limited).map((operation) => operation.tool?.name);
    expect(limited).toContain("switch_home_user");
    expect(instructions).toContain(`${limited.join(" and ")} count as sign-in attempts`);
    for (const code of ["home_user_pin_required", "not_found", "sign_in_rate_limited"]) {
      expect(instructions).toMatch(new RegExp(`^- ${code} \\([^)]*switch_home_user[^)]*\\): `, "m"));
    }
    const homeUsersCodes = instructions.match(/^- [a-z_]+ \([^)]*\bget_home_users\b/m);
    expect(homeUsersCodes).toBeNull();
    expect(describe(operations.signOut.tool?.name)).toMatch(/this session forgets it/);
    expect(instructions).toMatch(
      /claim or transient token, tell them to run this server with PLEX_MCP_EXPOSE_TOKENS=1/,
    );
  });

  test("the instructions name every origin a session's token can have", async () => {
    connected = await connect();
    const instructions = connected.client.getInstructions() ?? "";
    expect(instructions).toContain(`token.origin says which: ${TOKEN_ORIGINS.join(", ")}`);
    expect(TOKEN_ORIGINS).toContain("home-switch");
  });

  test("tools/list stays small: the model reads it whole on every conversation (45 KB before it was compacted)", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    const bytes = new TextEncoder().encode(JSON.stringify({ tools })).length;
    // Issue 13's 8 KB with the sign-in tools and the whole Authentication group (7,947 B when it was met).
    expect(bytes).toBeLessThanOrEqual(8 * 1024);
    for (const tool of tools) expect(JSON.stringify(tool.outputSchema)).not.toMatch(/"description"/);
  });

  test("the whole listing matches its committed snapshot (a change to any tool shows in review; vitest -u to accept it)", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    // Keys sorted: the two protocol eras' codecs serialize the same listing in different key orders.
    const sorted = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sorted)
        : typeof value === "object" && value !== null
          ? Object.fromEntries(
              Object.keys(value)
                .sort()
                .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
            )
          : value;
    const listing = `${JSON.stringify(sorted({ tools }), null, 2)}\n`;
    await expect(listing).toMatchFileSnapshot("./__snapshots__/tools-list.json");
  });

  test("input schemas are derived from core's valibot schemas: strict, typed, with descriptions", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    const schema = (name: string) => tools.find((tool) => tool.name === name)?.inputSchema as Record<string, unknown>;
    for (const tool of tools) {
      expect(tool.inputSchema.type).toBe("object");
      expect((tool.inputSchema as { additionalProperties?: unknown }).additionalProperties).toBe(false);
      expect(tool.inputSchema).not.toHaveProperty("$schema");
    }
    expect(schema("get_source_connection_information")).toMatchObject({
      required: ["source"],
      properties: {
        source: { type: "string", pattern: expect.stringContaining("server|provider") },
        refresh: { type: "boolean" },
      },
    });
    expect(schema("post_users_sign_in_data")).toMatchObject({
      required: ["login", "password"],
      properties: {
        login: { type: "string", minLength: 1 },
        password: { type: "string", minLength: 1 },
        verificationCode: { type: "string", description: expect.stringContaining("two-factor") },
        rememberMe: { type: "boolean" },
      },
    });
    // Fields with one allowed value, its default, give the model nothing to choose: not listed.
    // No arguments: the form MCP 2025-11-25 recommends, an empty object only (an empty `properties` says nothing).
    expect(schema("get_transient_token")).toEqual({ type: "object", additionalProperties: false });
    expect(schema("get_token_details")).toEqual({ type: "object", additionalProperties: false });
    expect(schema("switch_home_user")).toMatchObject({
      required: ["uuid"],
      properties: {
        uuid: { type: "string", description: expect.stringContaining("get_home_users") },
        pin: { type: "string", pattern: "^\\d{4}$", description: expect.stringContaining("4-digit PIN") },
      },
    });
    expect(schema("get_server_resources")).not.toHaveProperty("required");
    expect(schema("get_server_resources")).toMatchObject({
      properties: {
        includeHttps: { type: "boolean" },
        includeRelay: { type: "boolean" },
        includeIPv6: { type: "boolean" },
      },
    });
  });

  test("with PLEX_LOGIN/PLEX_PASSWORD configured, sign-in no longer requires login and password", async () => {
    connected = await connect({ config: { credentials: { login: LOGIN, password: SENTINELS.password } } });
    const { tools } = await connected.client.listTools();
    const signIn = tools.find((tool) => tool.name === "post_users_sign_in_data");
    expect(signIn?.inputSchema).not.toHaveProperty("required");
    expect(signIn?.inputSchema.properties).toHaveProperty("verificationCode");
    expect(signIn?.description).toMatch(/login and password are configured on this server: omit them/);
  });

  test("every tool has an output schema that accepts both its result and the error shape", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    for (const tool of tools) {
      expect(tool.outputSchema?.type).toBe("object");
      // No field is required, so an error result's { error } passes too (clients check every structured result).
      const validate = new Ajv({ strict: false }).compile(tool.outputSchema as object);
      expect(validate({ error: { code: "invalid_input", message: "…" } }), tool.name).toBe(true);
      expect(Object.keys(tool.outputSchema?.properties ?? {}).length, tool.name).toBeGreaterThan(0);
    }
  });
});

describe("--read-only", () => {
  test("lists only the tools that change nothing; the others are unknown tools", async () => {
    const connected = await connect({ config: { readOnly: true } });
    try {
      const { tools } = await connected.client.listTools();
      expect(tools.length).toBeGreaterThan(0);
      for (const tool of tools) expect(tool.annotations?.readOnlyHint, tool.name).toBe(true);
      const names = tools.map((tool) => tool.name);
      for (const name of ["sign_in_with_plex", "post_users_sign_in_data", "sign_out", "get_claim_token"]) {
        expect(names).not.toContain(name);
        await expect(connected.client.callTool({ name, arguments: {} })).rejects.toThrow(/Unknown tool/);
      }
      expect(names).toEqual(expect.arrayContaining(["get_token_details", "ping", "get_server_resources"]));
    } finally {
      await connected.close();
    }
  });
});
