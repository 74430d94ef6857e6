import { readFileSync } from "node:fs";
import { DEFAULT_RETRY, DEFAULT_TIMEOUT_MS } from "@plex-auth/core";
import { describe, expect, it } from "vitest";
import { CLIENTS, createStubFetch, makeClient, OPERATIONS, PEER_VERSIONS } from "../src/clients.mjs";
import * as kyPeer from "../src/ky-client.mjs";
import * as ofetchPeer from "../src/ofetch-client.mjs";
import { CLIENT_IDENTIFIER, CREDENTIALS, ROUTES, SOURCE, TOKEN } from "../src/payloads.mjs";
import { PEER_RETRIES, PEER_RETRY_DELAY_MS, PEER_RETRY_STATUSES, PEER_TIMEOUT_MS } from "../src/peer-schemas.mjs";
import { SIZE_ENTRIES } from "../src/size.mjs";

const ORIGIN = "http://plex.bench.invalid:32400";
const TARGET = { serverUrl: ORIGIN, plexTvUrl: `${ORIGIN}/api/v2` };

/** Each peer, made through its own module with a fetch of the test's choosing. */
const PEERS = [
  {
    name: "ofetch",
    create: ofetchPeer.createOfetchClient,
    getTransientToken: ofetchPeer.ofetchGetTransientToken,
    getTokenDetails: ofetchPeer.ofetchGetTokenDetails,
    postUsersSignInData: ofetchPeer.ofetchPostUsersSignInData,
  },
  {
    name: "ky",
    create: kyPeer.createKyClient,
    getTransientToken: kyPeer.kyGetTransientToken,
    getTokenDetails: kyPeer.kyGetTokenDetails,
    postUsersSignInData: kyPeer.kyPostUsersSignInData,
  },
];

/**
 * A fetch that answers from `answer(attempt)` and records each call's method.
 * @param {(attempt: number, init: any) => Response | Promise<Response>} answer
 */
function recordingFetch(answer) {
  /** @type {string[]} */
  const methods = [];
  const fetch = async (/** @type {string} */ _url, /** @type {any} */ init) => {
    methods.push(String(init?.method ?? "GET").toUpperCase());
    return answer(methods.length, init);
  };
  return { fetch, methods };
}

/** @param {any} fetch @param {object} [extra] */
function config(fetch, extra = {}) {
  return { ...TARGET, token: TOKEN, clientIdentifier: CLIENT_IDENTIFIER, fetch, retryDelayMs: 1, ...extra };
}

const json = (/** @type {string} */ body, status = 200) =>
  new Response(body, { status, headers: { "content-type": "application/json" } });

