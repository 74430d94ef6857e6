import {
  findServerConnection,
  NoServerConnectionError,
  type PlexAuthCore,
  PlexAuthError,
  type PlexResource,
  RequestAbortedError,
} from "@plex-auth/core";
import * as v from "valibot";
import { nullableString } from "../result-schemas.ts";

/**
 * How long one probe of a candidate connection may take. Servers are probed side by side and a server's
 * candidates one stagger step apart, so even a server whose every address hangs costs about this much
 * plus a quarter second per candidate: the tool answers within a few seconds.
 *
 * @example
 * ```ts
 * await findServerConnection(core, server, { signal, probeTimeoutMs: PROBE_TIMEOUT_MS });
 * ```
 */
export const PROBE_TIMEOUT_MS = 2_000;

/**
 * valibot schema of {@link BestConnection}.
 *
 * @example
 * ```ts
 * v.object({ name: v.string(), bestConnection: bestConnectionSchema });
 * ```
 */
export const bestConnectionSchema: v.GenericSchema<BestConnection> = v.object({
  connection: v.pipe(
    v.nullable(v.object({ uri: v.string(), local: v.boolean(), relay: v.boolean(), latencyMs: v.number() })),
    v.description(
      "The connection to use: the first, in preference order (local, remote, relay; https first), that answered " +
        "as this server and accepted its token. Null when none did or the server was not probed.",
    ),
  ),
  attempts: v.pipe(
    v.array(v.object({ uri: v.string(), outcome: v.string() })),
    v.description("When no connection worked: each candidate tried, in order, and what it did."),
  ),
  reason: v.pipe(nullableString, v.description("Why connection is null, in words; null when one was found.")),
});

/** The connection picked for one server, or why there is none. No token is ever part of it. */
export interface BestConnection {
  connection: { uri: string; local: boolean; relay: boolean; latencyMs: number } | null;
  attempts: { uri: string; outcome: string }[];
  reason: string | null;
}

const notProbed = (reason: string): BestConnection => ({ connection: null, attempts: [], reason });

function fromFailure(error: unknown): BestConnection {
  if (error instanceof NoServerConnectionError) {
    const attempts = error.attempts.map(({ uri, outcome }) => ({ uri, outcome }));
    return {
      connection: null,
      attempts,
      reason: attempts.length > 0 ? "no connection worked" : "it lists no connection that can be tried from here",
    };
  }
  // Cancelled: the whole call is, so it ends as `aborted`. A bug is an internal error, not a server's state.
  if (error instanceof RequestAbortedError || !(error instanceof PlexAuthError)) throw error;
  return notProbed(`the probe could not run (${error.code})`);
}

/**
 * The connection to use for one server of `get_server_resources`, found by core's `findServerConnection`
 * with the server's own access token (never the account token) and a short per-probe timeout, or why
 * there is none. A server plex.tv lists as offline, or one without a token, is not probed.
 *
 * @example
 * ```ts
 * const best = await bestConnectionOf(server, { core: session.client, signal });
 * best.connection?.uri; // "https://192-168-1-150.<id>.plex.direct:32400"
 * ```
 */
export async function bestConnectionOf(
  resource: PlexResource,
  context: { readonly core: PlexAuthCore; readonly signal: AbortSignal | undefined },
): Promise<BestConnection> {
  if (resource.presence === false) return notProbed("not probed: plex.tv lists the server as offline");
  if (!resource.accessToken) return notProbed("not probed: plex.tv gave no access token for it");
  try {
    const found = await findServerConnection(context.core, resource, {
      signal: context.signal,
      probeTimeoutMs: PROBE_TIMEOUT_MS,
    });
    const { uri, local, relay, latencyMs } = found;
    return { connection: { uri, local, relay, latencyMs }, attempts: [], reason: null };
  } catch (error) {
    return fromFailure(error);
  }
}
