import { describe, expect, it, vi } from "vitest";
import { createMockPlex, MOCK_ADMIN_TOKEN, type MockPlex } from "../src/index.ts";
import { createRandom } from "../src/random.ts";
import { REMEMBERED_TRANSIENT_TOKENS, TransientTokens } from "../src/state/transient-tokens.ts";
import { FIXED_NOW, plexHeaders } from "./support/harness.ts";

// The work counter: how many (secret, string) pairs the request log searches, through core's redaction.
// It counts only calls made by the mock (core's own inner calls are not rewired), which is what grows.
const redaction = vi.hoisted(() => ({ scans: 0 }));

vi.mock("@plex-auth/core", async (importOriginal) => {
  const core = await importOriginal<typeof import("@plex-auth/core")>();
  const strings = (value: unknown): number =>
    typeof value === "string"
      ? 1
      : typeof value === "object" && value !== null
        ? Object.values(value).reduce((sum: number, item) => sum + strings(item), 0)
        : 0;
  return {
    ...core,
    redactText: (text: string, secrets: readonly (string | undefined)[] = []) => {
      redaction.scans += secrets.length;
      return core.redactText(text, secrets);
    },
    redactValue: (value: unknown, secrets: readonly (string | undefined)[] = [], depth?: number) => {
      redaction.scans += secrets.length * strings(value);
      return core.redactValue(value, secrets, depth);
    },
  };
});

function mintOne(mock: MockPlex): Promise<string> {
  return mock
    .fetch(`${mock.serverUrl}/security/token?type=delegation&scope=all`, {
      headers: plexHeaders({ "X-Plex-Token": MOCK_ADMIN_TOKEN }),
    })
    .then(async (response) => {
      expect(response.status).toBe(200);
      return JSON.parse(await response.text()).MediaContainer.token as string;
    });
}

async function mockWithTokens(prior: number): Promise<MockPlex> {
  const mock = createMockPlex({ seed: 1, rateLimit: false, now: () => FIXED_NOW });
  for (let minted = 0; minted < prior; minted++) await mintOne(mock);
  return mock;
}

async function scansOfOneRequest(mock: MockPlex): Promise<number> {
  redaction.scans = 0;
  await mintOne(mock);
  return redaction.scans;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

describe("a long-running mock", () => {
  it("logs a request with the same work whether 100 or 5,000 tokens were issued before it", async () => {
    const few = await mockWithTokens(100);
    const many = await mockWithTokens(5_000);

    const fewScans = await scansOfOneRequest(few);
    const manyScans = await scansOfOneRequest(many);
    expect(fewScans).toBeGreaterThan(0); // the log does redact through core
    expect(manyScans).toBeLessThanOrEqual(fewScans * 2);

    // The time agrees: interleaved, so a busy machine slows both alike. Before the fix it was ~25x.
    const fewMs: number[] = [];
    const manyMs: number[] = [];
    for (let round = 0; round < 100; round++) {
      for (const [mock, times] of [
        [few, fewMs],
        [many, manyMs],
      ] as const) {
        const begun = performance.now();
        await mintOne(mock);
        times.push(performance.now() - begun);
      }
    }
    expect(median(manyMs)).toBeLessThan(median(fewMs) * 4);

    // The log stayed bounded through all of it (default maxLoggedRequests: 1000).
    expect(many.requests).toHaveLength(1000);
    expect(many.requests.at(-1)?.id).toBe(5_000 + 1 + 100);
    expect(many.requests[0]?.id).toBe(5_000 + 1 + 100 - 999);
  });

  it("never keeps more than maxLoggedRequests entries, oldest dropped first, across many wrap-arounds", async () => {
    const mock = createMockPlex({ rateLimit: false, maxLoggedRequests: 3, now: () => FIXED_NOW });
    for (let sent = 1; sent <= 10; sent++) {
      await mintOne(mock);
      const ids = mock.requests.map((entry) => entry.id);
      expect(ids.length).toBeLessThanOrEqual(3);
      expect(ids).toEqual([sent - 2, sent - 1, sent].filter((id) => id >= 1));
    }
    mock.clearRequests();
    expect(mock.requests).toEqual([]);
    await mintOne(mock);
    expect(mock.requests.map((entry) => entry.id)).toEqual([11]);
  });

  it("remembers only the last REMEMBERED_TRANSIENT_TOKENS transient tokens for issuedTokens()", async () => {
    const mock = createMockPlex({ seed: 2, rateLimit: false, now: () => FIXED_NOW });
    const baseline = mock.issuedTokens().length; // the seeded account tokens
    const first = await mintOne(mock);
    expect(mock.issuedTokens()).toContain(first);
    let last = first;
    for (let minted = 1; minted < REMEMBERED_TRANSIENT_TOKENS + 5; minted++) last = await mintOne(mock);

    const issued = mock.issuedTokens();
    expect(issued).toHaveLength(baseline + REMEMBERED_TRANSIENT_TOKENS);
    expect(issued).toContain(last);
    expect(issued).not.toContain(first);
  });

  it("drops expired transient tokens from the server's live set as new ones are minted", () => {
    const tokens = new TransientTokens(createRandom(3), 1_000);
    const old = tokens.mint("root-token", 0);
    const kept = tokens.mint("root-token", 500);
    const fresh = tokens.mint("root-token", 1_000); // `old` expired at 1000
    expect(tokens.lookup(old, 1_000)).toEqual({ status: "unknown" }); // forgotten, not kept as "expired"
    expect(tokens.lookup(kept, 1_000)).toEqual({ status: "valid", rootToken: "root-token" });
    expect(tokens.lookup(fresh, 1_000)).toEqual({ status: "valid", rootToken: "root-token" });
  });
});
