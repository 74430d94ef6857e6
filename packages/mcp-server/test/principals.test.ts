/**
 * Fifty people signing in with Plex at once over HTTP, half with 2025-era clients and half with 2026-07-28
 * ones, each with a bearer of their own: every principal ends up with its own token, and no principal's
 * tool ever sends or shows another's.
 */
import { Client, StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { createMockPlex, type MockPlex } from "@plex-auth/mock-server";
import { afterEach, describe, expect, test } from "vitest";
import { createLogger } from "../src/log/logger.ts";
import { SecretRegistry } from "../src/log/secrets.ts";
import { type RunningHttpServer, startHttpServer } from "../src/transports/http/server.ts";
import { structured } from "./helpers/results.ts";

const PRINCIPALS = 50;
const bearerOf = (index: number) => `principal-${String(index).padStart(2, "0")}-bearer-7c1e9f3a5b`;

let running: RunningHttpServer | undefined;
const clients: Client[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await running?.close();
  running = undefined;
});

async function connectAs(url: string, index: number): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${bearerOf(index)}` } },
  });
  const mode = index % 2 === 0 ? { pin: "2026-07-28" as const } : ("legacy" as const);
  const client = new Client({ name: `person-${index}`, version: "1" }, { versionNegotiation: { mode } });
  await client.connect(transport);
  clients.push(client);
  return client;
}

type Result = Record<string, unknown> & { handle?: string; code?: string; token?: { value?: string } };

async function signIn(mock: MockPlex, client: Client, index: number): Promise<string> {
  const started = structured(await client.callTool({ name: "sign_in_with_plex", arguments: {} })) as Result;
  expect(mock.approvePin(started.code as string, `user${index}`)).toBe(true);
  const done = structured(
    await client.callTool({ name: "wait_for_plex_sign_in", arguments: { handle: started.handle } }),
  ) as Result;
  return done.token?.value as string;
}

describe("50 principals over HTTP", () => {
  test("sign in concurrently, in both eras, and never see each other's tokens", async () => {
    // Fifty accounts: each person approves as an account of their own.
    const accounts = Array.from({ length: PRINCIPALS }, (_, index) => ({
      key: `user${index}`,
      username: `user${index}`,
      email: `user${index}@example.com`,
      password: `user${index}-Pa55word!`,
    }));
    const mock = createMockPlex({ seed: 9, rateLimit: false, accounts });
    const secrets = new SecretRegistry();
    const allowed = new Map(Array.from({ length: PRINCIPALS }, (_, index) => [bearerOf(index), `person-${index}`]));
    running = await startHttpServer(
      {
        clientIdentifier: "principals-test",
        ...mock.clientOptions,
        // Full tokens in results, so the test can tell whose is whose (fingerprints could collide).
        exposeTokens: true,
        timeoutMs: 5_000,
        signInLimit: { maxAttempts: 5, windowMs: 600_000, throttledBlockMs: 1_800_000, processMaxAttempts: 200 },
      },
      { port: 0, authToken: (bearer) => allowed.get(bearer), principalLimits: { maxPrincipals: 60, idleMs: 600_000 } },
      { logger: createLogger({ level: "silent", secrets }), secrets, signInLinkOnly: true },
    );
    const url = running.url;
    const people = await Promise.all(Array.from({ length: PRINCIPALS }, (_, index) => connectAs(url, index)));
    const tokens = await Promise.all(people.map((client, index) => signIn(mock, client, index)));
    expect(new Set(tokens).size).toBe(PRINCIPALS);
    for (const token of tokens) expect(mock.issuedTokens()).toContain(token);

    // Each principal's next call uses its own token, and only its own.
    const seen = await Promise.all(
      people.map(async (client) => {
        const details = structured(await client.callTool({ name: "get_token_details", arguments: {} })) as Result;
        return [details.token?.value, (details.account as { username?: string }).username];
      }),
    );
    expect(seen).toEqual(tokens.map((token, index) => [token, `user${index}`]));
    expect(running.principalCount()).toBe(PRINCIPALS);
  }, 60_000);
});