describe("the peer clients", () => {
  it("use core's retry count, first delay and timeout, and core's retryable statuses", () => {
    expect(PEER_RETRIES).toBe(DEFAULT_RETRY.maxRetries);
    expect(PEER_RETRY_DELAY_MS).toBe(DEFAULT_RETRY.initialDelayMs);
    expect(PEER_TIMEOUT_MS).toBe(DEFAULT_TIMEOUT_MS);
    expect(PEER_RETRY_STATUSES).toEqual([408, 429, 500, 502, 503, 504]);
  });

  it("are the versions pinned in bench/package.json, and the ones installed", () => {
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    for (const [name, version] of Object.entries(PEER_VERSIONS)) {
      expect(manifest.devDependencies[name]).toBe(version);
      // Read from the bench's node_modules: ky's exports map does not export its package.json.
      const installed = JSON.parse(
        readFileSync(new URL(`../node_modules/${name}/package.json`, import.meta.url), "utf8"),
      );
      expect(installed.version).toBe(version);
    }
  });

  it("are clients of every section, with a one-operation and an all-operations bundle each", () => {
    expect(CLIENTS).toEqual(expect.arrayContaining(["raw", "ours", "ofetch", "ky", "plexjs"]));
    for (const name of ["ofetch", "ky"]) {
      expect(SIZE_ENTRIES.filter((entry) => entry.client === name).map((entry) => entry.scope)).toEqual(["one", "all"]);
    }
  });

  it("return what the raw client returns, for every operation", async () => {
    const target = { ...TARGET, fetch: createStubFetch(ORIGIN) };
    const raw = await makeClient("raw", target);
    for (const name of /** @type {const} */ (["ofetch", "ky"])) {
      const peer = await makeClient(name, target);
      expect(Object.keys(peer)).toEqual([...OPERATIONS]);
      for (const op of OPERATIONS) {
        expect(await peer[op]?.(), `${name}.${op}`).toEqual(await raw[op]?.());
      }
    }
  });

  for (const peer of PEERS) {
    describe(peer.name, () => {
      it(`retries a GET ${PEER_RETRIES} times on 503, then throws`, async () => {
        const { fetch, methods } = recordingFetch(() => json("{}", 503));
        await expect(peer.getTransientToken(peer.create(config(fetch)))).rejects.toThrow();
        expect(methods).toEqual(["GET", "GET", "GET"]);
      });

      it("retries a GET on 429 and on a network error, and returns the answer that came", async () => {
        const body = ROUTES.getTransientToken.body;
        const { fetch, methods } = recordingFetch((attempt) => {
          if (attempt === 1) return json("{}", 429);
          if (attempt === 2) throw new TypeError("fetch failed");
          return json(body);
        });
        expect(await peer.getTransientToken(peer.create(config(fetch)))).toBe(JSON.parse(body).MediaContainer.token);
        expect(methods).toHaveLength(3);
      });

      it("never resends the sign-in POST, and retries no 401", async () => {
        const post = recordingFetch(() => json("{}", 503));
        await expect(peer.postUsersSignInData(peer.create(config(post.fetch)), CREDENTIALS)).rejects.toThrow();
        expect(post.methods).toEqual(["POST"]);
        const unauthorized = recordingFetch(() => json("{}", 401));
        await expect(peer.getTokenDetails(peer.create(config(unauthorized.fetch)))).rejects.toThrow();
        expect(unauthorized.methods).toEqual(["GET"]);
      });

      it("times out an attempt, and retries a GET that timed out", async () => {
        /** @type {boolean[]} */
        const abortedOnEntry = [];
        const { fetch, methods } = recordingFetch(
          (_attempt, init) =>
            new Promise((_resolve, reject) => {
              // Like a real fetch: a signal that is already aborted rejects at once.
              abortedOnEntry.push(Boolean(init?.signal?.aborted));
              if (init?.signal?.aborted) reject(init.signal.reason);
              init?.signal?.addEventListener("abort", () => reject(init.signal.reason));
            }),
        );
        const started = Date.now();
        await expect(peer.getTokenDetails(peer.create(config(fetch, { timeoutMs: 40 })))).rejects.toThrow(
          /timeout|timed out/i,
        );
        expect(methods).toHaveLength(PEER_RETRIES + 1);
        if (peer.name === "ky") {
          // Each attempt gets its own timeout.
          expect(abortedOnEntry).toEqual([false, false, false]);
          expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 40 - 5);
        } else {
          // ofetch 1.5.1 resends with the first attempt's signal, already aborted by its timeout: the
          // retries of a timed-out call fail at once. What a user of ofetch gets; reported, not patched.
          expect(abortedOnEntry).toEqual([false, true, true]);
        }
      });

      it("requires the fields core requires, and keeps fields it does not know", async () => {
        const account = JSON.parse(ROUTES.getTokenDetails.body);
        const extra = recordingFetch(() => json(JSON.stringify({ ...account, addedByPlexLater: 1 })));
        expect(await peer.getTokenDetails(peer.create(config(extra.fetch)))).toMatchObject({ addedByPlexLater: 1 });
        const { authToken: _dropped, ...withoutToken } = account;
        const missing = recordingFetch(() => json(JSON.stringify(withoutToken)));
        await expect(peer.getTokenDetails(peer.create(config(missing.fetch)))).rejects.toThrow(/authToken/);
        const empty = recordingFetch(() => json(JSON.stringify({ MediaContainer: { token: "" } })));
        await expect(peer.getTransientToken(peer.create(config(empty.fetch)))).rejects.toThrow();
        expect(empty.methods).toEqual(["GET"]);
      });

      it("sends the identity headers, and the token except to sign-in", async () => {
        /** @type {Headers[]} */
        const seen = [];
        const fetch = async (/** @type {string} */ url, /** @type {any} */ init) => {
          seen.push(new Headers(init.headers));
          return createStubFetch(ORIGIN)(url);
        };
        const client = peer.create(config(fetch));
        await peer.getTokenDetails(client);
        await peer.postUsersSignInData(client, CREDENTIALS);
        expect(seen[0].get("x-plex-token")).toBe(TOKEN);
        expect(seen[0].get("x-plex-client-identifier")).toBe(CLIENT_IDENTIFIER);
        expect(seen[1].get("x-plex-token")).toBeNull();
        expect(seen[1].get("x-plex-client-identifier")).toBe(CLIENT_IDENTIFIER);
      });
    });
  }
});

describe("the bench's other clients", () => {
  it("check the source connection information the same way as the peers", async () => {
    const target = { ...TARGET, fetch: createStubFetch(ORIGIN) };
    const raw = await makeClient("raw", target);
    const device = /** @type {any} */ (await raw.getSourceConnectionInformation?.());
    expect(device.clientIdentifier).toBeTypeOf("string");
    expect(await kyPeer.kyGetSourceConnectionInformation(kyPeer.createKyClient(config(target.fetch)), SOURCE)).toEqual(
      device,
    );
  });
});
