import { describe, expect, test } from "vitest";
import { SignInRateLimitedError } from "../src/errors/local-errors.ts";
import { SignInLimiter, SignInPause } from "../src/session/sign-in-limiter.ts";
import { connect } from "./helpers/in-memory.ts";
import { createPlexStub, HOME, LOGIN, SENTINELS } from "./helpers/plex-stub.ts";
import { structured, toolError } from "./helpers/results.ts";

const LIMIT = { maxAttempts: 3, windowMs: 60_000, throttledBlockMs: 600_000 };

describe("SignInLimiter", () => {
  test("allows maxAttempts per sliding window, then says how long to wait", () => {
    let now = 1_000_000;
    const limiter = new SignInLimiter(LIMIT, () => now);
    for (let attempt = 0; attempt < 3; attempt++) {
      limiter.acquire();
      now += 1_000;
    }
    let refused: unknown;
    try {
      limiter.acquire();
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(SignInRateLimitedError);
    expect((refused as SignInRateLimitedError).retryAfterMs).toBe(57_000);
    now += 57_000;
    expect(() => limiter.acquire()).not.toThrow();
  });

  test("a refunded attempt does not count", () => {
    const limiter = new SignInLimiter(LIMIT, () => 0);
    for (let attempt = 0; attempt < 10; attempt++) {
      limiter.acquire();
      limiter.refund();
    }
    expect(() => limiter.acquire()).not.toThrow();
  });

  test("after a throttle, every attempt waits out the block", () => {
    let now = 0;
    const limiter = new SignInLimiter(LIMIT, () => now);
    limiter.pauseAfterThrottle();
    expect(() => limiter.acquire()).toThrow(/code 1031/);
    now = 599_999;
    expect(() => limiter.acquire()).toThrow(SignInRateLimitedError);
    now = 600_000;
    expect(() => limiter.acquire()).not.toThrow();
  });

  test("the pause after a throttle is shared by every limiter given the same pause; the window is not", () => {
    let now = 0;
    const pause = new SignInPause(() => now);
    const first = new SignInLimiter(LIMIT, () => now, pause);
    const second = new SignInLimiter(LIMIT, () => now, pause);
    const unrelated = new SignInLimiter(LIMIT, () => now);
    for (let attempt = 0; attempt < 3; attempt++) first.acquire();
    expect(() => first.acquire()).toThrow(SignInRateLimitedError);
    expect(() => second.acquire()).not.toThrow();
    second.pauseAfterThrottle();
    expect(() => first.acquire()).toThrow(/code 1031/);
    expect(() => second.acquire()).toThrow(/code 1031/);
    expect(() => unrelated.acquire()).not.toThrow();
    now = 600_000;
    expect(() => second.acquire()).not.toThrow();
  });
});

describe("the process-wide sign-in budget", () => {
  test("holds across every limiter sharing the pause, however many there are; a refund gives it back", () => {
    let now = 0;
    const limit = { ...LIMIT, processMaxAttempts: 4 };
    const pause = new SignInPause(() => now, limit);
    const sessions = Array.from({ length: 10 }, () => new SignInLimiter(limit, () => now, pause));
    for (const session of sessions.slice(0, 4)) session.acquire();
    const refused = (() => {
      try {
        sessions[4]?.acquire();
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toBeInstanceOf(SignInRateLimitedError);
    expect((refused as SignInRateLimitedError).message).toMatch(/all users together/);
    // The refused session's own window was not charged: after a refund elsewhere, it may go.
    sessions[0]?.refund();
    expect(() => sessions[4]?.acquire()).not.toThrow();
    expect(() => sessions[5]?.takeShared()).toThrow(SignInRateLimitedError);
    now = 60_000;
    expect(() => sessions[5]?.takeShared()).not.toThrow();
  });

  test("new sessions cannot multiply password attempts: two sessions of 3 each get 4 in all", async () => {
    const config = { signInLimit: { ...LIMIT, processMaxAttempts: 4 } };
    const pause = new SignInPause(Date.now, config.signInLimit);
    const first = await connect({ config, signInPause: pause });
    const second = await connect({ stub: first.stub, config, signInPause: pause });
    try {
      const args = { login: LOGIN, password: "guess" };
      const codes: string[] = [];
      for (const session of [first, second, first, second, first, second]) {
        codes.push(toolError(await session.client.callTool({ name: "post_users_sign_in_data", arguments: args })).code);
      }
      expect(codes).toEqual([
        "unauthorized",
        "unauthorized",
        "unauthorized",
        "unauthorized",
        "sign_in_rate_limited",
        "sign_in_rate_limited",
      ]);
      expect(first.stub.calls).toHaveLength(4);
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe("sign-in rate limit per session", () => {
  test("a model retrying wrong passwords is stopped locally before plex.tv locks the IP", async () => {
    const connected = await connect({ config: { signInLimit: LIMIT } });
    try {
      const attempt = () =>
        connected.client.callTool({ name: "post_users_sign_in_data", arguments: { login: LOGIN, password: "guess" } });
      for (let tries = 0; tries < 3; tries++) expect(toolError(await attempt()).code).toBe("unauthorized");
      const limited = toolError(await attempt());
      expect(limited).toMatchObject({ code: "sign_in_rate_limited", retryable: true });
      expect(limited.retryAfterMs).toBeGreaterThan(0);
      expect(limited.retryAfterMs).toBeLessThanOrEqual(60_000);
      expect(connected.stub.calls).toHaveLength(3);
    } finally {
      await connected.close();
    }
  });

  test("each session has its own limit", async () => {
    const first = await connect({ config: { signInLimit: { ...LIMIT, maxAttempts: 1 } } });
    const second = await connect({ stub: first.stub, config: { signInLimit: { ...LIMIT, maxAttempts: 1 } } });
    try {
      const args = { login: LOGIN, password: "guess" };
      await first.client.callTool({ name: "post_users_sign_in_data", arguments: args });
      expect(toolError(await first.client.callTool({ name: "post_users_sign_in_data", arguments: args })).code).toBe(
        "sign_in_rate_limited",
      );
      expect(toolError(await second.client.callTool({ name: "post_users_sign_in_data", arguments: args })).code).toBe(
        "unauthorized",
      );
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe("Home profile PINs count against the sign-in limit", () => {
  const wrongPin = { uuid: HOME.admin.uuid, pin: "0000" };

  test("a model trying PINs is stopped locally, with advice not to try others", async () => {
    const connected = await connect({ config: { signInLimit: LIMIT } });
    try {
      const attempt = () => connected.client.callTool({ name: "switch_home_user", arguments: wrongPin });
      for (let tries = 0; tries < 3; tries++) expect(toolError(await attempt()).code).toBe("home_user_pin_required");
      const limited = toolError(await attempt());
      expect(limited).toMatchObject({ code: "sign_in_rate_limited", retryable: true });
      expect(limited.hint).toMatch(/confirm the profile's PIN first\. Never try other PINs/);
      expect(connected.stub.calls).toHaveLength(3);
    } finally {
      await connected.close();
    }
  });

  test("PIN guesses and password sign-ins share one budget; listing the profiles uses none of it", async () => {
    const connected = await connect({ config: { signInLimit: LIMIT } });
    try {
      const call = (name: string, args: Record<string, unknown>) =>
        connected.client.callTool({ name, arguments: args });
      for (let list = 0; list < 5; list++) structured(await call("get_home_users", {}));
      await call("switch_home_user", wrongPin);
      await call("switch_home_user", wrongPin);
      expect(toolError(await call("post_users_sign_in_data", { login: LOGIN, password: "guess" })).code).toBe(
        "unauthorized",
      );
      const limited = toolError(await call("switch_home_user", { uuid: HOME.admin.uuid, pin: SENTINELS.profilePin }));
      expect(limited.code).toBe("sign_in_rate_limited");
    } finally {
      await connected.close();
    }
  });

  test("invalid PIN arguments are refused before plex.tv and use up no attempt", async () => {
    const connected = await connect({ config: { signInLimit: { ...LIMIT, maxAttempts: 1 } } });
    try {
      for (const pin of ["123", "12345", 1234]) {
        const result = await connected.client.callTool({
          name: "switch_home_user",
          arguments: { uuid: HOME.admin.uuid, pin },
        });
        expect(toolError(result).code).toBe("invalid_input");
      }
      const valid = { uuid: HOME.admin.uuid, pin: SENTINELS.profilePin };
      structured(await connected.client.callTool({ name: "switch_home_user", arguments: valid }));
      expect(connected.stub.calls).toHaveLength(1);
    } finally {
      await connected.close();
    }
  });

  test("after plex.tv throttles sign-in in one session, a switch in another waits it out unsent", async () => {
    const pause = new SignInPause();
    const stub = createPlexStub({ throttled: true });
    const first = await connect({ stub, signInPause: pause });
    const second = await connect({ stub, signInPause: pause });
    try {
      const throttled = await first.client.callTool({
        name: "post_users_sign_in_data",
        arguments: { login: LOGIN, password: SENTINELS.password },
      });
      expect(toolError(throttled).code).toBe("sign_in_throttled");
      const paused = toolError(await second.client.callTool({ name: "switch_home_user", arguments: wrongPin }));
      expect(paused.code).toBe("sign_in_rate_limited");
      expect(paused.retryAfterMs).toBeGreaterThan(29 * 60_000);
      expect(stub.calls).toHaveLength(1);
    } finally {
      await first.close();
      await second.close();
    }
  });

  test("a switch answered 429 with Retry-After pauses sign-in for that long", async () => {
    const connected = await connect({ stub: createPlexStub({ rateLimitedSeconds: 90 }) });
    try {
      const first = await connected.client.callTool({ name: "switch_home_user", arguments: wrongPin });
      expect(toolError(first)).toMatchObject({ code: "rate_limited", retryAfterMs: 90_000 });
      const signIn = await connected.client.callTool({
        name: "post_users_sign_in_data",
        arguments: { login: LOGIN, password: SENTINELS.password },
      });
      expect(toolError(signIn).code).toBe("sign_in_rate_limited");
      expect(connected.stub.calls).toHaveLength(1);
    } finally {
      await connected.close();
    }
  });
});
