import type { Harness } from "./harness.ts";
import { plexHeaders } from "./harness.ts";

/** A raw plex.tv request of the mock: `path` below `/api/v2`, with core's headers plus `headers`. */
export function plexTv(
  harness: Harness,
  path: string,
  init: { method?: string; headers?: Record<string, string>; body?: BodyInit } = {},
): Promise<Response> {
  return harness.fetch(`${harness.plexTvUrl}${path}`, {
    method: init.method ?? "GET",
    headers: plexHeaders(init.headers),
    ...(init.body === undefined ? {} : { body: init.body }),
  });
}

/** The body of a response, parsed as JSON. */
export async function jsonOf<T = Record<string, unknown>>(response: Response): Promise<T> {
  return JSON.parse(await response.text()) as T;
}

/** The PIN fields the tests read. */
export interface PinBody {
  readonly id: number;
  readonly code: string;
  readonly clientIdentifier: string;
  readonly expiresIn: number;
  readonly createdAt: string;
  readonly expiresAt: string;
  readonly authToken: string | null;
  readonly newRegistration: boolean | null;
  readonly [field: string]: unknown;
}

/** Creates a PIN with a raw request from `client` (strong: a 25-character code). */
export async function createPin(
  harness: Harness,
  options: { strong?: boolean; client?: string; origin?: string } = {},
): Promise<PinBody> {
  const headers: Record<string, string> = {
    "X-Plex-Client-Identifier": options.client ?? "pin-client",
    "X-Plex-Product": "Pin Test App",
  };
  // A browser's request carries its page's origin, and a server forwarding one sends it the same way.
  if (options.origin !== undefined) headers.Origin = options.origin;
  const response = await plexTv(harness, options.strong ? "/pins?strong=true" : "/pins", { method: "POST", headers });
  if (response.status !== 201) throw new Error(`creating a PIN answered ${response.status}`);
  return jsonOf<PinBody>(response);
}

/** Polls a PIN with a raw request from `client`. */
export function pollPin(harness: Harness, id: number, client = "pin-client"): Promise<Response> {
  return plexTv(harness, `/pins/${id}`, { headers: { "X-Plex-Client-Identifier": client } });
}

/** The resource fields the tests read. */
export interface ResourceBody {
  readonly name: string;
  readonly clientIdentifier: string;
  readonly provides: string;
  readonly owned: boolean;
  readonly accessToken: string | null;
  readonly connections: readonly {
    readonly protocol: string;
    readonly address: string;
    readonly port: number;
    readonly uri: string;
    readonly local: boolean;
    readonly relay: boolean;
    readonly IPv6: boolean;
  }[];
  readonly [field: string]: unknown;
}

/** `GET /api/v2/resources` with `token` and the given query (default: every include flag on). */
export async function resources(
  harness: Harness,
  token: string,
  query = "includeHttps=1&includeRelay=1&includeIPv6=1",
): Promise<ResourceBody[]> {
  const response = await plexTv(harness, `/resources?${query}`, { headers: { "X-Plex-Token": token } });
  if (response.status !== 200) throw new Error(`resources answered ${response.status}`);
  return jsonOf<ResourceBody[]>(response);
}
