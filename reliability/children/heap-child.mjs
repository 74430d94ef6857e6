// Part 2, memory: 100,000 sequential calls through one client and `mock.fetch`, in a process started with
// --expose-gc so the heap can be measured after full collections. Prints one JSON line with the figures.
// The mock is replaced every MOCK_EVERY calls: it keeps every token it ever minted (on purpose, for leak
// checks), which is its memory, not the client's.
import { createPlexAuth } from "@plex-auth/core";
import { createMockPlex, MOCK_ACCOUNTS, MOCK_ADMIN_TOKEN, MOCK_SOURCES } from "@plex-auth/mock-server";

const CALLS = Number(process.argv[2] ?? 100_000);
const WARM_UP = 5_000;
const MOCK_EVERY = 2_000;
const CHECKPOINT_EVERY = 10_000;
const LIMIT_BYTES = 5 * 1024 * 1024;
const { login, password } = MOCK_ACCOUNTS.plain;
const source = MOCK_SOURCES.sharedServer.source;

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");

let mock;
let made = 0;
function freshMock() {
  mock = createMockPlex({ seed: 1_000 + made++, rateLimit: false });
  // Error paths too: retried 503s, resets and bad bodies, so their objects are measured as well.
  mock.faults.inject({ kind: "status", status: 503 }, { times: Number.POSITIVE_INFINITY, probability: 0.03 });
  mock.faults.inject({ kind: "reset" }, { times: Number.POSITIVE_INFINITY, probability: 0.02 });
  mock.faults.inject(
    { kind: "malformed-body", body: "truncated-json" },
    { times: Number.POSITIVE_INFINITY, probability: 0.02 },
  );
}
freshMock();

// One client for the whole run: it is what is being measured.
const plex = createPlexAuth({
  clientIdentifier: "reliability-heap",
  token: MOCK_ADMIN_TOKEN,
  serverUrl: mock.serverUrl,
  plexTvUrl: mock.plexTvUrl,
  fetch: (url, init) => mock.fetch(url, init),
  retry: { maxRetries: 2, initialDelayMs: 0, maxDelayMs: 0 },
});

// One signal for the whole run, as an app passes its shutdown signal to every call: a listener left on it
// by any call would pile up here.
const appSignal = new AbortController().signal;

let outcomes = {};
async function call(index) {
  if (index % MOCK_EVERY === 0) freshMock();
  const which = index % 5;
  const options = { signal: appSignal };
  let promise;
  if (which === 0) promise = plex.authentication.getTokenDetails(undefined, options);
  else if (which === 1) promise = plex.authentication.getTransientToken(undefined, options);
  else if (which === 2) promise = plex.authentication.getSourceConnectionInformation({ source }, options);
  else if (which === 3) promise = plex.authentication.postUsersSignInData({ login, password }, options);
  // A token plex.tv does not know: an InvalidTokenError (401) every fifth call.
  else promise = plex.authentication.getTokenDetails(undefined, { ...options, token: "not-a-live-token-0001" });
  try {
    await promise;
    outcomes.success = (outcomes.success ?? 0) + 1;
  } catch (error) {
    outcomes[error.name] = (outcomes[error.name] ?? 0) + 1;
  }
}

/**
 * The heap after full collections. Alternated with turns of the event loop: fetch's Request keeps its
 * parent signal in a FinalizationRegistry until a cleanup task runs after a collection, so a collection
 * alone leaves thousands of dead signals counted (several MB of noise that comes and goes).
 */
async function settledHeap() {
  for (let round = 0; round < 6; round++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

for (let index = 0; index < WARM_UP; index++) await call(index);
freshMock();
outcomes = {};
const baseline = await settledHeap();
const started = performance.now();
let calls = 0;
let after = baseline;
// Checkpoints, so that a leak is reported with its figure after 10,000 calls instead of slowing the run
// down until the parent's time bound (a leaked listener per call makes every later call slower).
while (calls < CALLS) {
  const until = Math.min(CALLS, calls + CHECKPOINT_EVERY);
  for (; calls < until; calls++) await call(calls);
  freshMock();
  after = await settledHeap();
  if (after - baseline > LIMIT_BYTES) break;
}
const durationMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ calls, warmUp: WARM_UP, baseline, after, growth: after - baseline, durationMs, outcomes })}\n`,
);
