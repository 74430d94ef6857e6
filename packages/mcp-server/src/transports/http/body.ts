import type { IncomingMessage } from "node:http";
import type { Rejection } from "./guards.ts";

/** The largest JSON-RPC message accepted. The biggest legitimate one here is well under 10 KB. */
export const MAX_BODY_BYTES: number = 1024 * 1024;

/** A parsed body, or why there is none. */
export type BodyResult =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly rejection: Rejection };

function tooLarge(maxBytes: number): BodyResult {
  // The rest of the body is never read: the connection closes after the answer.
  return {
    ok: false,
    rejection: {
      status: 413,
      message: `Payload too large: at most ${maxBytes} bytes`,
      headers: { Connection: "close" },
    },
  };
}

/**
 * Reads and parses a JSON request body, refusing more than `maxBytes` (it stops reading there, so a huge
 * body costs nothing) and anything that is not JSON.
 */
export function readJsonBody(request: IncomingMessage, maxBytes: number = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = Number(request.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve(tooLarge(maxBytes));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      request.off("data", onData);
      request.pause();
      resolve(tooLarge(maxBytes));
    };
    request.on("data", onData);
    request.once("error", () => resolve({ ok: false, rejection: { status: 400, message: "Bad request body" } }));
    request.once("end", () => {
      try {
        resolve({ ok: true, value: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      } catch {
        resolve({ ok: false, rejection: { status: 400, message: "Parse error: the body is not valid JSON" } });
      }
    });
  });
}
