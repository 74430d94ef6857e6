/**
 * Guards waitForOAuthPin: the cadence (one poll at a time, about one interval apart), approval seen on the
 * next poll, the bound by the PIN's own countdown (whatever the clocks say), a stop at once on 404/1020,
 * backing off on 429 (Retry-After) and 5xx without ever polling past the expiry, the poll in flight at
 * the deadline still delivering, and an abort that ends it at once with no timer left behind. Timings here
 * are loose bounds for a shared machine; the bench measures them.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createPlexAuth,
  InvalidInputError,
  PinExpiredError,
  type PinPoll,
  type PlexPin,
  RequestAbortedError,
  waitForOAuthPin,
} from "../src/index.ts";
import { APPROVED_TOKEN, PIN_EXPIRED, PIN_ID, strongPin } from "./helpers/auth-group.ts";
import { IDENTITY, rejection } from "./helpers/client.ts";
import { type FetchCall, json } from "./helpers/fetch.ts";

type Answer = (call: FetchCall, index: number) => Response | Promise<Response>;

interface Poller {
  readonly plex: ReturnType<typeof createPlexAuth>;
  readonly times: number[];
  maxInFlight: number;
}

/** A client whose fetch answers each poll from `answer`, recording when each poll started. */
function poller(answer: Answer): Poller {
  const state: Poller = { plex: undefined as never, times: [], maxInFlight: 0 };
  let inFlight = 0;
  const fetch = async (url: string, init: RequestInit) => {
    const call: FetchCall = { url, init, headers: {}, body: undefined };
    state.times.push(Date.now());
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    try {
      return await answer(call, state.times.length - 1);
    } finally {
      inFlight--;
    }
  };
  return Object.assign(state, { plex: createPlexAuth({ ...IDENTITY, fetch }) });
}

const pending = (expiresIn = 1800) => json(200, strongPin({ expiresIn }));
const approved = () => json(200, strongPin({ authToken: APPROVED_TOKEN }));
const pin = (overrides: Record<string, unknown> = {}) => strongPin(overrides) as unknown as PlexPin;

function timerCount(): number {
  return process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
}

let timersBefore = 0;
beforeEach(() => {
  timersBefore = timerCount();
});
afterEach(async () => {
  // Every wait below ended: none may leave a timer running (vitest's own are counted before the test).
  await new Promise((resolve) => setImmediate(resolve));
  expect(timerCount()).toBeLessThanOrEqual(timersBefore);
});

