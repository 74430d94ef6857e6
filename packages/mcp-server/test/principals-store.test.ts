import { describe, expect, test } from "vitest";
import { createLogger } from "../src/log/logger.ts";
import { SecretRegistry } from "../src/log/secrets.ts";
import { PrincipalSessions } from "../src/session/principals.ts";
import { testConfig } from "./helpers/in-memory.ts";
import { createPlexStub } from "./helpers/plex-stub.ts";

function store(limits: { maxPrincipals: number; idleMs: number }, now: () => number) {
  const deps = { logger: createLogger({ level: "silent" }), secrets: new SecretRegistry() };
  return new PrincipalSessions(testConfig(createPlexStub()), deps, limits, now);
}

describe("PrincipalSessions", () => {
  test("one session per principal, the same on every request", () => {
    const principals = store({ maxPrincipals: 10, idleMs: 60_000 }, () => 0);
    expect(principals.get("alice")).toBe(principals.get("alice"));
    expect(principals.get("bob")).not.toBe(principals.get("alice"));
    expect(principals.size).toBe(2);
  });

  test("at the cap the least recently used principal is forgotten, not the one just used", () => {
    let now = 0;
    const principals = store({ maxPrincipals: 2, idleMs: 60_000 }, () => now);
    const alice = principals.get("alice");
    now = 1;
    const bob = principals.get("bob");
    now = 2;
    expect(principals.get("alice")).toBe(alice); // alice is now the most recently used
    now = 3;
    principals.get("carol");
    expect(principals.size).toBe(2);
    expect(principals.get("alice")).toBe(alice);
    expect(principals.get("bob")).not.toBe(bob); // bob made way, and starts afresh
  });

  test("an idle principal is forgotten: its token and pending sign-ins go with it", () => {
    let now = 0;
    const principals = store({ maxPrincipals: 10, idleMs: 1_000 }, () => now);
    const alice = principals.get("alice");
    alice.adoptToken({ token: "alice-signed-in-token-0123", expiresAt: null, origin: "sign-in" });
    now = 1_000;
    const later = principals.get("alice");
    expect(later).not.toBe(alice);
    expect(later.tokenOrigin).toBe("environment");
  });
});
