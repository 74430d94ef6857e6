import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type FetchHandler, toNodeListener } from "../src/index.ts";

let server: Server | undefined;

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function serve(handler: FetchHandler, options?: Parameters<typeof toNodeListener>[1]): Promise<string> {
  const listener = toNodeListener(handler, options);
  // Express-style: the mount path stripped from url, kept in originalUrl.
  server = createServer((incoming, outgoing) => {
    if (incoming.url?.startsWith("/mounted/")) {
      Object.assign(incoming, { originalUrl: incoming.url, url: incoming.url.slice("/mounted".length) });
    }
    void listener(incoming, outgoing);
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("toNodeListener", () => {
  it("hands the handler a Request (method, URL, headers, body) and writes its Response back", async () => {
    const seen: { method: string; url: string; header: string | null; body: string }[] = [];
    const base = await serve(async (request) => {
      seen.push({
        method: request.method,
        url: request.url,
        header: request.headers.get("x-test"),
        body: await request.text(),
      });
      return new Response("made", { status: 201, headers: { "x-answer": "yes" } });
    });
    const response = await fetch(`${base}/mounted/start?x=1`, {
      method: "POST",
      headers: { "X-Test": "1" },
      body: "{}",
    });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-answer")).toBe("yes");
    expect(await response.text()).toBe("made");
    expect(seen).toEqual([{ method: "POST", url: `${base}/mounted/start?x=1`, header: "1", body: "{}" }]);
  });

  it("keeps several Set-Cookie headers apart", async () => {
    const base = await serve(() => {
      const headers = new Headers();
      headers.append("Set-Cookie", "a=1; Path=/");
      headers.append("Set-Cookie", "b=2; Path=/; HttpOnly");
      return new Response(null, { status: 204, headers });
    });
    const response = await fetch(`${base}/x`);
    expect(response.headers.getSetCookie()).toEqual(["a=1; Path=/", "b=2; Path=/; HttpOnly"]);
  });

  it("uses the public origin it is given for the Request's URL", async () => {
    let url = "";
    const base = await serve(
      (request) => {
        url = request.url;
        return new Response(null, { status: 204 });
      },
      { origin: "https://my.app" },
    );
    await fetch(`${base}/api/plex/status?id=1`);
    expect(url).toBe("https://my.app/api/plex/status?id=1");
  });

  it("refuses a body over the cap with 413 without calling the handler", async () => {
    let called = false;
    const base = await serve(
      () => {
        called = true;
        return new Response(null, { status: 204 });
      },
      { maxBodyBytes: 1024 },
    );
    const response = await fetch(`${base}/start`, { method: "POST", body: "x".repeat(200_000) }).catch(() => undefined);
    // The server may close the connection before the client has sent everything; either way, not called.
    if (response) expect(response.status).toBe(413);
    expect(called).toBe(false);
  });

  it("answers 500 without details when the handler throws", async () => {
    const base = await serve(() => {
      throw new Error("secret detail");
    });
    const response = await fetch(`${base}/x`);
    expect(response.status).toBe(500);
    expect(await response.text()).toBe("Internal error.");
  });

  it("aborts the Request's signal when the client goes away", async () => {
    let aborted: () => void = () => {};
    const abortedSeen = new Promise<void>((resolve) => {
      aborted = resolve;
    });
    const base = await serve(
      (request) =>
        new Promise<Response>((resolve) => {
          request.signal.addEventListener("abort", () => {
            aborted();
            resolve(new Response(null, { status: 204 }));
          });
        }),
    );
    const client = httpRequest(`${base}/slow`);
    client.on("error", () => {});
    client.end();
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.destroy();
    await Promise.race([
      abortedSeen,
      new Promise((_, reject) => setTimeout(() => reject(new Error("no abort")), 5_000)),
    ]);
  });

  it("takes a body a parser already read (express.json() mounted first) instead of waiting for it for ever", async () => {
    let seenBody = "";
    const listener = toNodeListener(async (request) => {
      seenBody = await request.text();
      return new Response(null, { status: 204 });
    });
    server = createServer((incoming, outgoing) => {
      // What express.json() does: read the stream to its end, and keep the parsed object.
      const chunks: Buffer[] = [];
      incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
      incoming.on("end", () => {
        Object.assign(incoming, { body: JSON.parse(Buffer.concat(chunks).toString()) });
        void listener(incoming, outgoing);
      });
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const response = await fetch(`${base}/start`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ forwardUrl: "https://my.app/" }),
      signal: AbortSignal.timeout(5_000),
    });
    expect(response.status).toBe(204);
    expect(JSON.parse(seenBody)).toEqual({ forwardUrl: "https://my.app/" });
  });

  it("refuses bad options with a TypeError naming them", () => {
    const handler = () => new Response(null);
    expect(() => toNodeListener(handler, { origin: "my.app" })).toThrow(/origin must be a web origin/);
    expect(() => toNodeListener(handler, { origin: "https://my.app/path" })).toThrow(/origin/);
    expect(() => toNodeListener(handler, { maxBodyBytes: -1 })).toThrow(/maxBodyBytes/);
    expect(() => toNodeListener(handler, { maxBodyBytes: 1.5 })).toThrow(/maxBodyBytes/);
    expect(typeof toNodeListener(handler, { origin: "https://my.app", maxBodyBytes: 0 })).toBe("function");
  });
});
