import type { AttemptSignal } from "./timeout.ts";

/**
 * Reads a body as text without ever holding more than `maxBytes` of it. A larger response (by its
 * `Content-Length` or as it streams) is cancelled, then either reported with `onTooLarge`, or, with
 * `"truncate"`, cut to its first `maxBytes`: enough for the excerpt of an error page, whose status
 * already says what went wrong.
 */
export async function readBodyCapped(
  response: Response,
  maxBytes: number,
  attempt: Pick<AttemptSignal, "race">,
  onTooLarge: (() => Error) | "truncate",
): Promise<string> {
  const length = response.headers.get("content-length");
  const declared = length === null ? Number.NaN : Number(length);
  if (onTooLarge !== "truncate" && declared > maxBytes) {
    cancelBody(response);
    throw onTooLarge();
  }
  if (!response.body) return "";
  // A declared length within the cap on an uncompressed body bounds what `text()` can buffer (the runtime
  // rejects a body longer than its Content-Length), and is cheaper than reading chunk by chunk.
  if (declared <= maxBytes && !response.headers.has("content-encoding")) {
    return attempt.race(response.text());
  }
  const reader = response.body.getReader();
  // One race for the whole read, not one per chunk: an abort rejects it at once, and cancelling the reader
  // ends the loop below, whose late result nobody reads.
  return attempt.race(readChunks(reader, maxBytes, onTooLarge)).catch((error: unknown) => {
    release(reader.cancel());
    throw error;
  });
}

async function readChunks(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
  onTooLarge: (() => Error) | "truncate",
): Promise<string> {
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      release(reader.cancel());
      if (onTooLarge !== "truncate") throw onTooLarge();
      chunks.push(value.subarray(0, value.byteLength - (received - maxBytes)));
      break;
    }
    chunks.push(value);
  }
  return decodeUtf8(chunks, Math.min(received, maxBytes));
}

let utf8: TextDecoder | undefined;

/** The chunks as one UTF-8 text, decoded once (one chunk, the usual case, is not copied). */
function decodeUtf8(chunks: readonly Uint8Array[], length: number): string {
  const [first] = chunks;
  if (chunks.length > 1) {
    const bytes = new Uint8Array(length);
    let offset = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return decodeUtf8([bytes], length);
  }
  utf8 ??= new TextDecoder();
  return first ? utf8.decode(first) : "";
}

/**
 * Cancellation is started, never awaited: cancelling one branch of a tee'd body (a cloned response, as
 * caching or intercepting fetch wrappers hand out) settles only once every branch is cancelled, which may
 * be never, and nothing we do next depends on it. Awaiting it once hung calls past their timeout.
 */
function release(cancelled: Promise<void>): void {
  // The stream may already be errored or locked; either way nothing more will be read from it.
  cancelled.catch(() => {});
}

/** Releases a body we will not read (a response about to be retried), so its connection can be reused. */
export function cancelBody(response: Response): void {
  if (response.body && !response.body.locked) release(response.body.cancel());
}
