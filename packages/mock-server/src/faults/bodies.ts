import { listToXml, toXml } from "../render/xml.ts";
import type { MalformedBodyKind } from "./types.ts";

const DEFAULT_OVERSIZED_BYTES = 5 * 1024 * 1024;
const OVERSIZED_CHUNK_BYTES = 64 * 1024;
const DEFAULT_DRIP_CHUNK_BYTES = 16;
const DEFAULT_DRIP_INTERVAL_MS = 50;

function headersWithout(response: Response, ...names: string[]): Headers {
  const headers = new Headers(response.headers);
  for (const name of ["content-length", ...names]) headers.delete(name);
  return headers;
}

function withBody(response: Response, body: BodyInit | null, contentType?: string): Response {
  const headers = headersWithout(response);
  if (contentType) headers.set("content-type", contentType);
  return new Response(body, { status: response.status, headers });
}

/** Errors the stream when the request is aborted, as a real connection does, and runs `cleanup` once. */
function onAbort(signal: AbortSignal, controller: ReadableStreamDefaultController, cleanup: () => void): void {
  const stop = () => {
    cleanup();
    try {
      controller.error(signal.reason);
    } catch {
      // Already closed or errored.
    }
  };
  if (signal.aborted) stop();
  else signal.addEventListener("abort", stop, { once: true });
}

/** The real status and headers, then a body that sends nothing more until the caller gives up. */
export function stallBody(response: Response, signal: AbortSignal): Response {
  void response.body?.cancel();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      // A first byte, so the stall is in the middle of the body rather than before it.
      controller.enqueue(new TextEncoder().encode("{"));
      onAbort(signal, controller, () => {});
    },
  });
  return withBody(response, stream);
}

/** The real response, its body trickling out a few bytes at a time. */
export async function slowDrip(
  response: Response,
  signal: AbortSignal,
  chunkBytes: number = DEFAULT_DRIP_CHUNK_BYTES,
  intervalMs: number = DEFAULT_DRIP_INTERVAL_MS,
): Promise<Response> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  let offset = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort(signal, controller, () => clearTimeout(timer));
    },
    pull(controller) {
      return new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          if (signal.aborted) return resolve();
          controller.enqueue(bytes.slice(offset, offset + chunkBytes));
          offset += chunkBytes;
          if (offset >= bytes.byteLength) controller.close();
          resolve();
        }, intervalMs);
      });
    },
    cancel() {
      clearTimeout(timer);
    },
  });
  return withBody(response, bytes.byteLength === 0 ? null : stream);
}

/** The real status with a body that is not the JSON the client expects. */
export async function malformedBody(response: Response, kind: MalformedBodyKind): Promise<Response> {
  const original = await response.text();
  const bodies: Record<MalformedBodyKind, string> = {
    "truncated-json": original.slice(0, Math.max(1, Math.floor(original.length / 2))),
    "not-json": "this is not JSON",
    empty: "",
    null: "null",
    "wrong-shape": '{"unexpected":true}',
  };
  return withBody(response, bodies[kind], "application/json; charset=utf-8");
}

/** The real status with the XML rendering of the JSON body, as if the Accept header had been dropped. */
export async function xmlBody(response: Response, xmlRoot: string): Promise<Response> {
  const original = await response.text();
  let data: unknown;
  try {
    data = JSON.parse(original);
  } catch {
    return withBody(response, original, "application/xml; charset=utf-8");
  }
  // A top-level array (`/resources`) is a list element of its own.
  if (Array.isArray(data)) return withBody(response, listToXml(xmlRoot, data), "application/xml; charset=utf-8");
  const record = typeof data === "object" && data !== null ? (data as Record<string, unknown>) : {};
  // A `MediaContainer` body is its own root element in XML.
  const inner = record.MediaContainer;
  const xml =
    xmlRoot === "MediaContainer" && typeof inner === "object" && inner !== null
      ? toXml("MediaContainer", inner as Record<string, unknown>)
      : toXml(xmlRoot, record);
  return withBody(response, xml, "application/xml; charset=utf-8");
}

/** The real status with an HTML page, as a captive portal or a misconfigured proxy sends. */
export function htmlBody(response: Response): Response {
  void response.body?.cancel();
  return withBody(
    response,
    "<!DOCTYPE html><html><head><title>Network login</title></head><body><p>Please sign in to continue.</p></body></html>",
    "text/html; charset=utf-8",
  );
}

/** The real status with a JSON-looking body far larger than any Plex answer, streamed without a length. */
export function oversizedBody(
  response: Response,
  signal: AbortSignal,
  bytes: number = DEFAULT_OVERSIZED_BYTES,
): Response {
  void response.body?.cancel();
  const encoder = new TextEncoder();
  let sent = 0;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      onAbort(signal, controller, () => {});
    },
    pull(controller) {
      if (signal.aborted) return;
      const size = Math.min(OVERSIZED_CHUNK_BYTES, bytes - sent);
      const chunk = (sent === 0 ? `{"padding":"${"x".repeat(size)}` : "x".repeat(size)).slice(0, size);
      controller.enqueue(encoder.encode(chunk));
      sent += size;
      if (sent >= bytes) controller.close();
    },
  });
  return withBody(response, stream, "application/json; charset=utf-8");
}
