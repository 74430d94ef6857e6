/**
 * Guards cancellation and the whole-request timeout: an abort stops the request and the wait before a
 * retry, with no further request; the timeout covers a stalled body, not only the headers; the caller's
 * signal combines with the timeout and never replaces it; a fetch that ignores its signal cannot outlive
 * either.
 */
import { describe, expect, it, vi } from "vitest";
import { createPlexAuth, RequestAbortedError, TimeoutError } from "../src/index.ts";
import { IDENTITY, rejection, TOKEN } from "./helpers/client.ts";
import { hangingFetch, json, mockFetch } from "./helpers/fetch.ts";
import { ACCOUNT, example, TRANSIENT } from "./helpers/fixtures.ts";
import { pause, sendJson, useServers } from "./helpers/server.ts";

const server = useServers();

/** Resolves once `count` requests have reached `requests`, checking every 5 ms, for at most 5 s. */
async function untilRequests(requests: readonly unknown[], count: number): Promise<void> {
  for (let waited = 0; requests.length < count; waited += 5) {
    if (waited > 5_000) throw new Error(`only ${requests.length} of ${count} requests arrived`);
    await pause(5);
  }
}

// Generous on a noisy 2-core box: the point is "bounded", not "fast".
const BOUND_MS = 5_000;

describe("abort", () => {
  it("during the request: RequestAbortedError, and nothing is resent", async () => {
    const pms = await server(() => {
      // Holds the request open.
    });
    const controller = new AbortController();
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url });

    const pending = plex.authentication.getTransientToken(undefined, { signal: controller.signal });
    await untilRequests(pms.requests, 1);
    controller.abort();

    const error = await rejection(pending);
    expect(error).toBeInstanceOf(RequestAbortedError);
    await pause(100);
    expect(pms.requests).toHaveLength(1);
  });

  it("during the wait before a retry: RequestAbortedError at once, and no second request", async () => {
    const pms = await server((_request, response) => sendJson(response, 503, {}));
    const controller = new AbortController();
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      serverUrl: pms.url,
      // A one-minute wait: if the abort did not cut it short, the test would time out.
      retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 },
      logger: { warn: () => controller.abort() },
    });

    const error = await rejection(plex.authentication.getTransientToken(undefined, { signal: controller.signal }));

    expect(error).toBeInstanceOf(RequestAbortedError);
    await pause(100);
    expect(pms.requests).toHaveLength(1);
  });

  it("during a body read: RequestAbortedError", async () => {
    const pms = await server((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"MediaContainer":');
    });
    const controller = new AbortController();
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      serverUrl: pms.url,
      retry: false,
      // Logged once the headers are in and before the body is read: abort exactly then.
      logger: { debug: (message) => message === "plex-auth response" && controller.abort() },
    });

    const error = await rejection(plex.authentication.getTransientToken(undefined, { signal: controller.signal }));

    expect(controller.signal.aborted).toBe(true);
    expect(error).toBeInstanceOf(RequestAbortedError);
  });

  it("even when the fetch ignores its signal", async () => {
    const controller = new AbortController();
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: hangingFetch });

    const pending = plex.authentication.getTokenDetails(undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);

    expect(await rejection(pending)).toBeInstanceOf(RequestAbortedError);
  });

  it("a caller's abort is not retried, even for a read", async () => {
    const controller = new AbortController();
    const mock = mockFetch(() => {
      controller.abort();
      return new Promise<Response>(() => {});
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });

    expect(
      await rejection(plex.authentication.getTokenDetails(undefined, { signal: controller.signal })),
    ).toBeInstanceOf(RequestAbortedError);
    expect(mock.calls).toHaveLength(1);
  });
});

describe("timeout", () => {
  it("covers a stalled body: headers and part of the body arrive, then nothing (TimeoutError within bound)", async () => {
    const pms = await server((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"MediaContainer":{"size":0,');
    });
    const events: string[] = [];
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      serverUrl: pms.url,
      retry: false,
      timeoutMs: 1_000,
      logger: { debug: (message) => events.push(message) },
    });

    const started = Date.now();
    const error = await rejection(plex.authentication.getTransientToken());

    // The headers did arrive, so it was the body read that the timeout cut short.
    expect(events).toContain("plex-auth response");
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
    expect(Date.now() - started).toBeLessThan(BOUND_MS);
  });

  it("covers the wait for headers too", async () => {
    const pms = await server(() => {});
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url, retry: false });

    const error = await rejection(plex.authentication.getTransientToken(undefined, { timeoutMs: 200 }));

    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(200);
  });

  it("a read that timed out is retried, and the retry can succeed", async () => {
    const pms = await server((_request, response, index) => {
      if (index > 0) sendJson(response, 200, example(TRANSIENT));
    });
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      serverUrl: pms.url,
      timeoutMs: 1_000,
      retry: { initialDelayMs: 1 },
    });

    await expect(plex.authentication.getTransientToken()).resolves.toMatch(/^transient-/);
    expect(pms.requests).toHaveLength(2);
  });

  it("is combined with the caller's signal, never replaced by it", async () => {
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: hangingFetch, retry: false, timeoutMs: 100 });
    const neverAborted = new AbortController().signal;

    const error = await rejection(plex.authentication.getTokenDetails(undefined, { signal: neverAborted }));

    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("bounds a fetch that ignores its signal", async () => {
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: hangingFetch, retry: false, timeoutMs: 100 });
    expect(await rejection(plex.authentication.getTokenDetails())).toBeInstanceOf(TimeoutError);
  });

  it("the timer is cleared after a successful call (no timer left behind)", async () => {
    vi.useFakeTimers();
    try {
      const mock = mockFetch(json(200, example(ACCOUNT)));
      const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: mock.fetch });
      await plex.authentication.getTokenDetails();
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
