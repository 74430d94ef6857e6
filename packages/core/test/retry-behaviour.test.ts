/**
 * Guards the retry policy as the client applies it: what is resent and what is not (sign-in is never
 * resent after it may have reached plex.tv, never with a code), the waits it makes (fake timers), that a
 * retried response's body is released, and that a Retry-After over the cap fails at once.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ConnectionError,
  createPlexAuth,
  type PlexAuthOptions,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from "../src/index.ts";
import { IDENTITY, PMS_URL, rejection, TOKEN } from "./helpers/client.ts";
import { type Answer, connectionRefused, connectionReset, json, mockFetch } from "./helpers/fetch.ts";
import { ACCOUNT, example, SIGN_IN, TRANSIENT } from "./helpers/fixtures.ts";
import { closedPortUrl, sendJson, useServers } from "./helpers/server.ts";

const server = useServers();

/** Retries with 1 ms waits, so real-time tests stay fast. */
const FAST = { initialDelayMs: 1, maxDelayMs: 1 } as const;

function client(answers: Answer[], options: Partial<PlexAuthOptions> = {}) {
  const mock = mockFetch(...answers);
  const plex = createPlexAuth({
    ...IDENTITY,
    token: TOKEN,
    serverUrl: PMS_URL,
    retry: FAST,
    fetch: mock.fetch,
    ...options,
  });
  return { calls: mock.calls, plex: plex.authentication };
}

