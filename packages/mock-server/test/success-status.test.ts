import { describe, expect, it, vi } from "vitest";
import { createMockPlex, MOCK_ACCOUNTS, MOCK_SOURCES } from "../src/index.ts";
import { plexHeaders } from "./support/harness.ts";

// Core's table with success statuses no route could have hard-coded: the mock must answer these.
const STATUSES = vi.hoisted(() => ({
  getTransientToken: 202,
  getSourceConnectionInformation: 203,
  getTokenDetails: 206,
  postUsersSignInData: 200,
}));

vi.mock("@plex-auth/core", async (importOriginal) => {
  const core = await importOriginal<typeof import("@plex-auth/core")>();
  const operations = Object.fromEntries(
    Object.entries(core.operations).map(([name, operation]) => [
      name,
      { ...operation, successStatus: STATUSES[name as keyof typeof STATUSES] },
    ]),
  );
  return { ...core, operations };
});

const { plain, twoFactor } = MOCK_ACCOUNTS;

describe("success statuses", () => {
  it("come from the successStatus of core's operation table, for every route", async () => {
    const mock = createMockPlex({ rejectReusedCodes: false });
    const answered = async (path: string, init: RequestInit = {}) => {
      const response = await mock.fetch(`${mock.baseUrl}${path}`, init);
      await response.body?.cancel();
      return response.status;
    };
    const token = { headers: plexHeaders({ "X-Plex-Token": twoFactor.token }) };
    const signIn = new URLSearchParams({ login: plain.login, password: plain.password }).toString();
    expect({
      getTransientToken: await answered("/security/token?type=delegation&scope=all", token),
      getSourceConnectionInformation: await answered(
        `/security/resources?source=${encodeURIComponent(MOCK_SOURCES.ownServer.source)}`,
        token,
      ),
      getTokenDetails: await answered("/api/v2/user", token),
      postUsersSignInData: await answered("/api/v2/users/signin", {
        method: "POST",
        headers: { ...plexHeaders(), "Content-Type": "application/x-www-form-urlencoded" },
        body: signIn,
      }),
    }).toEqual(STATUSES);
  });
});
