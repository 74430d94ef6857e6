import type { OutputStream } from "../io.ts";

/**
 * A QR code of `text` in half-block characters (two rows a line), for a phone's camera; `undefined` when
 * the stream is not a terminal wide enough to show it, or the terminal is dumb. The QR library is loaded
 * here, on first use, as the prompts and the spinner are: loading all three at start was about 25 ms of
 * every command's start, `--version` and `token` included.
 */
export async function terminalQrCode(
  text: string,
  stream: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string | undefined> {
  if (stream.isTTY !== true || env.TERM === "dumb") return undefined;
  const { renderUnicodeCompact } = await import("uqr");
  const code = renderUnicodeCompact(text);
  const width = code.split("\n")[0]?.length ?? 0;
  return (stream.columns ?? 80) >= width ? code : undefined;
}
