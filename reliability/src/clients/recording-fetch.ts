import type { FetchLike } from "@plex-auth/core";
import { entry } from "../stats.ts";

/**
 * The header that numbers a client's requests (1, 2, … per client identifier), so that the mock's request
 * log, which keeps headers, tells which of its entries is which attempt, even when one never reached it.
 */
export const ATTEMPT_HEADER = "x-reliability-attempt";

/** What the client saw for one request it sent. */
export interface Seen {
  /** Its number among this client's requests, as sent in ATTEMPT_HEADER. */
  attempt: number;
  status: number | undefined;
  retryAfter: string | null | undefined;
  rejected: boolean;
}

/**
 * Wraps a fetch to record, per `X-Plex-Client-Identifier`, the status and `Retry-After` of every response
 * (or that it rejected), in the order the requests were sent, each numbered in ATTEMPT_HEADER. Joined
 * with the mock's request log by that number, it tells what each attempt of a call got.
 */
export function recordingFetch(inner: FetchLike, seen: Map<string, Seen[]>): FetchLike {
  return async (url, init) => {
    const headers = new Headers(init.headers);
    const sent = entry(seen, headers.get("x-plex-client-identifier") ?? "", () => []);
    const record: Seen = { attempt: sent.length + 1, status: undefined, retryAfter: undefined, rejected: false };
    sent.push(record);
    headers.set(ATTEMPT_HEADER, String(record.attempt));
    try {
      const response = await inner(url, { ...init, headers: Object.fromEntries(headers) });
      record.status = response.status;
      record.retryAfter = response.headers.get("retry-after");
      return response;
    } catch (error) {
      record.rejected = true;
      throw error;
    }
  };
}
