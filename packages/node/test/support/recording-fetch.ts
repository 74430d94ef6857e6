import { readFileSync } from "node:fs";
import type { FetchLike } from "../../src/index.ts";

/** A spec example payload, e.g. `example("get_token_details.200.json")`. */
export function example(name: string): string {
  return readFileSync(new URL(`../../../../spec/plex-api/examples/${name}`, import.meta.url), "utf8");
}

export interface RecordedRequest {
  readonly url: string;
  readonly headers: Headers;
}

/** A fetch that answers every request with `response()` and remembers what it was asked. */
export function recordingFetch(response: () => Response): { fetch: FetchLike; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const fetch: FetchLike = async (url, init) => {
    requests.push({ url, headers: new Headers(init.headers) });
    return response();
  };
  return { fetch, requests };
}

/** A 200 with the example account, as plex.tv answers `GET /user`. */
export function accountResponse(): Response {
  return new Response(example("get_token_details.200.json"), {
    status: 200,
    headers: { "content-type": "application/json" },
  });
}
