/**
 * Wraps the fetch of one JWT token source's client to see its refreshes from the wire: every request's
 * kind (a refresh's nonce, exchange or keys, or a call the token serves), who made it, the token and the
 * nonce it carried, when it started and ended (its body read to the end, cancelled or failed, its request
 * aborted, or the fetch rejected), what it answered, and how many refresh requests were in flight at once.
 */
import type { FetchLike } from "@plex-auth/core";
import { watched } from "../clients/watched-body.ts";

/**
 * The header that numbers a source's requests (1, 2, …), so that the mock's request log, which keeps
 * headers, tells which fault each one got.
 */
export const REQUEST_HEADER = "x-reliability-request";

export type RequestKind = "nonce" | "exchange" | "keys" | "call";

/** One request, as the client's fetch saw it. Times are `performance.now()`. */
export interface WireRequest {
  readonly seq: number;
  readonly kind: RequestKind;
  /** The round of the test it was sent in. */
  readonly round: number;
  /** The caller whose call sent it (its async context); a refresh's requests belong to whoever started it. */
  readonly caller: number | undefined;
  /** The `X-Plex-Token` it carried. */
  readonly token: string | null;
  /** An exchange's client JWT, and the nonce signed into it. */
  readonly clientJwt: string | undefined;
  readonly nonce: string | undefined;
  readonly startedAt: number;
  endedAt: number | undefined;
  /** The status answered; undefined when the fetch rejected (a reset) or never answered. */
  status: number | undefined;
  retryAfter: string | null;
  /** The body was read to its end: the client got the whole answer. */
  complete: boolean;
}

/** Told of each request as it starts and as its answer's headers arrive, before the client reads them. */
export interface WireListener {
  started?(request: WireRequest): void;
  answered?(request: WireRequest): void;
}

export interface RefreshWire {
  readonly fetch: FetchLike;
  readonly requests: readonly WireRequest[];
  /** The round stamped on the requests sent from now on. */
  round: number;
  /** The most refresh requests (nonce, exchange, keys) that were in flight at one moment. */
  readonly maxRefreshInFlight: () => number;
  /** Requests whose answer was neither read to the end nor cancelled, nor their request aborted. */
  readonly open: () => WireRequest[];
}

const KINDS: readonly [RegExp, RequestKind][] = [
  [/\/auth\/nonce$/, "nonce"],
  [/\/auth\/token$/, "exchange"],
  [/\/auth\/keys$/, "keys"],
];

function kindOf(url: string): RequestKind {
  const path = new URL(url).pathname;
  return KINDS.find(([pattern]) => pattern.test(path))?.[1] ?? "call";
}

/** The client JWT of an exchange's JSON body, and the nonce in its claims. */
function exchangeOf(body: unknown): Pick<WireRequest, "clientJwt" | "nonce"> {
  try {
    const { jwt } = JSON.parse(String(body)) as { jwt?: unknown };
    if (typeof jwt !== "string") return { clientJwt: undefined, nonce: undefined };
    const claims = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      nonce?: unknown;
    };
    return { clientJwt: jwt, nonce: typeof claims.nonce === "string" ? claims.nonce : undefined };
  } catch {
    return { clientJwt: undefined, nonce: undefined };
  }
}

export function refreshWire(inner: FetchLike, callerOf: () => number | undefined, listener: WireListener): RefreshWire {
  const requests: WireRequest[] = [];
  let refreshInFlight = 0;
  let maxRefreshInFlight = 0;
  const wire: RefreshWire = {
    requests,
    round: 0,
    maxRefreshInFlight: () => maxRefreshInFlight,
    open: () => requests.filter((request) => request.endedAt === undefined),
    fetch: async (url, init) => {
      const headers = new Headers(init.headers);
      const kind = kindOf(url);
      const request: WireRequest = {
        seq: requests.length + 1,
        kind,
        round: wire.round,
        caller: callerOf(),
        token: headers.get("x-plex-token"),
        ...(kind === "exchange" ? exchangeOf(init.body) : { clientJwt: undefined, nonce: undefined }),
        startedAt: performance.now(),
        endedAt: undefined,
        status: undefined,
        retryAfter: null,
        complete: false,
      };
      requests.push(request);
      headers.set(REQUEST_HEADER, String(request.seq));
      const counted = kind !== "call";
      if (counted) maxRefreshInFlight = Math.max(maxRefreshInFlight, ++refreshInFlight);
      const end = (text: string | undefined) => {
        if (request.endedAt !== undefined) return;
        request.endedAt = performance.now();
        request.complete = text !== undefined;
        if (counted) refreshInFlight--;
      };
      listener.started?.(request);
      // Whatever else happens, an aborted request is over for the client (a timeout, the caller's signal).
      init.signal?.addEventListener("abort", () => end(undefined), { once: true });
      try {
        const response = await inner(url, { ...init, headers: Object.fromEntries(headers) });
        request.status = response.status;
        request.retryAfter = response.headers.get("retry-after");
        listener.answered?.(request);
        if (!response.body) {
          end("");
          return response;
        }
        const { status, statusText, headers: answered } = response;
        return new Response(watched(response.body, end), { status, statusText, headers: answered });
      } catch (error) {
        end(undefined);
        throw error;
      }
    },
  };
  return wire;
}
