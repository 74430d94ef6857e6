import type { FetchLike } from "@plex-auth/core";
import { entry } from "../stats.ts";

/** What the client saw for one request it sent. */
export interface Seen {
  status: number | undefined;
  retryAfter: string | null | undefined;
  rejected: boolean;
}

/**
 * Wraps a fetch to record, per `X-Plex-Client-Identifier`, the status and `Retry-After` of every response
 * (or that it rejected), in the order the requests were sent. Joined with the mock's request log, it tells
 * what each attempt of a call got.
 */
export function recordingFetch(inner: FetchLike, seen: Map<string, Seen[]>): FetchLike {
  return async (url, init) => {
    const id = new Headers(init.headers).get("x-plex-client-identifier") ?? "";
    const record: Seen = { status: undefined, retryAfter: undefined, rejected: false };
    entry(seen, id, () => []).push(record);
    try {
      const response = await inner(url, init);
      record.status = response.status;
      record.retryAfter = response.headers.get("retry-after");
      return response;
    } catch (error) {
      record.rejected = true;
      throw error;
    }
  };
}
