import * as v from "valibot";
import type { PlexAuthCore } from "../client-core.ts";
import {
  type ConnectionAttempt,
  InvalidInputError,
  NoServerConnectionError,
  RequestAbortedError,
} from "../errors/local.ts";
import type { PlexResource } from "../models/resource.ts";
import { integerBetween } from "../option-schemas.ts";
import { check } from "../validation.ts";
import { type ConnectionCandidate, connectionCandidates } from "./connection-candidates.ts";
import { probe, probeOutcome } from "./probe.ts";

/** The connection {@link findServerConnection} picked: ready for `serverUrl` and `withToken`. */
export interface ServerConnection {
  /** The base URL of the server, e.g. `https://192-168-1-10.<id>.plex.direct:32400`. */
  readonly uri: string;
  /** The token to use on this server: the resource's own (for a shared server, not the account token). */
  readonly accessToken: string;
  /** On the same network as the server. */
  readonly local: boolean;
  /** Through Plex's relay (slow, capped). */
  readonly relay: boolean;
  /** How long the winning probe took, in milliseconds. */
  readonly latencyMs: number;
}

/** Options of {@link findServerConnection}. */
export interface FindServerConnectionOptions {
  /** Stops every probe with `RequestAbortedError`. */
  signal?: AbortSignal | undefined;
  /** Timeout of one probe. Default 5000 ms. */
  probeTimeoutMs?: number | undefined;
  /** How long a tier (local, remote, relay) gets before the next one starts beside it. Default 250 ms. */
  staggerMs?: number | undefined;
}

const optionsSchema = v.strictObject({
  signal: v.optional(
    v.custom<AbortSignal>((value) => value instanceof Object && "aborted" in value, "must be an AbortSignal"),
  ),
  probeTimeoutMs: v.optional(integerBetween(50, 120_000), 5000),
  staggerMs: v.optional(integerBetween(0, 10_000), 250),
});

const resourceSchema = v.looseObject({
  name: v.string("is required: pass a resource from getServerResources"),
  clientIdentifier: v.string("is required: pass a resource from getServerResources"),
  accessToken: v.pipe(
    v.string(
      "is required: the resource's own token, from getServerResources (the account token is never sent to a server's addresses)",
    ),
    v.minLength(1, "must not be empty"),
  ),
  connections: v.array(v.looseObject({ uri: v.string() }), "is required: pass a resource from getServerResources"),
});

interface Race {
  readonly winner: { readonly candidate: ConnectionCandidate; readonly latencyMs: number } | undefined;
  readonly attempts: ConnectionAttempt[];
}

/**
 * Probes the candidates tier by tier, each tier `staggerMs` after the one before (at once when every probe
 * started so far has failed), resolves with the first that works and aborts the rest: happy eyeballs.
 * The candidates of a tier start together, so a handful of black-holed local addresses (the usual case
 * away from home) costs one stagger step in all, not one timeout, nor one step each.
 */
function race(
  candidates: readonly ConnectionCandidate[],
  attempt: (candidate: ConnectionCandidate, signal: AbortSignal) => Promise<void>,
  staggerMs: number,
  signal: AbortSignal | undefined,
): Promise<Race> {
  return new Promise((resolve, reject) => {
    const controllers: AbortController[] = [];
    const outcomes: (string | undefined)[] = candidates.map(() => undefined);
    let next = 0;
    let running = 0;
    let settled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempts = () =>
      candidates.flatMap((candidate, index) => {
        const outcome = outcomes[index];
        return outcome === undefined ? [] : [{ uri: candidate.uri, outcome }];
      });
    const end = () => {
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
      for (const controller of controllers) controller.abort();
    };
    const onAbort = () => {
      if (settled) return;
      end();
      reject(new RequestAbortedError({ operation: "findServerConnection" }));
    };
    const run = (index: number) => {
      const candidate = candidates[index] as ConnectionCandidate;
      const controller = new AbortController();
      controllers.push(controller);
      running++;
      const startedAt = Date.now();
      attempt(candidate, controller.signal).then(
        () => {
          if (settled) return;
          end();
          resolve({ winner: { candidate, latencyMs: Date.now() - startedAt }, attempts: attempts() });
        },
        (error: unknown) => {
          running--;
          if (settled) return;
          outcomes[index] = probeOutcome(error);
          if (running > 0) return;
          if (next < candidates.length) startTier();
          else {
            end();
            resolve({ winner: undefined, attempts: attempts() });
          }
        },
      );
    };
    const startTier = () => {
      clearTimeout(timer);
      if (settled || next >= candidates.length) return;
      const tier = (candidates[next] as ConnectionCandidate).tier;
      while (next < candidates.length && (candidates[next] as ConnectionCandidate).tier === tier) run(next++);
      if (next < candidates.length) timer = setTimeout(startTier, staggerMs);
    };
    if (signal?.aborted) return onAbort();
    if (candidates.length === 0) return resolve({ winner: undefined, attempts: [] });
    signal?.addEventListener("abort", onAbort, { once: true });
    startTier();
  });
}

/**
 * Picks the connection to use for a server from `getServerResources`: its candidates in the order a person
 * would want them (local, then remote, then relay; no local ones for a server you do not own), probed with
 * the server's own `accessToken` on an endpoint that needs it, each tier one stagger step after the one
 * before rather than one candidate after another, the losers cancelled. Resolves with the first that reaches
 * the right server; rejects with `NoServerConnectionError` listing what each candidate did. The token is
 * only ever sent to that resource's own URIs, and never the account token.
 *
 * @example
 * ```ts
 * const server = (await plex.authentication.getServerResources()).find(isServer);
 * const connection = await findServerConnection(plex, server);
 * const onServer = createPlexAuth({ clientIdentifier, serverUrl: connection.uri, token: connection.accessToken });
 * ```
 */
export async function findServerConnection(
  core: PlexAuthCore,
  resource: PlexResource,
  options: FindServerConnectionOptions = {},
): Promise<ServerConnection> {
  const parsedOptions = check(optionsSchema, options);
  const parsedResource = check(resourceSchema, resource);
  if (!parsedOptions.success || !parsedResource.success) {
    const issues = [
      ...(parsedResource.success
        ? []
        : parsedResource.issues.map((issue) => ({ ...issue, path: `resource.${issue.path}` }))),
      ...(parsedOptions.success ? [] : parsedOptions.issues),
    ];
    throw new InvalidInputError({ where: "input of findServerConnection", issues, operation: "findServerConnection" });
  }
  const { signal, probeTimeoutMs, staggerMs } = parsedOptions.output as Required<FindServerConnectionOptions>;
  const token = resource.accessToken as string;
  const candidates = connectionCandidates(resource);
  const { winner, attempts } = await race(
    candidates,
    (candidate, probeSignal) =>
      probe(core, candidate.uri, token, resource.clientIdentifier, probeSignal, probeTimeoutMs),
    staggerMs,
    signal,
  );
  if (!winner)
    throw new NoServerConnectionError({ server: resource.name, attempts, operation: "findServerConnection" });
  const { candidate, latencyMs } = winner;
  return { uri: candidate.uri, accessToken: token, local: candidate.local, relay: candidate.relay, latencyMs };
}
