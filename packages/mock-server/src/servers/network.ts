import { isConnectionReset } from "../connection-reset.ts";
import { sleep } from "../faults/apply.ts";
import type { RequestLog } from "../request-log.ts";
import type { MockState } from "../state/mock-state.ts";
import type { ResolvedConnection } from "./resolve.ts";
import { simulatedMachine } from "./simulated-server.ts";

/** What `mock.fetch` needs: the mock's origin and handler, and the simulated servers behind other origins. */
export interface NetworkParts {
  readonly origin: string;
  readonly handle: (request: Request) => Promise<Response>;
  readonly state: MockState;
  readonly log: RequestLog;
}

type FetchFunction = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** A connection's URI, what it does, and the machine that answers there (for live, slow and foreign). */
interface Endpoint {
  readonly connection: ResolvedConnection;
  readonly machine: (request: Request) => Response;
}

function fetchFailed(message: string, code: string): TypeError {
  // The shape undici gives: TypeError("fetch failed") with the system error as its cause.
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** A request into a black hole: nothing ever comes back; only the caller's abort ends it. */
function blackhole(signal: AbortSignal): Promise<never> {
  return new Promise<never>((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** The map from each simulated connection's origin to what answers there, built once. */
function endpointsOf(parts: NetworkParts): Map<string, Endpoint> {
  const endpoints = new Map<string, Endpoint>();
  for (const server of parts.state.servers) {
    const live = simulatedMachine(parts.state, parts.log, server, false);
    const foreign = simulatedMachine(parts.state, parts.log, server, true);
    for (const connection of server.connections) {
      if (connection.uri === undefined) continue; // At the mock's own origin: the mock answers it.
      endpoints.set(new URL(connection.uri).origin, {
        connection,
        machine: connection.behaviour === "foreign" ? foreign : live,
      });
    }
  }
  return endpoints;
}

async function reach(endpoint: Endpoint, request: Request, hostname: string): Promise<Response> {
  const { connection, machine } = endpoint;
  switch (connection.behaviour) {
    case "refused":
      throw fetchFailed(`connect ECONNREFUSED ${connection.address}:${connection.port}`, "ECONNREFUSED");
    case "tls-error":
      throw fetchFailed(
        `Hostname/IP does not match certificate's altnames: Host: ${hostname}. is not in the cert's altnames: DNS:*.plex.direct`,
        "ERR_TLS_CERT_ALTNAME_INVALID",
      );
    case "blackhole":
      return blackhole(request.signal);
    case "slow":
      await sleep(connection.delayMs, request.signal);
      return machine(request);
    default:
      return machine(request);
  }
}

/**
 * `mock.fetch`: the mock at its origin; each simulated connection at its own (`.invalid`) origin, behaving
 * as its `behaviour` says; anything else fails like an unknown host (`ENOTFOUND`), so nothing leaves the
 * process. A reset fault rejects like a socket closed by the other side.
 */
export function createMockFetch(parts: NetworkParts): FetchFunction {
  const endpoints = endpointsOf(parts);
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== parts.origin) {
      const endpoint = endpoints.get(url.origin);
      if (!endpoint) throw fetchFailed(`getaddrinfo ENOTFOUND ${url.hostname}`, "ENOTFOUND");
      return abortable(reach(endpoint, request, url.hostname), request.signal);
    }
    try {
      return await abortable(parts.handle(request), request.signal);
    } catch (error) {
      if (isConnectionReset(error)) throw fetchFailed("other side closed", "UND_ERR_SOCKET");
      throw error;
    }
  };
}