describe("waitForOAuthPin", () => {
  it("polls one at a time, about one interval apart, and resolves with the approved PIN", async () => {
    const polls = poller((_call, index) => (index < 3 ? pending() : approved()));
    const result = await waitForOAuthPin(polls.plex, pin(), { intervalMs: 100 });
    expect(result.authToken).toBe(APPROVED_TOKEN);
    expect(polls.times).toHaveLength(4);
    expect(polls.maxInFlight).toBe(1);
    const gaps = polls.times.slice(1).map((time, index) => time - (polls.times[index] as number));
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(95);
  });

  it("sees an approval on the next poll", async () => {
    let approvedAt = Number.POSITIVE_INFINITY;
    setTimeout(() => {
      approvedAt = Date.now();
    }, 250);
    const polls = poller(() => (Date.now() >= approvedAt ? approved() : pending()));
    await waitForOAuthPin(polls.plex, pin(), { intervalMs: 100 });
    expect(Date.now() - approvedAt).toBeLessThan(100 + 250);
  });

  it("is bounded by the PIN's countdown: PinExpiredError, and no poll after the expiry", async () => {
    const polls = poller(() => pending(1));
    const started = Date.now();
    const error = await rejection(waitForOAuthPin(polls.plex, pin({ expiresIn: 1 }), { intervalMs: 100 }));
    const took = Date.now() - started;
    expect(error).toBeInstanceOf(PinExpiredError);
    expect((error as Error).message).toContain("create a new PIN");
    expect(took).toBeGreaterThanOrEqual(950);
    expect(took).toBeLessThan(1000 + 500);
    expect(Math.max(...polls.times) - started).toBeLessThan(1000);
  });

  it("stops at once when plex.tv says the PIN expired (404, code 1020)", async () => {
    const polls = poller((_call, index) => (index === 0 ? pending() : json(404, PIN_EXPIRED)));
    const error = await rejection(waitForOAuthPin(polls.plex, pin(), { intervalMs: 100 }));
    expect(error).toBeInstanceOf(PinExpiredError);
    expect(polls.times).toHaveLength(2);
  });

  it("honours a 429's Retry-After, then goes on", async () => {
    const polls = poller((_call, index) =>
      index === 0 ? json(429, {}, { "retry-after-ms": "300" }) : index === 1 ? pending() : approved(),
    );
    const events: PinPoll[] = [];
    await waitForOAuthPin(polls.plex, pin(), { intervalMs: 100, onPoll: (poll) => events.push(poll) });
    expect((polls.times[1] as number) - (polls.times[0] as number)).toBeGreaterThanOrEqual(290);
    expect(events[0]).toMatchObject({ attempt: 1, status: "retrying", nextPollInMs: 300 });
    expect(events[1]).toMatchObject({ attempt: 2, status: "pending" });
  });

  it("backs off on 5xx, doubling from the interval", async () => {
    const polls = poller((_call, index) => (index < 2 ? json(503, {}) : approved()));
    await waitForOAuthPin(polls.plex, pin(), { intervalMs: 100 });
    const [first, second, third] = polls.times as [number, number, number];
    expect(second - first).toBeGreaterThanOrEqual(195);
    expect(third - second).toBeGreaterThanOrEqual(395);
  });

  it("never waits past the expiry for a Retry-After that ends after it", async () => {
    const polls = poller(() => json(429, {}, { "retry-after": "60" }));
    const started = Date.now();
    const error = await rejection(waitForOAuthPin(polls.plex, pin({ expiresIn: 1 }), { intervalMs: 100 }));
    expect(error).toBeInstanceOf(PinExpiredError);
    expect(polls.times).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1000 + 500);
  });

  it("lets the poll in flight at the expiry deliver its token", async () => {
    const polls = poller(async (_call, index) => {
      if (index === 0) return pending(1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      return approved();
    });
    // The second poll starts before the 1 s countdown ends and answers after it.
    const result = await waitForOAuthPin(polls.plex, pin({ expiresIn: 1 }), { intervalMs: 800 });
    expect(result.authToken).toBe(APPROVED_TOKEN);
  });

  it("trusts the countdown over the clock: an expiresAt far off on either side changes nothing", async () => {
    const future = poller(() => pending(1));
    const started = Date.now();
    await rejection(
      waitForOAuthPin(future.plex, pin({ expiresIn: 1, expiresAt: "2099-01-01T00:00:00Z" }), { intervalMs: 100 }),
    );
    expect(Date.now() - started).toBeLessThan(1500);

    const past = poller((_call, index) => (index < 2 ? pending(30) : approved()));
    const result = await waitForOAuthPin(past.plex, pin({ expiresIn: 30, expiresAt: "2000-01-01T00:00:00Z" }), {
      intervalMs: 100,
    });
    expect(result.authToken).toBe(APPROVED_TOKEN);
  });

  it("a countdown that grows does not extend the wait", async () => {
    const polls = poller(() => pending(1_000_000));
    const started = Date.now();
    const error = await rejection(waitForOAuthPin(polls.plex, pin({ expiresIn: 1 }), { intervalMs: 100 }));
    expect(error).toBeInstanceOf(PinExpiredError);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it("an abort while waiting between polls ends it at once", async () => {
    const polls = poller(() => pending());
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 120);
    const waiting = waitForOAuthPin(polls.plex, pin(), { intervalMs: 10_000, signal: controller.signal });
    const error = await rejection(waiting);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(polls.times).toHaveLength(1);
  });

  it("an abort during a poll ends it at once, and the poll is cancelled", async () => {
    let pollSignal: AbortSignal | undefined;
    const polls = poller(
      (call) =>
        new Promise<Response>((_resolve, reject) => {
          pollSignal = call.init.signal ?? undefined;
          pollSignal?.addEventListener("abort", () => reject(pollSignal?.reason));
        }),
    );
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 80);
    const error = await rejection(waitForOAuthPin(polls.plex, pin(), { signal: controller.signal }));
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(Date.now() - started).toBeLessThan(80 + 300);
    expect(pollSignal?.aborted).toBe(true);
  });

  it("keeps the PIN's id out of its events and errors, and survives a throwing onPoll", async () => {
    const polls = poller((_call, index) => (index === 0 ? pending() : json(404, PIN_EXPIRED)));
    const events: PinPoll[] = [];
    const error = await rejection(
      waitForOAuthPin(polls.plex, pin(), {
        intervalMs: 100,
        onPoll: (poll) => {
          events.push(poll);
          throw new Error("a broken progress display");
        },
      }),
    );
    expect(error).toBeInstanceOf(PinExpiredError);
    expect(JSON.stringify(events) + JSON.stringify(error) + (error as Error).message).not.toContain(String(PIN_ID));
  });

  it("refuses a PIN or options it cannot use, before polling", async () => {
    const polls = poller(() => approved());
    for (const [given, options] of [
      [{ code: "x" }, {}],
      [pin(), { intervalMs: 50 }],
      [pin(), { bogus: true }],
      // getOAuthPin's own limit: a larger id is not exact in a double. Refused up front, even for a PIN
      // whose countdown already ended (which would otherwise end as PinExpiredError).
      [pin({ id: 2 ** 53 + 2, expiresIn: 0 }), {}],
    ] as const) {
      const error = await rejection(waitForOAuthPin(polls.plex, given as never, options as never));
      expect(error).toBeInstanceOf(InvalidInputError);
    }
    expect(polls.times).toHaveLength(0);
  });
});
