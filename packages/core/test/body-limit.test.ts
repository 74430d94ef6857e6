/**
 * Guards the response size cap: a success body over `maxResponseBytes` fails with ResponseTooLargeError
 * whether it declares its length or streams without one, and is cancelled rather than buffered whole; an
 * error body is cut to its start instead, so the error its status names still comes out. Also guards
 * that releasing a body never waits on the stream (a cloned, tee'd body settles its cancel only when every
 * branch is cancelled).
 */
import { describe, expect, it } from "vitest";
import { createPlexAuth, InvalidTokenError, ResponseTooLargeError, ServerError, TimeoutError } from "../src/index.ts";
import { IDENTITY, rejection, TOKEN } from "./helpers/client.ts";
import { json, mockFetch } from "./helpers/fetch.ts";
import { ACCOUNT, example, exampleText, TRANSIENT } from "./helpers/fixtures.ts";
import { useServers } from "./helpers/server.ts";

const server = useServers();
const LIMIT = 1_024;

describe("oversized bodies", () => {
  it("a Content-Length over the cap fails before reading", async () => {
    const pms = await server((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "content-length": String(LIMIT * 4) });
      response.end("x".repeat(LIMIT * 4));
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url, maxResponseBytes: LIMIT });

    const error = await rejection(plex.authentication.getTransientToken());

    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(LIMIT);
    // Not a transient failure: not retried.
    expect(pms.requests).toHaveLength(1);
  });

  it("a chunked body without Content-Length fails once it passes the cap", async () => {
    const pms = await server((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" });
      for (let chunk = 0; chunk < 64; chunk++) response.write("y".repeat(512));
      response.end();
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url, maxResponseBytes: LIMIT });

    expect(await rejection(plex.authentication.getTransientToken())).toBeInstanceOf(ResponseTooLargeError);
  });

  it("an error body over the cap still gives the error its status names, from the body's start", async () => {
    const pms = await server((_request, response) => {
      response.writeHead(401, { "content-type": "text/html" });
      response.end(`<html><title>Unauthorized</title>${"z".repeat(LIMIT * 2)}</html>`);
    });
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, serverUrl: pms.url, maxResponseBytes: LIMIT });

    const error = await rejection(plex.authentication.getTransientToken());
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect((error as InvalidTokenError).excerpt).toMatch(/^Unauthorized z+/);
  });

  it("an endless error page is cut off after the error-body cap and cancelled", async () => {
    let pulls = 0;
    let cancelled = false;
    const endless502 = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulls++;
            // Bounded for safety: a correct client stops after 64 KiB, a few hundred pulls.
            if (pulls > 100_000) controller.close();
            else controller.enqueue(new TextEncoder().encode("<p>Bad gateway</p>".padEnd(256)));
          },
          cancel() {
            cancelled = true;
          },
        }),
        { status: 502, headers: { "content-type": "text/html" } },
      );
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, retry: false, fetch: mockFetch(endless502).fetch });

    const error = await rejection(plex.authentication.getTokenDetails());
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).excerpt).toMatch(/^Bad gateway/);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(300);
  });

  it("an endless stream is cancelled after the cap, not buffered whole", async () => {
    let pulls = 0;
    let cancelled = false;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulls++;
            // Bounded for safety: a correct client stops after a few pulls.
            if (pulls > 10_000) controller.close();
            else controller.enqueue(new Uint8Array(256).fill(32));
          },
          cancel() {
            cancelled = true;
          },
        }),
        { status: 200, headers: { "content-type": "application/json" } },
      );
    const mock = mockFetch(endless);
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, maxResponseBytes: LIMIT, fetch: mock.fetch });

    expect(await rejection(plex.authentication.getTokenDetails())).toBeInstanceOf(ResponseTooLargeError);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(20);
  });

  it("a body of exactly maxResponseBytes is accepted; one byte less of cap is not", async () => {
    const body = exampleText(TRANSIENT);
    const size = new TextEncoder().encode(body).byteLength;
    const answer = () => new Response(body, { status: 200, headers: { "content-type": "application/json" } });

    const atCap = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      serverUrl: "http://pms.test",
      maxResponseBytes: size,
      fetch: mockFetch(answer).fetch,
    });
    await expect(atCap.authentication.getTransientToken()).resolves.toMatch(/^transient-/);

    const under = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      serverUrl: "http://pms.test",
      maxResponseBytes: size - 1,
      fetch: mockFetch(answer).fetch,
    });
    expect(await rejection(under.authentication.getTransientToken())).toBeInstanceOf(ResponseTooLargeError);
  });

  it("multi-byte UTF-8 split across chunks decodes intact", async () => {
    const account = { ...example(ACCOUNT), title: "Zoë – 客厅 🎬" };
    const bytes = new TextEncoder().encode(JSON.stringify(account));
    const split = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (let offset = 0; offset < bytes.length; offset += 3)
              controller.enqueue(bytes.slice(offset, offset + 3));
            controller.close();
          },
        }),
        { status: 200 },
      );
    const plex = createPlexAuth({ ...IDENTITY, token: TOKEN, fetch: mockFetch(split).fetch });
    await expect(plex.authentication.getTokenDetails()).resolves.toMatchObject({ title: "Zoë – 客厅 🎬" });
  });
});

describe("releasing a body never waits on the stream (cloned, tee'd bodies)", () => {
  // A fetch wrapper that caches or inspects responses hands out clones; cancelling one branch of a tee
  // settles only when the other is cancelled too. Waiting on it once hung these calls forever.
  const cloningFetch = (make: () => Response) => {
    const kept: Response[] = [];
    const fetch = async () => {
      const original = make();
      kept.push(original);
      return original.clone();
    };
    return fetch;
  };

  it("an oversized cloned body fails instead of hanging", async () => {
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      maxResponseBytes: 100,
      fetch: cloningFetch(() => json(200, example(ACCOUNT))),
    });
    expect(await rejection(plex.authentication.getTokenDetails())).toBeInstanceOf(ResponseTooLargeError);
  });

  it("a retried cloned response does not hold up the retry", async () => {
    let calls = 0;
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      retry: { initialDelayMs: 1 },
      fetch: cloningFetch(() => (++calls === 1 ? json(503, {}) : json(200, example(ACCOUNT)))),
    });
    await expect(plex.authentication.getTokenDetails()).resolves.toMatchObject({ username: "Username" });
    expect(calls).toBe(2);
  });

  it("a cloned body that stalls still times out", async () => {
    const stalled = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"id":'));
          },
        }),
        { status: 200 },
      );
    const plex = createPlexAuth({
      ...IDENTITY,
      token: TOKEN,
      retry: false,
      timeoutMs: 100,
      fetch: cloningFetch(stalled),
    });
    expect(await rejection(plex.authentication.getTokenDetails())).toBeInstanceOf(TimeoutError);
  });
});
