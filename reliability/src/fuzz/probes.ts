/**
 * What a connection probe may send (README, "Your servers"): `GET {uri}/` of one of a server's own
 * connections (no local one of a server the account does not own), with that server's own `accessToken`
 * and nothing else: never the account token, never to another address.
 */
import { asHeader, headerText, type SentRequest } from "./wire.ts";

/** The fields of a resource a probe depends on; anything else may be any value. */
export interface ProbedResource {
  readonly owned?: unknown;
  readonly accessToken?: unknown;
  readonly connections?: unknown;
}

/** The base URLs a server may be probed at: its connections' URIs, without trailing slashes. */
export function probeTargets(resource: ProbedResource): string[] {
  const connections = Array.isArray(resource.connections) ? resource.connections : [];
  return connections.flatMap((connection: unknown) => {
    const { uri, local } = (connection ?? {}) as { uri?: unknown; local?: unknown };
    if (typeof uri !== "string" || (local === true && resource.owned !== true)) return [];
    return [uri.replace(/\/+$/, "")];
  });
}

/** The URL of a server's root below `base`, as fetch is given it (normalized). */
function rootOf(base: string): string | undefined {
  try {
    return new URL(`${base}/`).href;
  } catch {
    return undefined;
  }
}

/** What is wrong with one request of a probe of `resources`: to an address of none of them, or with another token. */
export function probeProblem(request: SentRequest, resources: readonly ProbedResource[]): string | undefined {
  const owner = resources.find((resource) => probeTargets(resource).some((base) => request.url === rootOf(base)));
  if (!owner) return `a request to ${request.url}, not one of the servers' own addresses`;
  if (request.method !== "GET") return `a ${request.method} probe`;
  const token = typeof owner.accessToken === "string" ? asHeader(owner.accessToken) : undefined;
  if (headerText(request.headers.get("x-plex-token")) !== token) {
    return `the probe of ${request.url} carried another token than the server's own`;
  }
  return undefined;
}
