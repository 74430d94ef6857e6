import { describe, expect, it, vi } from "vitest";
import { createMockPlex, MOCK_ACCOUNTS } from "../src/index.ts";
import { MAX_REQUEST_BODY_BYTES } from "../src/params.ts";
import { plexHeaders, TRANSPORTS } from "./support/harness.ts";

const { plain } = MOCK_ACCOUNTS;

function multipart(fields: Record<string, string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  return form;
}

describe.each(TRANSPORTS)("request bodies over $name", (transport) => {
  it("reads a multipart/form-data sign-in like a form", async () => {
    const { fetch, plexTvUrl } = await transport.start();
    const response = await fetch(`${plexTvUrl}/users/signin`, {
      method: "POST",
      headers: plexHeaders(),
      body: multipart({ login: plain.login, password: plain.password }),
    });
    expect(response.status).toBe(201);
    expect(JSON.parse(await response.text())).toMatchObject({ username: plain.username });
  });

  it("answers 413 for a multipart/form-data body over the cap", async () => {
    const { mock, fetch, plexTvUrl } = await transport.start();
    const response = await fetch(`${plexTvUrl}/users/signin`, {
      method: "POST",
      headers: plexHeaders(),
      body: multipart({ login: "a".repeat(MAX_REQUEST_BODY_BYTES + 1), password: plain.password }),
    });
    expect(response.status).toBe(413);
    await response.body?.cancel();
    expect(mock.devices("plain")).toHaveLength(1); // the seeded device only: no sign-in happened
  });
});

describe("request bodies through the fetch handler (mock.handle, as Deno.serve and Bun.serve call it)", () => {
  it("answers 413 to a streamed body without Content-Length once it passes the cap, and stops reading it", async () => {
    const mock = createMockPlex();
    const chunk = new Uint8Array(16 * 1024).fill(97);
    let pulledBytes = 0;
    let cancelled = false;
    // An 8 MiB upload: reading it whole before checking would pull every byte (or never answer, were it endless).
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulledBytes >= 8 * 1024 * 1024) return controller.close();
        pulledBytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(`${mock.plexTvUrl}/users/signin`, {
      method: "POST",
      headers: { ...plexHeaders(), "Content-Type": "application/x-www-form-urlencoded" },
      body,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();

    const response = await mock.handle(request);
    expect(response.status).toBe(413);
    await response.body?.cancel();
    await vi.waitFor(() => expect(cancelled).toBe(true));
    expect(pulledBytes).toBeLessThanOrEqual(MAX_REQUEST_BODY_BYTES + 4 * chunk.byteLength);
  }, 5_000);
});
