import { renderUnicodeCompact } from "uqr";
import type { OutputStream } from "../io.ts";

/**
 * A QR code of `text` in half-block characters (two rows a line), for a phone's camera; `undefined` when
 * the stream is not a terminal wide enough to show it, or the terminal is dumb.
 */
export function terminalQrCode(
  text: string,
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): string | undefined {
  if (stream.isTTY !== true || env.TERM === "dumb") return undefined;
  const code = renderUnicodeCompact(text);
  const width = code.split("\n")[0]?.length ?? 0;
  return (stream.columns ?? 80) >= width ? code : undefined;
}
