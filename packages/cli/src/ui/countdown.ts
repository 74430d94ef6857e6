import type { OutputStream } from "../io.ts";

/** A line that shows how long is left, redrawn every second; `stop` leaves nothing running. */
export interface Countdown {
  /** Moves the deadline (the PIN's own countdown, read at each poll). */
  update(remainingMs: number): void;
  stop(): void;
}

/** `14:05`. */
export function minutesAndSeconds(ms: number): string {
  const seconds = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * A spinner on a terminal (`label(timeLeft)` beside it), nothing elsewhere: in a pipe or a CI log a line a
 * second would be noise. The spinner never handles signals itself: Ctrl-C belongs to the command. Its
 * library is loaded on first use (see ui/qr.ts).
 */
export async function startCountdown(
  stream: OutputStream,
  label: (timeLeft: string) => string,
  remainingMs: number,
): Promise<Countdown> {
  if (stream.isTTY !== true) return { update() {}, stop() {} };
  const { default: yoctoSpinner } = await import("yocto-spinner");
  let deadline = Date.now() + remainingMs;
  const text = () => label(minutesAndSeconds(deadline - Date.now()));
  const spinner = yoctoSpinner({ text: text(), stream, handleSignals: false }).start();
  const timer = setInterval(() => {
    spinner.text = text();
  }, 1000);
  return {
    update(remaining) {
      deadline = Date.now() + remaining;
      spinner.text = text();
    },
    stop() {
      clearInterval(timer);
      spinner.stop();
    },
  };
}