const SIGN_IN_INPUT = { login: "me@example.com", password: "pw-123456" };
const unauthorized = () => json(401, example("error.401.json"));
const rateLimited = (headers: Record<string, string> = {}) =>
  json(429, { errors: [{ code: 1003, message: "API rate limit exceeded", status: 429 }] }, headers);

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe("reads (GET) are retried on transient failures", () => {
  it("503 then 200: resolves, after two requests", async () => {
    const { plex, calls } = client([json(503, {}), json(200, example(TRANSIENT))]);
    await expect(plex.getTransientToken()).resolves.toBe("transient-5f0c2f4e-1d7b-4d7e-9a3c-2b8f6a1e9c77");
    expect(calls).toHaveLength(2);
  });

  it.each([408, 429, 500, 502, 504])("%i then 200: retried", async (status) => {
    const { plex, calls } = client([json(status, {}), json(200, example(ACCOUNT))]);
    await expect(plex.getTokenDetails()).resolves.toMatchObject({ username: "Username" });
    expect(calls).toHaveLength(2);
  });

  it("a connection reset is retried for a read", async () => {
    const { plex, calls } = client([connectionReset(), json(200, example(ACCOUNT))]);
    await expect(plex.getTokenDetails()).resolves.toMatchObject({ username: "Username" });
    expect(calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422])("%i is not retried", async (status) => {
    const { plex, calls } = client([json(status, {}), json(200, example(ACCOUNT))]);
    await rejection(plex.getTokenDetails());
    expect(calls).toHaveLength(1);
  });

  it("gives up after maxRetries (default 2: three requests in all) with the last error", async () => {
    const { plex, calls } = client([json(503, { errors: [{ message: "down" }] })]);
    const error = await rejection(plex.getTokenDetails());
    expect(error).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(3);
  });

  it("per-call retry overrides the client's: false, a count, or retries where the client has none", async () => {
    const failing = client([json(503, {})]);
    await rejection(failing.plex.getTokenDetails(undefined, { retry: false }));
    expect(failing.calls).toHaveLength(1);
    await rejection(failing.plex.getTokenDetails(undefined, { retry: { maxRetries: 1, ...FAST } }));
    expect(failing.calls).toHaveLength(3);

    const none = client([json(503, {})], { retry: false });
    await rejection(none.plex.getTokenDetails());
    expect(none.calls).toHaveLength(1);
    await rejection(none.plex.getTokenDetails(undefined, { retry: { maxRetries: 1, ...FAST } }));
    expect(none.calls).toHaveLength(3);
  });

  it("every retry is reported to logger.warn with its reason", async () => {
    const warn = vi.fn();
    const { plex } = client([json(503, {}), connectionReset(), json(200, example(ACCOUNT))], { logger: { warn } });
    await plex.getTokenDetails();
    expect(warn.mock.calls.map(([message, details]) => [message, details.reason])).toEqual([
      ["plex-auth retrying", "HTTP 503"],
      ["plex-auth retrying", "connection_error"],
    ]);
  });
});

describe("sign-in is retried only when that cannot count as a failed attempt", () => {
  it("NOT retried on 401 (repeated failures lock the IP out)", async () => {
    const { plex, calls } = client([unauthorized(), json(201, example(SIGN_IN))]);
    expect(await rejection(plex.postUsersSignInData(SIGN_IN_INPUT))).toBeInstanceOf(UnauthorizedError);
    expect(calls).toHaveLength(1);
  });

  it("NOT retried on 500 (it may have been processed)", async () => {
    const { plex, calls } = client([json(500, {}), json(201, example(SIGN_IN))]);
    expect(await rejection(plex.postUsersSignInData(SIGN_IN_INPUT))).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(1);
  });

  it("NOT retried on 429 without Retry-After", async () => {
    const { plex, calls } = client([rateLimited(), json(201, example(SIGN_IN))]);
    expect(await rejection(plex.postUsersSignInData(SIGN_IN_INPUT))).toBeInstanceOf(RateLimitError);
    expect(calls).toHaveLength(1);
  });

  it("NOT retried on a connection reset (it may have arrived)", async () => {
    const { plex, calls } = client([connectionReset(), json(201, example(SIGN_IN))]);
    const error = await rejection(plex.postUsersSignInData(SIGN_IN_INPUT));
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).neverReached).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it("NOT retried with a verificationCode, even on 429 with Retry-After (a code is single-use)", async () => {
    const { plex, calls } = client([rateLimited({ "Retry-After": "0" }), json(201, example(SIGN_IN))]);
    const error = await rejection(plex.postUsersSignInData({ ...SIGN_IN_INPUT, verificationCode: "012345" }));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(calls).toHaveLength(1);
  });

  it("NOT retried with a verificationCode even when the connection was refused", async () => {
    const { plex, calls } = client([connectionRefused(), json(201, example(SIGN_IN))]);
    await rejection(plex.postUsersSignInData({ ...SIGN_IN_INPUT, verificationCode: "012345" }));
    expect(calls).toHaveLength(1);
  });

  it("retried on 429 with Retry-After, then succeeds", async () => {
    const { plex, calls } = client([rateLimited({ "Retry-After": "0" }), json(201, example(SIGN_IN))]);
    await expect(plex.postUsersSignInData(SIGN_IN_INPUT)).resolves.toMatchObject({ authToken: "CxoUzBTSV5hsxjTpFKaf" });
    expect(calls).toHaveLength(2);
    expect(calls[1]?.body).toBe(calls[0]?.body);
  });

  it("retried on 503 with retry-after-ms", async () => {
    const { plex, calls } = client([json(503, {}, { "retry-after-ms": "1" }), json(201, example(SIGN_IN))]);
    await plex.postUsersSignInData(SIGN_IN_INPUT);
    expect(calls).toHaveLength(2);
  });

  it("retried when the connection was refused (it never reached plex.tv)", async () => {
    const { plex, calls } = client([connectionRefused(), json(201, example(SIGN_IN))]);
    await expect(plex.postUsersSignInData(SIGN_IN_INPUT)).resolves.toMatchObject({ username: "Username" });
    expect(calls).toHaveLength(2);
  });

  it("a garbage Retry-After is not an invitation to resend a sign-in", async () => {
    const { plex, calls } = client([rateLimited({ "Retry-After": "-1" }), json(201, example(SIGN_IN))]);
    await rejection(plex.postUsersSignInData(SIGN_IN_INPUT));
    expect(calls).toHaveLength(1);
  });

  it("over a real socket: a refused sign-in is sent maxRetries + 1 times, then ConnectionError", async () => {
    const url = await closedPortUrl();
    let attempts = 0;
    const countingFetch: typeof fetch = (input, init) => {
      attempts++;
      return fetch(input, init);
    };
    const plex = createPlexAuth({ ...IDENTITY, plexTvUrl: url, retry: FAST, fetch: countingFetch });

    const error = await rejection(plex.authentication.postUsersSignInData(SIGN_IN_INPUT));

    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).neverReached).toBe(true);
    expect(attempts).toBe(3);
  });

  it("over a real socket: a sign-in that times out is not resent", async () => {
    const plexTv = await server(() => {
      // Never answers: the request arrived and may be processed.
    });
    const plex = createPlexAuth({ ...IDENTITY, plexTvUrl: plexTv.url, retry: FAST, timeoutMs: 200 });

    expect(await rejection(plex.authentication.postUsersSignInData(SIGN_IN_INPUT))).toBeInstanceOf(TimeoutError);
    expect(plexTv.requests).toHaveLength(1);
  });
});

