/**
 * An injectable `fetch` double that records every call and answers from a script, so request-shape tests
 * need no network at all.
 */
import type { FetchLike } from "../../src/index.ts";

export interface FetchCall {
  readonly url: string;
  readonly init: RequestInit;
  /** The request headers, names lowercased, whatever shape `init.headers` had. */
  readonly headers: Record<string, string>;
  readonly body: string | undefined;
}

/** One scripted answer: a response, an error to reject with, or a function of the call. */
export type Answer = Response | Error | ((call: FetchCall, index: number) => Response | Promise<Response>);

export interface MockFetch {
  readonly fetch: FetchLike;
  readonly calls: FetchCall[];
}

/**
 * Answers the n-th call with the n-th answer; the last answer repeats. Responses are cloned per call, so a
 * repeated answer can be read each time.
 */
export function mockFetch(...answers: Answer[]): MockFetch {
  if (answers.length === 0) throw new Error("mockFetch needs at least one answer");
  const calls: FetchCall[] = [];
  const fetch: FetchLike = async (url, init) => {
    const headers = Object.fromEntries(
      [...new Headers(init.headers).entries()].map(([name, value]) => [name.toLowerCase(), value]),
    );
    const call: FetchCall = {
      url,
      init,
      headers,
      body: typeof init.body === "string" ? init.body : init.body == null ? undefined : String(init.body),
    };
    const index = calls.length;
    calls.push(call);
    const answer = answers[Math.min(index, answers.length - 1)] as Answer;
    if (answer instanceof Error) throw answer;
    if (typeof answer === "function") return answer(call, index);
    return answer.clone();
  };
  return { fetch, calls };
}

/** A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A text response (HTML, XML, plain text). */
export function text(
  status: number,
  body: string,
  contentType: string,
  headers: Record<string, string> = {},
): Response {
  return new Response(body, { status, headers: { "content-type": contentType, ...headers } });
}

/** What undici rejects with when a connection is refused: `TypeError("fetch failed")` wrapping the system error. */
export function connectionRefused(): TypeError {
  const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
  return new TypeError("fetch failed", { cause });
}

/** What undici rejects with when the server drops the connection mid-request: the request may have arrived. */
export function connectionReset(): TypeError {
  const cause = Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" });
  return new TypeError("fetch failed", { cause });
}

/** A `fetch` that never settles and ignores its signal, like a broken custom fetch. */
export const hangingFetch: FetchLike = () => new Promise<Response>(() => {});
