/**
 * Wraps a fetch to see a poller from the wire: when each PIN poll started and ended (its body read to the
 * end, cancelled or failed, its request aborted, or the fetch rejected), what it answered, and how many
 * polls were in flight at once.
 */
import type { FetchLike } from "@plex-auth/core";
import { watched } from "../clients/watched-body.ts";

/** One PIN poll, as the client's fetch saw it. Times are `Date.now()`, the clock the wait itself reads. */
export interface Poll {
  readonly startedAt: number;
  endedAt: number | undefined;
  /** The status answered; undefined when the fetch rejected (a reset) or never answered (a delay). */
  status: number | undefined;
  retryAfter: string | null;
  /** The body was read to its end: the client got the whole answer. */
  complete: boolean;
  /** What a complete 200 said of the PIN's expiry: its countdown (`expiresIn`, seconds) and its date. */
  expiresIn: number | undefined;
  expiresAt: string | undefined;
}

export interface PollTracker {
  readonly fetch: FetchLike;
  readonly polls: readonly Poll[];
  /** The most polls that were in flight at one moment. */
  readonly maxInFlight: () => number;
}

const POLL = /\/pins\/\d+$/;

/** A PIN's `expiresIn` and `expiresAt` from a poll's JSON body, as far as it has them. */
function expiryIn(text: string): Pick<Poll, "expiresIn" | "expiresAt"> {
  try {
    const { expiresIn, expiresAt } = JSON.parse(text) as { expiresIn?: unknown; expiresAt?: unknown };
    return {
      expiresIn: typeof expiresIn === "number" ? expiresIn : undefined,
      expiresAt: typeof expiresAt === "string" ? expiresAt : undefined,
    };
  } catch {
    return { expiresIn: undefined, expiresAt: undefined };
  }
}

export function pollTracker(inner: FetchLike): PollTracker {
  const polls: Poll[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch: FetchLike = async (url, init) => {
    if (init.method !== "GET" || !POLL.test(new URL(url).pathname)) return inner(url, init);
    const poll: Poll = {
      startedAt: Date.now(),
      endedAt: undefined,
      status: undefined,
      retryAfter: null,
      complete: false,
      expiresIn: undefined,
      expiresAt: undefined,
    };
    polls.push(poll);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const end = (text: string | undefined) => {
      if (poll.endedAt !== undefined) return;
      poll.endedAt = Date.now();
      poll.complete = text !== undefined;
      if (poll.status === 200 && text !== undefined) Object.assign(poll, expiryIn(text));
      inFlight--;
    };
    // Whatever else happens, an aborted request is over for the poller (a timeout, the caller's signal).
    init.signal?.addEventListener("abort", () => end(undefined), { once: true });
    try {
      const response = await inner(url, init);
      poll.status = response.status;
      poll.retryAfter = response.headers.get("retry-after");
      if (!response.body) {
        end("");
        return response;
      }
      const { status, statusText, headers } = response;
      return new Response(watched(response.body, end), { status, statusText, headers });
    } catch (error) {
      end(undefined);
      throw error;
    }
  };
  return { fetch, polls, maxInFlight: () => maxInFlight };
}
