import { operations } from "@plex-auth/core";
import { afterEach, describe, expect, test } from "vitest";
import { TOKEN_ORIGINS } from "../src/session/issued-token.ts";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { LOGIN, SENTINELS } from "./helpers/plex-stub.ts";

const WITH_TOOLS = Object.values(operations).filter((operation) => operation.tool !== undefined);

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

describe("tools/list", () => {
  test("lists exactly one tool per operation of core's table, named by the table", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      Object.values(operations)
        .flatMap((operation) => (operation.tool ? [operation.tool.name] : []))
        .sort(),
    );
    // An operation without a tool entry (the OAuth PIN steps, say) gets no tool of its own.
    for (const operation of Object.values(operations).filter((candidate) => !candidate.tool)) {
      expect(tools.map((tool) => tool.title)).not.toContain(operation.title);
    }
  });

  test("titles and annotations are the table's", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    for (const operation of WITH_TOOLS) {
      const tool = tools.find((candidate) => candidate.name === operation.tool?.name);
      expect(tool?.title).toBe(operation.title);
      expect(tool?.annotations).toEqual({ title: operation.title, ...operation.tool?.annotations });
    }
    const byName = Object.fromEntries(tools.map((tool) => [tool.name, tool.annotations]));
    expect(byName.get_token_details?.readOnlyHint).toBe(true);
    expect(byName.post_users_sign_in_data?.readOnlyHint).toBe(false);
    expect(byName.post_users_sign_in_data?.idempotentHint).toBe(false);
  });

  test("descriptions extend the table's with token handling and every error's recovery", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    for (const operation of WITH_TOOLS) {
      const description = tools.find((tool) => tool.name === operation.tool?.name)?.description ?? "";
      expect(description.startsWith(operation.description)).toBe(true);
      expect(description).toMatch(/fingerprint/);
      expect(description).toMatch(/- invalid_input: /);
    }
    const signIn = tools.find((tool) => tool.name === "post_users_sign_in_data")?.description ?? "";
    expect(signIn).toMatch(/- two_factor_required: .*ask the user for the current code.*verificationCode/i);
    expect(signIn).toMatch(/- sign_in_throttled: .*STOP/);
    const details = tools.find((tool) => tool.name === "get_token_details")?.description ?? "";
    expect(details).not.toMatch(/two_factor_required/);
    expect(details).toMatch(/- not_signed_in: /);
  });

  test("every token tool lists not_signed_in and invalid_token; each PIN guess its PIN and limit errors", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    const describe = (name: string | undefined) => tools.find((tool) => tool.name === name)?.description ?? "";
    for (const operation of WITH_TOOLS.filter((candidate) => candidate.requiresToken)) {
      expect(describe(operation.tool?.name)).toMatch(/- not_signed_in: .*\n- invalid_token: /);
    }
    for (const operation of WITH_TOOLS.filter((candidate) => candidate.tool?.limited)) {
      const description = describe(operation.tool?.name);
      expect(description).toMatch(
        /- home_user_pin_required: .*Ask the user for this profile's 4-digit PIN.*Never guess/,
      );
      expect(description).toMatch(/- not_found: nothing has that uuid\. /);
      expect(description).toMatch(/- sign_in_rate_limited: PIN attempts are paused/);
      expect(description).toMatch(/Each call counts as a sign-in attempt/);
    }
    expect(describe(operations.getHomeUsers.tool?.name)).not.toMatch(
      /counts as a sign-in attempt|sign_in_rate_limited/,
    );
    expect(describe(operations.signOut.tool?.name)).toMatch(/this session forgets it/);
    expect(describe(operations.getClaimToken.tool?.name)).toMatch(/PLEX_MCP_EXPOSE_TOKENS=1/);
  });

  test("get_token_details' output schema names every origin a session's token can have", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    const schema = tools.find((tool) => tool.name === "get_token_details")?.outputSchema as unknown as {
      properties: { token: { properties: { origin: unknown } } };
    };
    expect(JSON.stringify(schema.properties.token.properties.origin)).toContain(JSON.stringify([...TOKEN_ORIGINS]));
    expect(TOKEN_ORIGINS).toContain("home-switch");
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
    expect(schema("get_transient_token")).toMatchObject({
      required: [],
      properties: { type: { const: "delegation" }, scope: { const: "all" } },
    });
    expect(schema("get_token_details")).toMatchObject({ properties: {}, required: [] });
    expect(schema("switch_home_user")).toMatchObject({
      required: ["uuid"],
      properties: {
        uuid: { type: "string", description: expect.stringContaining("get_home_users") },
        pin: { type: "string", pattern: "^\\d{4}$", description: expect.stringContaining("4-digit PIN") },
      },
    });
    expect(schema("get_server_resources")).toMatchObject({
      required: [],
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
    expect(signIn?.inputSchema.required).toEqual([]);
    expect(signIn?.inputSchema.properties).toHaveProperty("verificationCode");
    expect(signIn?.description).toMatch(/login and password are configured on this server: omit them/);
  });

  test("every tool has an output schema that accepts both its result and the error shape", async () => {
    connected = await connect();
    const { tools } = await connected.client.listTools();
    for (const tool of tools) {
      expect(tool.outputSchema?.type).toBe("object");
      expect(tool.outputSchema?.properties).toHaveProperty("error");
      expect((tool.outputSchema as { anyOf?: unknown[] }).anyOf).toContainEqual({ required: ["error"] });
    }
  });
});
