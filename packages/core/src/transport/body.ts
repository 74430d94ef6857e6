import { untilAborted } from "./timeout.ts";

/**
 * Reads a body as text without ever holding more than `maxBytes` of it: a response that is larger (by its
 * `Content-Length` or as it streams) is cancelled and reported instead of being buffered whole.
 */
export async function readBodyCapped(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  onTooLarge: () => Error,
): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await cancelBody(response);
    throw onTooLarge();
  }
  if (!response.body) return "";
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  let received = 0;
  for (;;) {
    const { done, value } = await untilAborted(reader.read(), signal).catch(async (error: unknown) => {
      await reader.cancel().catch(() => {});
      throw error;
    });
    if (done) break;
    received += value.byteLength;
    if (received > maxBytes) {
      await reader.cancel().catch(() => {});
      throw onTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** Releases a body we will not read (a response about to be retried), so its connection can be reused. */
export async function cancelBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The stream may already be errored or locked; either way nothing more will be read from it.
  }
}
