import type { CommandContext } from "../../context.ts";

/**
 * While the code is shown, Enter opens the browser (once). The wait does not depend on it: a person who
 * approves on a phone never presses anything. Returns the function that stops listening, so stdin no longer
 * keeps the process alive.
 */
export function openOnEnter(context: CommandContext, open: () => void): () => void {
  const { stdin } = context.io;
  let opened = false;
  const onData = (chunk: Buffer | string) => {
    if (opened || !/[\r\n]/.test(String(chunk))) return;
    opened = true;
    open();
  };
  stdin.on("data", onData);
  stdin.resume();
  return () => {
    stdin.off("data", onData);
    stdin.pause();
  };
}
