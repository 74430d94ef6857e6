import { createPlexAuth, type FetchLike, type PlexAuth, type PlexAuthOptions } from "@plex-auth/core";
import { onTestFinished } from "vitest";
import { createMockPlex, type MockPlex, type MockPlexOptions } from "../../src/index.ts";
import { startMockServer } from "../../src/node.ts";

/** A fixed moment, so TOTP codes, expiries and rate windows only move when a test moves them. */
export const FIXED_NOW: number = Date.UTC(2030, 0, 1, 12, 0, 0);

/** A running mock, reached one way or the other. */
export interface Harness {
  readonly mock: MockPlex;
  readonly serverUrl: string;
  readonly plexTvUrl: string;
  /** A raw fetch that reaches the mock the same way the client does. */
  readonly fetch: FetchLike;
  /** A core client pointed at the mock; `clientIdentifier` defaults to "mock-server-tests". */
  client(options?: Partial<PlexAuthOptions>): PlexAuth;
}

/** How a test reaches the mock: over a real 127.0.0.1 socket, or through `mock.fetch` with no socket. */
export interface Transport {
  readonly name: string;
  /** Starts a mock for the current test; it is closed when the test finishes. */
  start(options?: MockPlexOptions): Promise<Harness>;
}

function harness(mock: MockPlex, serverUrl: string, plexTvUrl: string, fetch: FetchLike): Harness {
  return {
    mock,
    serverUrl,
    plexTvUrl,
    fetch,
    client: (options = {}) =>
      createPlexAuth({ clientIdentifier: "mock-server-tests", serverUrl, plexTvUrl, fetch, ...options }),
  };
}

export const SOCKET: Transport = {
  name: "a 127.0.0.1 socket (startMockServer)",
  async start(options = {}) {
    const server = await startMockServer({ now: () => FIXED_NOW, ...options });
    onTestFinished(() => server.close());
    return harness(server.mock, server.url, server.plexTvUrl, (url, init) => globalThis.fetch(url, init));
  },
};

export const IN_MEMORY: Transport = {
  name: "mock.fetch (no socket)",
  async start(options = {}) {
    const mock = createMockPlex({ now: () => FIXED_NOW, ...options });
    return harness(mock, mock.serverUrl, mock.plexTvUrl, mock.fetch);
  },
};

/** Every behaviour test runs once per transport. */
export const TRANSPORTS: readonly Transport[] = [SOCKET, IN_MEMORY];

/** The headers core sends, for raw requests that need to look like the client. */
export function plexHeaders(extra: Record<string, string> = {}): Record<string, string> {
  return { Accept: "application/json", "X-Plex-Client-Identifier": "raw-test-client", ...extra };
}

/** Awaits a promise that must reject, and returns the rejection (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
