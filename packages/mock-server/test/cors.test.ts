import { describe, expect, it } from "vitest";
import { MOCK_ACCOUNTS } from "../src/index.ts";
import { plexHeaders, TRANSPORTS } from "./support/harness.ts";
import { plexTv } from "./support/requests.ts";

const { plain } = MOCK_ACCOUNTS;

describe.each(TRANSPORTS)("CORS over $name", (transport) => {
  it("lets any origin read every plex.tv answer: successes, errors and injected faults", async () => {
    const harness = await transport.start();
    const answers = [
      await plexTv(harness, "/pins", { method: "POST" }),
      await plexTv(harness, "/user", { headers: { "X-Plex-Token": "NotARealToken1234567" } }),
      await harness.fetch(`${harness.serverUrl}/api/claim/token.json`, {
        headers: plexHeaders({ "X-Plex-Token": plain.token }),
      }),
      await plexTv(harness, "/nope"),
    ];
    harness.mock.faults.failNext(1, 503, { operation: "getServerResources" });
    answers.push(await plexTv(harness, "/resources", { headers: { "X-Plex-Token": plain.token } }));
    expect(answers.map((response) => response.status)).toEqual([201, 401, 200, 404, 503]);
    for (const response of answers) {
      expect(response.headers.get("access-control-allow-origin"), String(response.status)).toBe("*");
      await response.body?.cancel();
    }
  });

  it("answers a preflight on any plex.tv path with 204 and plex.tv's methods and headers, without a client identifier", async () => {
    const harness = await transport.start();
    for (const path of [
      "/api/v2/pins",
      "/api/v2/pins/123456789",
      "/api/v2/home/users/abc/switch",
      "/api/claim/token.json",
    ]) {
      const response = await harness.fetch(`${harness.serverUrl}${path}`, {
        method: "OPTIONS",
        headers: {
          Origin: "https://app.example",
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "accept, x-plex-client-identifier, x-plex-product",
        },
      });
      expect(response.status, path).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("*");
      expect(response.headers.get("access-control-allow-methods")).toBe("GET, POST, PUT, PATCH, HEAD, DELETE, OPTIONS");
      const allowed = (response.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/,\s*/);
      for (const header of ["accept", "content-type", "x-plex-token", "x-plex-client-identifier", "x-plex-product"]) {
        expect(allowed, header).toContain(header);
      }
    }
    expect(harness.mock.requests.map((entry) => entry.status)).toEqual([204, 204, 204, 204]);
  });

  it("does not spend an injected fault or the rate limit on a preflight, and still answers 400/1000 without a client identifier", async () => {
    const harness = await transport.start({ rateLimit: { limit: 1, windowMs: 60_000 } });
    harness.mock.faults.failNext(1, 503);
    // With the client identifier the real request will carry: the preflight must not count against it.
    const preflight = await harness.fetch(`${harness.plexTvUrl}/pins`, { method: "OPTIONS", headers: plexHeaders() });
    expect(preflight.status).toBe(204);
    const real = await harness.fetch(`${harness.plexTvUrl}/pins`, {
      method: "POST",
      headers: { Accept: "application/json" },
    });
    expect(real.status).toBe(503); // the fault was still queued for the real request
    await real.body?.cancel();
    const missing = await harness.fetch(`${harness.plexTvUrl}/pins`, {
      method: "POST",
      headers: { Accept: "application/json" },
    });
    expect(missing.status).toBe(400);
    expect(JSON.parse(await missing.text()).errors[0].code).toBe(1000);
    const allowed = await plexTv(harness, "/pins", { method: "POST" });
    expect(allowed.status).toBe(201); // the preflight did not use up the one request of the window
    await allowed.body?.cancel();
  });
});
