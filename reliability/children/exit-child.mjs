// Part 2, leaks: calls that end every way a call can (success, timeout, abort during a stalled body, a
// drip, a long Retry-After wait and a long backoff, a reset, an oversized body), against a mock server
// the parent runs and has queued the faults on, in this order. Then nothing: no process.exit, no cleanup.
// The process must exit on its own. Timers here are long on purpose (timeouts of 120 s, backoffs of 60 s):
// one left behind would hold the process far past the parent's bound.
import { createPlexAuth } from "@plex-auth/core";
import { MOCK_ACCOUNTS, MOCK_ADMIN_TOKEN, MOCK_SOURCES } from "@plex-auth/mock-server";

const [serverUrl, plexTvUrl] = process.argv.slice(2);
const { login, password } = MOCK_ACCOUNTS.plain;
const source = MOCK_SOURCES.sharedServer.source;
const plex = createPlexAuth({
  clientIdentifier: "reliability-exit",
  token: MOCK_ADMIN_TOKEN,
  serverUrl,
  plexTvUrl,
  timeoutMs: 120_000,
  retry: { maxRetries: 2, initialDelayMs: 60_000, maxDelayMs: 60_000, maxRetryAfterMs: 60_000 },
  maxResponseBytes: 256 * 1024,
});

/** Aborts the call after `ms` through its own signal. */
function abortAfter(ms) {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), ms);
  return { signal: controller.signal };
}

const steps = [
  // Must match the faults the parent queued, one per step, in order.
  [
    "stalled body, per-call timeout",
    () => plex.authentication.getTokenDetails(undefined, { timeoutMs: 300, retry: false }),
  ],
  ["stalled body, aborted", () => plex.authentication.getTokenDetails(undefined, abortAfter(300))],
  [
    "503 + Retry-After 30 s, aborted while waiting",
    () => plex.authentication.getTokenDetails(undefined, abortAfter(300)),
  ],
  ["503, aborted during a 60 s backoff", () => plex.authentication.getTransientToken(undefined, abortAfter(300))],
  ["slow drip, aborted", () => plex.authentication.getSourceConnectionInformation({ source }, abortAfter(300))],
  ["no headers for 60 s, aborted", () => plex.authentication.getTokenDetails(undefined, abortAfter(300))],
  ["reset during sign-in", () => plex.authentication.postUsersSignInData({ login, password })],
  ["oversized body", () => plex.authentication.getTokenDetails()],
];
const outcomes = [];
for (const [name, run] of steps) {
  const started = performance.now();
  const outcome = await run().then(
    () => "success",
    (error) => error.name,
  );
  outcomes.push({ name, outcome, ms: Math.round(performance.now() - started) });
}
let successes = 0;
for (let round = 0; round < 25; round++) {
  await plex.authentication.getTokenDetails();
  await plex.authentication.getTransientToken();
  await plex.authentication.getSourceConnectionInformation({ source });
  await plex.authentication.postUsersSignInData({ login, password });
  successes += 4;
}
process.stdout.write(`${JSON.stringify({ outcomes, successes, doneAt: Math.round(performance.now()) })}\n`);
