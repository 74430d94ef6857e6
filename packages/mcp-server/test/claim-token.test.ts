import { afterEach, describe, expect, test } from "vitest";
import { type Connected, connect } from "./helpers/in-memory.ts";
import { SENTINELS } from "./helpers/plex-stub.ts";
import { structured, textOf, toolError } from "./helpers/results.ts";

let connected: Connected | undefined;
afterEach(async () => {
  await connected?.close();
  connected = undefined;
});

const claim = (session: Connected) => session.client.callTool({ name: "get_claim_token", arguments: {} });

describe("get_claim_token", () => {
  test("shows the claim token's fingerprint and a 4-minute expiry, and how the user gets to see it", async () => {
    connected = await connect({ validateOutput: true });
    const before = Date.now();
    const result = await claim(connected);
    const { claimToken } = structured(result) as { claimToken: { fingerprint: string; expiresAt: string } };
    expect(claimToken).toEqual({ fingerprint: `…${SENTINELS.claimToken.slice(-4)}`, expiresAt: expect.any(String) });
    const minutes = (Date.parse(claimToken.expiresAt) - before) / 60_000;
    expect(minutes).toBeGreaterThan(3.9);
    expect(minutes).toBeLessThan(4.1);
    const text = textOf(result);
    expect(text).toMatch(/PLEX_CLAIM .*official Docker image/);
    expect(text).toMatch(/setup page/);
    expect(text).toMatch(/withheld.*PLEX_MCP_EXPOSE_TOKENS=1 or plex-auth-mcp --expose-tokens/);
    const [call] = connected.stub.calls;
    expect(call?.url.href).toBe("http://127.0.0.1:9/api/claim/token.json");
    expect(call?.headers.get("x-plex-token")).toBe(SENTINELS.envToken);
  });

  test("with token exposure on, the claim token itself is in the result", async () => {
    connected = await connect({ config: { exposeTokens: true }, validateOutput: true });
    const result = await claim(connected);
    expect(structured(result)).toMatchObject({ claimToken: { value: SENTINELS.claimToken } });
    expect(textOf(result)).toMatch(/The full token is in claimToken\.value/);
    expect(textOf(result)).not.toMatch(/withheld/);
  });

  test("a rejected token: invalid_token; no token: not_signed_in, nothing sent", async () => {
    connected = await connect({ config: { token: "not-a-valid-token-at-all" } });
    expect(toolError(await claim(connected))).toMatchObject({ code: "invalid_token", status: 401 });
    await connected.close();
    connected = await connect({ config: { token: undefined } });
    expect(toolError(await claim(connected)).code).toBe("not_signed_in");
    expect(connected.stub.calls).toHaveLength(0);
  });
});