describe("a retried response's body is released, not read", () => {
  it("the 503 body is cancelled before the retry; the final error body is read", async () => {
    const cancelled: string[] = [];
    const streamed = (status: number, label: string) =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            controller.enqueue(new TextEncoder().encode(JSON.stringify({ errors: [{ message: label }] })));
            controller.close();
          },
          cancel() {
            cancelled.push(label);
          },
        }),
        { status, headers: { "content-type": "application/json" } },
      );
    const { plex, calls } = client([
      () => streamed(503, "first"),
      () => streamed(503, "second"),
      () => streamed(503, "last"),
    ]);

    const error = await rejection(plex.getTokenDetails());

    expect(calls).toHaveLength(3);
    expect(cancelled).toEqual(["first", "second"]);
    expect((error as ServerError).errors[0]?.message).toBe("last");
  });
});

describe("waits (fake timers)", () => {
  it("backs off initialDelayMs, then doubles (jitter pinned to none)", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0);
    const { plex, calls } = client([json(503, {}), json(503, {}), json(200, example(ACCOUNT))], {
      retry: { initialDelayMs: 500, maxDelayMs: 8_000 },
    });

    const pending = plex.getTokenDetails();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    await expect(pending).resolves.toMatchObject({ username: "Username" });
  });

  it("jitter only ever shortens the wait, by at most 25 %", async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, "random").mockReturnValue(0.999_999);
    const { plex, calls } = client([json(503, {}), json(200, example(ACCOUNT))], {
      retry: { initialDelayMs: 1_000, maxDelayMs: 8_000 },
    });

    const pending = plex.getTokenDetails();
    await vi.advanceTimersByTimeAsync(749);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await pending;
  });

  it("honours Retry-After in seconds exactly, instead of the backoff", async () => {
    vi.useFakeTimers();
    const { plex, calls } = client([json(503, {}, { "Retry-After": "7" }), json(200, example(ACCOUNT))]);

    const pending = plex.getTokenDetails();
    await vi.advanceTimersByTimeAsync(6_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await pending;
  });

  it("a sign-in 429 waits the Retry-After it was given", async () => {
    vi.useFakeTimers();
    const { plex, calls } = client([rateLimited({ "Retry-After": "3" }), json(201, example(SIGN_IN))]);

    const pending = plex.postUsersSignInData(SIGN_IN_INPUT);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await pending;
  });

  it("a Retry-After over the cap throws RateLimitError at once, without sleeping", async () => {
    vi.useFakeTimers();
    const { plex, calls } = client([rateLimited({ "Retry-After": "3600" }), json(200, example(ACCOUNT))]);

    const pending = plex.getTokenDetails();
    const settled = vi.fn();
    pending.then(settled, settled);
    // No timer is advanced: only promise jobs run. A sleep would leave the call pending.
    await vi.advanceTimersByTimeAsync(0);

    expect(settled).toHaveBeenCalledTimes(1);
    const error = await rejection(pending);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfterMs).toBe(3_600_000);
    expect((error as RateLimitError).message).toContain("retry after 3600 s");
    expect(calls).toHaveLength(1);
  });

  it("a per-call maxRetryAfterMs moves that cap", async () => {
    vi.useFakeTimers();
    const { plex, calls } = client([json(503, {}, { "Retry-After": "5" }), json(200, example(ACCOUNT))]);

    const error = await rejection(plex.getTokenDetails(undefined, { retry: { maxRetryAfterMs: 4_000 } }));

    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).retryAfterMs).toBe(5_000);
    expect(calls).toHaveLength(1);
  });
});

describe("over a real socket", () => {
  it("a GET answered 503 then 200 is retried and succeeds", async () => {
    const pms = await server((_request, response, index) =>
      index === 0 ? sendJson(response, 503, {}, { "Retry-After": "0" }) : sendJson(response, 200, example(TRANSIENT)),
    );
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url });

    await expect(plex.authentication.getTransientToken()).resolves.toMatch(/^transient-/);
    expect(pms.requests).toHaveLength(2);
    expect(pms.requests[1]?.headers["x-plex-token"]).toBe(TOKEN);
  });
});
