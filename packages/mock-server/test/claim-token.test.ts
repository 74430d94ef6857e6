import { describe, expect, it } from "vitest";
import { CLAIM_TOKEN_TTL_MS, MOCK_ACCOUNTS } from "../src/index.ts";
import { plexHeaders, TRANSPORTS } from "./support/harness.ts";

const { plain, twoFactor } = MOCK_ACCOUNTS;

describe.each(TRANSPORTS)("claim tokens over $name", (transport) => {
  it("mints claim-<20 characters> on plex.tv's v1 API, JSON even without Accept", async () => {
    const { fetch, serverUrl } = await transport.start();
    const response = await fetch(`${serverUrl}/api/claim/token.json`, {
      headers: { "X-Plex-Client-Identifier": "claimer", "X-Plex-Token": twoFactor.token },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    const body = JSON.parse(await response.text()) as { token: string };
    expect(Object.keys(body)).toEqual(["token"]);
    expect(body.token).toMatch(/^claim-[A-Za-z0-9_-]{20}$/);
  });

  it("each lives 4 minutes on the mock clock, as claimTokenStatus tells, and issuedTokens() lists it", async () => {
    const { mock, client } = await transport.start();
    const plex = client({ token: plain.token });
    const first = await plex.authentication.getClaimToken();
    mock.advanceTime(60_000);
    const second = await plex.authentication.getClaimToken();
    expect(second).not.toBe(first);
    expect([mock.claimTokenStatus(first), mock.claimTokenStatus(second)]).toEqual(["live", "live"]);
    mock.advanceTime(CLAIM_TOKEN_TTL_MS - 60_000);
    expect([mock.claimTokenStatus(first), mock.claimTokenStatus(second)]).toEqual(["expired", "live"]);
    mock.advanceTime(60_000);
    expect(mock.claimTokenStatus(second)).toBe("expired");
    expect(mock.claimTokenStatus("claim-NeverIssuedByThisMock")).toBe("unknown");
    expect(mock.issuedTokens()).toEqual(expect.arrayContaining([first, second]));
  });

  it("answers 401/1001 without a valid token", async () => {
    const { fetch, serverUrl } = await transport.start();
    for (const headers of [plexHeaders(), plexHeaders({ "X-Plex-Token": "NotARealToken1234567" })]) {
      const response = await fetch(`${serverUrl}/api/claim/token.json`, { headers });
      expect(response.status).toBe(401);
      expect(JSON.parse(await response.text()).errors[0].code).toBe(1001);
    }
  });
});
